import Foundation
import RetrievalCore

/// Oxford5k / Paris6k (Philbin et al. 2007, 2008; protocol `standard`: positives good ∪ ok, junk removed from the
/// ranking's evaluation) and ROxford5k / RParis6k (Radenović et al. 2018; protocols `easy`, `medium`, `hard`, mapped
/// by `RetrievalCore.RevisitedProtocol`), plus Oxford105k / Paris106k (the standard ground truth with the 100k Flickr
/// distractors added to the database, see `DistractorList`).
///
/// Layout of `root`:
/// - images as `<name>.jpg` in `jpg/`, `images/` or `root` itself (the first that exists);
/// - ground truth, the first found of: `gnd_<dataset>.pkl`; for the standard datasets `gnd_<dataset>.mat` (MAT v5),
///   then a `gt_files_170407/` (or `gt_files/`) folder of text files, whose database is then every `.jpg` of the image
///   folder. Oxford105k / Paris106k: the base dataset's ground truth (same files, `oxford5k`/`paris6k` names) plus
///   `distractors.txt` (see `DistractorList`), or, without that list, the published `gnd_Oxford105k.mat` /
///   `gnd_Paris106k.mat`, which holds base images and distractors in one list.
///
/// The database is in ascending image-name order whatever the source (the pickle's `imlist` and the MAT file's
/// `feature_name` orders are not kept; distractors are sorted in with the rest), so every form of the same ground
/// truth gives the same `Benchmark`, indices and identity. Queries keep their ground-truth order
/// and carry their crop box (`RetrievalQuery.crop`); the crop is applied downstream, before description. The query
/// image stays in the database (and is a positive of its own query, as in the published protocol); revisitop's
/// query images are not in its `imlist` (ROxford5k: 4,993 database images + 70 queries) and are read from the image
/// folder without joining the database. An image missing from the image folder but present in a folder below it
/// is reported as `DatasetError.nestedImages`, naming the fix.
public enum LandmarkDataset {
    /// The image folder of `root`, relative (`jpg/`, `images/`, or `""` for the root itself).
    static func imageFolder(_ root: URL) -> String {
        ["jpg", "images"].first { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
            .map { $0 + "/" } ?? ""
    }

    /// Loads `name` under `protocolName` from `root` (see the type's documentation for the layout).
    public static func benchmark(name: String, root: URL, protocolName: String) throws -> Benchmark {
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw DatasetError.missingRoot(dataset: name, path: root.path)
        }
        let revisited = name.hasPrefix("r")
        let protocols = revisited ? RevisitedProtocol.allCases.map(\.rawValue) : ["standard"]
        guard protocols.contains(protocolName) else {
            throw DatasetError.unknownProtocol(dataset: name, name: protocolName, known: protocols)
        }
        let base = ["oxford105k": "oxford5k", "paris106k": "paris6k"][name] ?? name
        let folder = imageFolder(root)
        func existing(_ file: String?) -> URL? {
            file.map { root.appendingPathComponent($0) }.flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
        }
        let pickle = root.appendingPathComponent("gnd_\(base).pkl")
        let hasList = existing(DistractorList.fileName) != nil
        var distractors: [DistractorList.Item] = []
        let groundTruth: LandmarkGroundTruth
        let groundTruthFile: String
        if base != name, !hasList, let mat = existing(LandmarkGroundTruth.matFileNames[name]) {
            // The published 105k/106k file: base images and distractors in one feature_name list.
            groundTruth = try LandmarkGroundTruth.mat(mat, dataset: name)
            groundTruthFile = mat.lastPathComponent
        } else {
            if base != name { distractors = try DistractorList.read(dataset: name, root: root, imageFolder: folder) }
            if FileManager.default.fileExists(atPath: pickle.path) {
                groundTruth = try LandmarkGroundTruth.pickle(pickle, dataset: name)
                groundTruthFile = pickle.lastPathComponent
            } else if !revisited, let mat = existing(LandmarkGroundTruth.matFileNames[base]) {
                groundTruth = try LandmarkGroundTruth.mat(mat, dataset: name)
                groundTruthFile = mat.lastPathComponent
            } else if !revisited, let text = (["gt_files_170407", "gt_files"] as [String]).first(where: { existing($0) != nil }) {
                let inDistractors = Set(distractors.map(\.id))
                let images = (try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path))
                    .filter { $0.hasSuffix(".jpg") }.map { String($0.dropLast(4)) }.filter { !inDistractors.contains($0) }
                groundTruth = try LandmarkGroundTruth.textFiles(root.appendingPathComponent(text), dataset: name,
                                                                images: images)
                groundTruthFile = text
            } else {
                throw DatasetError.missingFile(dataset: name, path: pickle.path)
            }
        }
        return try benchmark(groundTruth, name: name, protocolName: protocolName, root: root, imageFolder: folder,
                             groundTruthFile: groundTruthFile, distractors: distractors)
    }

    /// The benchmark of a loaded ground truth. Every image named by `gt` (and every distractor) must exist as
    /// `root/imageFolder/<name>.jpg`; `groundTruthFile` names the source in messages when `gt` has no per-image source.
    public static func benchmark(_ gt: LandmarkGroundTruth, name: String, protocolName: String, root: URL,
                                 imageFolder: String, groundTruthFile: String,
                                 distractors: [DistractorList.Item] = []) throws -> Benchmark {
        let folderURL = root.appendingPathComponent(imageFolder)
        /// A missing image, or, when it lies in a folder below the image folder, the nested layout with its fix.
        func missing(_ image: String, listedIn: String, spelled: String) -> DatasetError {
            if let nested = ImageLayout.nestedFolder(of: "\(image).jpg", below: root, folder: imageFolder) {
                return .nestedImages(dataset: name, image: "\(image).jpg", folder: imageFolder, nestedIn: nested,
                                     root: root.path)
            }
            return .missingImage(dataset: name, listedIn: listedIn, image: spelled, folder: imageFolder, root: root.path)
        }
        func record(_ image: String, listedIn: String, spelled: String) throws -> ImageRecord {
            let url = folderURL.appendingPathComponent("\(image).jpg")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw missing(image, listedIn: listedIn, spelled: spelled)
            }
            return ImageRecord(id: image, url: url)
        }
        let inGroundTruth = Set(gt.images)
        var distractorSource: [String: DistractorList.Item] = [:]
        for item in distractors {
            guard !inGroundTruth.contains(item.id) else {
                throw DatasetError.malformed(file: item.file, line: item.line,
                                             problem: "distractor \(item.id) is also an image of the ground truth")
            }
            distractorSource[item.id] = item
        }
        let sorted = (gt.images + distractors.map(\.id)).sorted()
        var index: [String: Int] = [:]
        for (i, image) in sorted.enumerated() { index[image] = i }
        let database = try sorted.map { id in
            if let item = distractorSource[id] { return try record(id, listedIn: "\(item.fileName):\(item.line)", spelled: id) }
            return try record(id, listedIn: groundTruthFile, spelled: id)
        }
        var queries: [RetrievalQuery] = []
        var warnings: [String] = []
        for q in gt.queries {
            func lookup(_ image: String) throws -> Int {
                if let item = distractorSource[image] {
                    throw DatasetError.malformed(file: item.file, line: item.line,
                                                 problem: "distractor \(image) is also an image of the ground truth")
                }
                if let i = index[image] { return i }
                let source = q.sources[image] ?? LandmarkGroundTruth.Source(file: groundTruthFile, spelled: image)
                throw missing(image, listedIn: source.file, spelled: source.spelled)
            }
            // revisitop's queries are not in `imlist` (ROxford5k: 4,993 + 70): such a query image is read from the
            // image folder and is not part of the database.
            let queryImage: ImageRecord
            if index[q.image] == nil, !distractorSource.keys.contains(q.image), q.hard != nil {
                let source = q.sources[q.image] ?? LandmarkGroundTruth.Source(file: groundTruthFile, spelled: q.image)
                queryImage = try record(q.image, listedIn: source.file, spelled: source.spelled)
            } else {
                queryImage = database[try lookup(q.image)]
            }
            // Sorted so that the first missing image reported is the same on every run.
            func indices(_ names: Set<String>) throws -> Set<Int> { Set(try names.sorted().map(lookup)) }
            let positives = try indices(q.positives), junk = try indices(q.junk)
            let judgement: RelevanceJudgement
            if let hard = q.hard {
                guard let p = RevisitedProtocol(rawValue: protocolName) else {
                    throw DatasetError.unknownProtocol(dataset: name, name: protocolName,
                                                       known: RevisitedProtocol.allCases.map(\.rawValue))
                }
                judgement = p.judgement(easy: positives, hard: try indices(hard), junk: junk)
            } else {
                judgement = RelevanceJudgement(positives: positives, junk: junk.subtracting(positives))
            }
            if judgement.positives.isEmpty {
                warnings.append("\(name): query \(q.name) (\(q.image)) has no positive under protocol '\(protocolName)'; "
                                + "its AP is undefined (stored as NULL, counted as dropped)")
            }
            queries.append(RetrievalQuery(id: q.name, image: queryImage, crop: q.box, judgement: judgement))
        }
        guard queries.contains(where: { !$0.judgement.positives.isEmpty }) else {
            throw DatasetError.noQueries(dataset: name, protocolName: protocolName)
        }
        return Benchmark(name: name, protocolName: protocolName, database: database, queries: queries, warnings: warnings)
    }
}
