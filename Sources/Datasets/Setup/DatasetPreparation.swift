import Foundation

/// `cbir datasets prepare NAME --from ARCHIVE_OR_DIR … --root DIR`: lays the authors' archives out as
/// `DatasetCatalog.load` reads them, linking instead of copying.
///
/// | dataset | sources (as published) | layout written under `root` |
/// |---|---|---|
/// | `oxford5k`, `roxford5k` | `oxbuild_images.tgz`, `gt_files_170407.tgz`, `gnd_oxford5k.pkl` / `gnd_roxford5k.pkl` | `jpg/*.jpg`, `gt_files_170407/*.txt`, `gnd_*.pkl` |
/// | `paris6k`, `rparis6k` | `paris_1.tgz`, `paris_2.tgz` (`paris/<landmark>/*.jpg`), `paris_120310.tgz`, `gnd_*.pkl` | `jpg/*.jpg` flattened, without the 20 files of the authors' `corrupt.txt`; `gt_files/*.txt` |
/// | `holidays` | `holidays_rotated.tar.gz` (or any folder of upright images with `--rotated`), `gnd_holidays.mat` | `jpg_rotated/NNNNNN.jpg` |
/// | `ukbench` | the `full/` folder of `ukbench.zip` | `full/ukbenchNNNNN.jpg` |
/// | `oxford105k`, `paris106k` | the base dataset's sources, plus the extracted Flickr100k folder (a source whose name contains `100k` or `flickr`) | the base layout, `jpg/flickr100k/<path in the source>.jpg`, `distractors.txt` listing them |
///
/// A folder source is linked file by file (absolute symbolic links); a `.tgz` / `.tar.gz` / `.tar` archive is first
/// extracted with `/usr/bin/tar` into `root/.archives/<archive name>/` (once) and linked from there; a `.zip` with
/// `/usr/bin/unzip`. Existing links are replaced, existing regular files kept. The Flickr100k RAR volumes are not
/// read: extract them (`unrar x oxc1_100k.part01.rar`) and pass the folder.
public enum DatasetPreparation {
    /// The 20 files of Paris6k that are not images (`https://www.robots.ox.ac.uk/~vgg/data/parisbuildings/corrupt.txt`;
    /// none of them is in `gnd_paris6k.pkl`, checked in the tests).
    public static let parisCorrupt: Set<String> = [
        "paris_louvre_000136", "paris_louvre_000146", "paris_moulinrouge_000422", "paris_museedorsay_001059",
        "paris_notredame_000188", "paris_pantheon_000284", "paris_pantheon_000960", "paris_pantheon_000974",
        "paris_pompidou_000195", "paris_pompidou_000196", "paris_pompidou_000201", "paris_pompidou_000467",
        "paris_pompidou_000640", "paris_sacrecoeur_000299", "paris_sacrecoeur_000330", "paris_sacrecoeur_000353",
        "paris_triomphe_000662", "paris_triomphe_000833", "paris_triomphe_000863", "paris_triomphe_000867",
    ]

    /// What `prepare` did.
    public struct Report: Sendable, CustomStringConvertible {
        public var name: String
        public var root: String
        /// Links made (or kept) by destination folder (`jpg/` → 5063).
        public var linked: [String: Int]
        /// Files not laid out, one line each (corrupt Paris files, duplicates, files of no use).
        public var skipped: [String]
        public var verification: DatasetVerification

        public var description: String {
            var text = "\(name): prepared \(root)\n"
            for (folder, count) in linked.sorted(by: { $0.key < $1.key }) {
                text += "  linked \(count) file\(count == 1 ? "" : "s") into \(folder.isEmpty ? "the root" : folder)\n"
            }
            for line in skipped.prefix(25) { text += "  skipped \(line)\n" }
            if skipped.count > 25 { text += "  … \(skipped.count - 25) more skipped\n" }
            return text + verification.description
        }
    }

    /// The command line for `name` with its published archive names, for `cbir datasets` (nil when not supported).
    static func example(_ name: String, root: String) -> String? {
        let from: [String]? = switch name {
        case "oxford5k": ["oxbuild_images.tgz", "gt_files_170407.tgz"]
        case "roxford5k": ["oxbuild_images.tgz", "gnd_roxford5k.pkl"]
        case "paris6k": ["paris_1.tgz", "paris_2.tgz", "gnd_paris6k.pkl"]
        case "rparis6k": ["paris_1.tgz", "paris_2.tgz", "gnd_rparis6k.pkl"]
        case "holidays": ["holidays_rotated.tar.gz"]
        case "ukbench": ["ukbench/full"]
        case "oxford105k": ["oxbuild_images.tgz", "gt_files_170407.tgz", "oxc1_100k (the extracted RAR volumes)"]
        case "paris106k": ["paris_1.tgz", "paris_2.tgz", "gnd_paris6k.pkl", "oxc1_100k (the extracted RAR volumes)"]
        default: nil
        }
        return from.map { "cbir datasets prepare \(name) " + $0.map { "--from \($0)" }.joined(separator: " ") + " --root \(root)" }
    }

    /// Lays out dataset `name` under `root` from `sources` (archives, folders or single ground-truth files);
    /// `rotated` asserts that Holidays images from a source not named `*rotated*` are upright.
    public static func prepare(name: String, from sources: [URL], root: URL, rotated: Bool = false) throws -> Report {
        let source = try DatasetSource.named(name)
        guard example(name, root: root.path) != nil else {
            throw DatasetError.preparation(dataset: name, source: sources.first?.path ?? "—",
                                           problem: "prepare does not lay out this dataset",
                                           hint: "Lay it out by hand as `cbir datasets` describes: \(source.layout.joined(separator: "; ")).")
        }
        guard !sources.isEmpty else {
            throw DatasetError.preparation(dataset: name, source: "--from", problem: "no source given",
                                           hint: "Name each archive or folder with --from, e.g. \(example(name, root: root.path)!).")
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var files: [(url: URL, relative: String, source: URL)] = []
        for src in sources {
            guard FileManager.default.fileExists(atPath: src.path) else {
                throw DatasetError.preparation(dataset: name, source: src.path, problem: "does not exist",
                                               hint: "Download it from \(source.page) (the suite never downloads).")
            }
            if name == "holidays", !rotated, !src.lastPathComponent.lowercased().contains("rotated"),
               !src.lastPathComponent.hasPrefix("gnd_") {
                throw DatasetError.preparation(
                    dataset: name, source: src.path,
                    problem: "not the upright Holidays set (the original jpg1/jpg2.tar.gz hold photos lying on their side)",
                    hint: "Prepare from holidays_rotated.tar.gz, or rotate the images yourself and add --rotated.")
            }
            for (url, relative) in try contents(of: src, root: root, dataset: name) { files.append((url, relative, src)) }
        }
        if name == "ukbench", files.contains(where: { $0.url.deletingLastPathComponent().lastPathComponent == "full" }) {
            // ukbench.zip holds smaller copies beside full/; only full/ is the benchmark's.
            files = files.filter { $0.url.deletingLastPathComponent().lastPathComponent == "full" }
        }
        var linked: [String: Int] = [:]
        var skipped: [String] = []
        var placed: [String: URL] = [:]
        let textFolder = name.contains("paris") ? "gt_files/" : "gt_files_170407/"
        var distractors: [String] = []
        for (url, relative, src) in files {
            let file = url.lastPathComponent
            if name.hasSuffix("105k") || name.hasSuffix("106k"), file.hasSuffix(".jpg"),
               ["100k", "flickr"].contains(where: src.lastPathComponent.lowercased().contains) {
                // A Flickr100k distractor: kept under its path in the source, listed in distractors.txt.
                let id = "flickr100k/" + String(relative.dropLast(4))
                try link(root.appendingPathComponent("jpg/\(id).jpg"), to: url)
                distractors.append(id)
                linked["jpg/flickr100k/", default: 0] += 1
                continue
            }
            guard let folder = destination(of: file, path: url.path, dataset: name, textFolder: textFolder) else {
                if file.hasSuffix(".jpg") || file.hasSuffix(".txt") || file.hasSuffix(".pkl") || file.hasSuffix(".mat") {
                    skipped.append("\(file) (from \(src.lastPathComponent)): \(reason(file, dataset: name))")
                }
                continue
            }
            let target = folder + file
            if let first = placed[target] {
                skipped.append("\(file) (from \(src.lastPathComponent)): duplicate of \(first.path)")
                continue
            }
            try link(root.appendingPathComponent(target), to: url)
            placed[target] = url
            linked[folder, default: 0] += 1
        }
        if !distractors.isEmpty {
            try Data(distractors.sorted().map { $0 + "\n" }.joined().utf8)
                .write(to: root.appendingPathComponent(DistractorList.fileName))
        }
        return Report(name: name, root: root.path, linked: linked, skipped: skipped,
                      verification: try DatasetVerification.verify(name: name, root: root))
    }

    /// The folder (relative to the root, `""` for the root) a source file goes to, nil when it is of no use.
    static func destination(of file: String, path: String, dataset: String, textFolder: String) -> String? {
        let stem = file.hasSuffix(".jpg") ? String(file.dropLast(4)) : file
        let base = ["roxford5k": "oxford5k", "rparis6k": "paris6k", "oxford105k": "oxford5k",
                    "paris106k": "paris6k"][dataset] ?? dataset
        switch dataset {
        case "oxford5k", "roxford5k", "paris6k", "rparis6k", "oxford105k", "paris106k":
            if file.hasSuffix(".jpg") {
                guard !parisCorrupt.contains(stem), !base.hasPrefix("paris") || stem.hasPrefix("paris_") else { return nil }
                return "jpg/"
            }
            if !dataset.hasPrefix("r"), DatasetChecksum.groundTruthTextFiles([file]) == [file] { return textFolder }
            let names = ["gnd_\(dataset).pkl", "gnd_\(base).pkl", "gnd_\(base).mat", LandmarkGroundTruth.matFileNames[dataset]]
            return names.contains(file) ? "" : nil
        case "holidays":
            if file.hasSuffix(".jpg") { return stem.count == 6 && Int(stem) != nil ? "jpg_rotated/" : nil }
            return file == "gnd_holidays.mat" ? "" : nil
        case "ukbench":
            guard file.hasSuffix(".jpg"), stem.hasPrefix("ukbench"), Int(stem.dropFirst(7)) != nil else { return nil }
            return "full/"
        default:
            return nil
        }
    }

    static func reason(_ file: String, dataset: String) -> String {
        let stem = file.hasSuffix(".jpg") ? String(file.dropLast(4)) : file
        if parisCorrupt.contains(stem) { return "listed in the authors' corrupt.txt (not an image)" }
        return "not a file of \(dataset)"
    }

    /// Every regular file under a source with its path relative to the source: the folder's files, an archive's
    /// extracted files, or the file itself.
    static func contents(of source: URL, root: URL, dataset: String) throws -> [(url: URL, relative: String)] {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory)
        let name = source.lastPathComponent
        let folder: URL
        if isDirectory.boolValue {
            folder = source
        } else if [".tgz", ".tar.gz", ".tar", ".zip"].contains(where: { name.hasSuffix($0) }) {
            folder = try extract(source, into: root.appendingPathComponent(".archives/\(name)"), dataset: dataset)
        } else {
            return [(source.standardizedFileURL, source.lastPathComponent)]
        }
        var files: [(url: URL, relative: String)] = []
        let base = folder.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            files.append((url, path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : url.lastPathComponent))
        }
        return files.sorted { $0.url.path < $1.url.path }
    }

    /// Extracts `archive` into `folder` unless a previous extraction completed (a `.complete` marker).
    static func extract(_ archive: URL, into folder: URL, dataset: String) throws -> URL {
        let marker = folder.appendingPathComponent(".complete")
        if FileManager.default.fileExists(atPath: marker.path) { return folder }
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let zip = archive.lastPathComponent.hasSuffix(".zip")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zip ? "/usr/bin/unzip" : "/usr/bin/tar")
        process.arguments = zip ? ["-q", archive.path, "-d", folder.path] : ["-xf", archive.path, "-C", folder.path]
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw DatasetError.preparation(dataset: dataset, source: archive.path,
                                           problem: "\(process.executableURL!.path) cannot be run (\(error))",
                                           hint: "Extract the archive yourself and pass the folder with --from.")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DatasetError.preparation(dataset: dataset, source: archive.path,
                                           problem: "extraction failed (status \(process.terminationStatus): "
                                               + message.trimmingCharacters(in: .whitespacesAndNewlines) + ")",
                                           hint: "Download the archive again, or extract it yourself and pass the folder.")
        }
        _ = FileManager.default.createFile(atPath: marker.path, contents: Data())
        return folder
    }

    /// Makes `destination` a symbolic link to `target` (replacing a link, keeping a regular file).
    static func link(_ destination: URL, to target: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        if (try? fm.destinationOfSymbolicLink(atPath: destination.path)) != nil {
            try fm.removeItem(at: destination)
        } else if fm.fileExists(atPath: destination.path) {
            return
        }
        try fm.createSymbolicLink(at: destination, withDestinationURL: target.standardizedFileURL)
    }
}
