import Foundation
import Serialization

/// What a dataset root holds on this machine: its image folder and the image ids in it, the ground-truth files
/// present, and the complete image list the ground truth implies. `DatasetStatus` and `DatasetVerification` are
/// built on it; nothing here throws for a missing or incomplete dataset, which is what they report.
struct DatasetInventory {
    var source: DatasetSource
    var root: URL
    var rootExists: Bool
    /// The image folder relative to the root (`jpg/`, `jpg_rotated/`, `full/`, `images/` or `""`).
    var imageFolder: String
    /// Ids of the images found (see `DatasetChecksum.imageList` for the id rule).
    var imageIDs: Set<String>
    /// The complete image list implied by the ground truth found (or by UKBench's naming rule), nil when unknown.
    var expectedIDs: Set<String>?
    /// Where `expectedIDs` comes from (a file name or `the naming rule`).
    var expectedFrom: String?

    init(source: DatasetSource, root: URL) {
        self.source = source
        self.root = root
        let fm = FileManager.default
        rootExists = fm.fileExists(atPath: root.path)
        imageFolder = ""
        imageIDs = []
        guard rootExists else { return }
        switch source.adapter {
        case .landmark:
            imageFolder = LandmarkDataset.imageFolder(root)
            let recursive = source.name.hasSuffix("105k") || source.name.hasSuffix("106k")
            imageIDs = Self.jpegStems(in: root.appendingPathComponent(imageFolder), recursive: recursive)
            (expectedIDs, expectedFrom) = Self.landmarkList(source.name, root: root)
        case .grouped:
            imageFolder = GroupedImageDataset.imageFolder(name: source.name, root: root)
            imageIDs = Self.jpegStems(in: root.appendingPathComponent(imageFolder), recursive: false)
            if source.name == "ukbench" {
                expectedIDs = Set((0..<10_200).map { String(format: "ukbench%05d", $0) })
                expectedFrom = "the naming rule ukbench00000 … ukbench10199"
            } else if let names = Self.matFeatureNames(root.appendingPathComponent("gnd_holidays.mat")) {
                (expectedIDs, expectedFrom) = (Set(names), "gnd_holidays.mat")
            }
        case .manifest, .generated:
            if let listed = Self.manifestImages(root) {
                expectedIDs = Set(listed)
                expectedFrom = "groundtruth.csv"
                imageIDs = Set(listed.filter { fm.fileExists(atPath: root.appendingPathComponent($0).path) })
            }
        }
    }

    /// The shipped ground-truth files present in `folder` (the root, or a separate ground-truth folder), with their
    /// computed checksums.
    func groundTruth(in folder: URL) -> [(file: DatasetSource.GroundTruthFile, sha256: String)] {
        source.groundTruth.compactMap { file in
            DatasetChecksum.groundTruth(folder.appendingPathComponent(file.path)).map { (file, $0) }
        }
    }

    /// Ground-truth files the adapter reads that are present in `folder` but have no shipped checksum
    /// (revisitop's pickles, a Paris `gt_files/` folder, `distractors.txt`).
    func unshippedGroundTruth(in folder: URL) -> [String] {
        let base = ["oxford105k": "oxford5k", "paris106k": "paris6k"][source.name] ?? source.name
        let candidates = ["gnd_\(base).pkl", "gt_files", "gt_files_170407", DistractorList.fileName]
        return candidates.filter { name in
            !source.groundTruth.contains { $0.path == name }
                && FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path)
        }
    }

    /// `.jpg` file names without the suffix (and without folders), under `folder`.
    static func jpegStems(in folder: URL, recursive: Bool) -> Set<String> {
        let fm = FileManager.default
        if !recursive {
            let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            return Set(names.filter { $0.hasSuffix(".jpg") }.map { String($0.dropLast(4)) })
        }
        var stems = Set<String>()
        let enumerator = fm.enumerator(atPath: folder.path)
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".jpg") { stems.insert(String((path as NSString).lastPathComponent.dropLast(4))) }
        }
        return stems
    }

    /// The complete image list of a landmark dataset from the first readable ground truth in `root`: a pickle's
    /// `imlist ∪ qimlist` (revisitop's queries are not in `imlist`), or a `.mat` file's `feature_name`.
    static func landmarkList(_ name: String, root: URL) -> (Set<String>?, String?) {
        let base = ["oxford105k": "oxford5k", "paris106k": "paris6k"][name] ?? name
        let mats = [LandmarkGroundTruth.matFileNames[name], LandmarkGroundTruth.matFileNames[base]].compactMap { $0 }
        if base == name, let gt = try? LandmarkGroundTruth.pickle(root.appendingPathComponent("gnd_\(name).pkl"), dataset: name) {
            return (Set(gt.images + gt.queries.map(\.image)), "gnd_\(name).pkl")
        }
        for mat in mats.prefix(1) {
            if let names = matFeatureNames(root.appendingPathComponent(mat)) { return (Set(names), mat) }
        }
        return (nil, nil)
    }

    /// `feature_name` of a MAT v5 ground truth (Holidays, Oxford, Paris, 105k/106k), nil when absent or unreadable.
    static func matFeatureNames(_ url: URL) -> [String]? {
        guard FileManager.default.fileExists(atPath: url.path), let mat = try? MATFile(contentsOf: url),
              let cells = mat["feature_name"]?.cells else { return nil }
        let names = cells.compactMap(\.string)
        return names.count == cells.count ? names : nil
    }

    /// The `image` column of `root/groundtruth.csv`, nil when absent.
    static func manifestImages(_ root: URL) -> [String]? {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent("groundtruth.csv").path) else {
            return nil
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              let column = header.firstIndex(of: "image") else { return nil }
        return lines.dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields.count > column ? String(fields[column]) : nil
        }
    }
}
