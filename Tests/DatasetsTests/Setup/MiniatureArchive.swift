import Foundation
import TestSupport

/// Miniature copies of the authors' archives, in their real naming: a folder tree of (empty) files packed by
/// `/usr/bin/tar`, as `tar -czf <archive> -C <dir> <top-level entries>` would.
enum MiniatureArchive {
    /// Creates `files` (paths relative to a fresh folder; contents empty unless given) and packs them into
    /// `directory/archiveName` (gzip-compressed unless it ends in `.tar`). Returns the archive.
    static func make(_ archiveName: String, in directory: URL, files: [String: Data]) throws -> URL {
        let staging = try SharedData.temporaryDirectory("archive-\(archiveName)")
        for (path, data) in files {
            let url = staging.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        let top = Set(files.keys.map { String($0.split(separator: "/")[0]) }).sorted()
        let archive = directory.appendingPathComponent(archiveName)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = [archiveName.hasSuffix(".tar") ? "-cf" : "-czf", archive.path, "-C", staging.path] + top
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        return archive
    }

    /// `names` as empty `.jpg` files under `folder` (`""` for the top level).
    static func images(_ names: [String], folder: String = "") -> [String: Data] {
        Dictionary(uniqueKeysWithValues: names.map { (folder.isEmpty ? "\($0).jpg" : "\(folder)/\($0).jpg", Data()) })
    }

    /// The real ground-truth text files of the given Oxford queries (`pitt_rivers_1` → its four files), or nil
    /// with the skip message printed when the shared data is absent.
    static func oxfordTextFiles(_ queries: [String]) throws -> [String: Data]? {
        guard let folder = SharedData.directory("groundtruth/oxford5k/gt_files_170407") else {
            print(SharedData.missingMessage("groundtruth/oxford5k/gt_files_170407")); return nil
        }
        var files: [String: Data] = [:]
        for query in queries {
            for kind in ["query", "good", "ok", "junk"] {
                files["\(query)_\(kind).txt"] = try Data(contentsOf: folder.appendingPathComponent("\(query)_\(kind).txt"))
            }
        }
        return files
    }

    /// The images a set of Oxford text files names (query images without their `oxc1_` prefix).
    static func imagesNamed(by textFiles: [String: Data]) -> [String] {
        var names = Set<String>()
        for (file, data) in textFiles {
            let text = String(decoding: data, as: UTF8.self)
            if file.hasSuffix("_query.txt") {
                names.insert(String(text.split(separator: " ")[0].dropFirst(5)))
            } else {
                names.formUnion(text.split(whereSeparator: \.isWhitespace).map(String.init))
            }
        }
        return names.sorted()
    }
}
