import Crypto
import Foundation

/// The checksums `cbir datasets verify` compares with the values `DatasetSource` ships. All are SHA-256, lower-case hex.
public enum DatasetChecksum {
    /// SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of a file's bytes, nil when it cannot be read.
    public static func file(_ url: URL) -> String? {
        (try? Data(contentsOf: url, options: .mappedIfSafe)).map(sha256)
    }

    /// SHA-256 of an image list: the ids (landmark and grouped datasets: file name without `.jpg` and without
    /// folders; manifests: the `image` column) sorted by byte order, each followed by `\n`.
    ///
    ///     imageList(["b", "a"]) == sha256("a\nb\n")
    public static func imageList<S: Sequence<String>>(_ ids: S) -> String {
        let sorted = ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return sha256(Data(sorted.map { $0 + "\n" }.joined().utf8))
    }

    /// SHA-256 of a folder of Oxford/Paris ground-truth text files: the text `"<sha256>  <file>\n"` for every
    /// `*_{query,good,ok,junk}.txt` in it, sorted by file name (the format of `sha256sum`, so the value can be
    /// checked by hand: `sha256sum *_*.txt | sha256sum`, with the files listed in C-locale order). Other files
    /// (the archives' `readme.md`, `compute_ap.cpp`) are ignored. Nil when the folder cannot be listed.
    public static func folder(_ url: URL) -> String? {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return nil }
        let text = groundTruthTextFiles(files).compactMap { name in
            file(url.appendingPathComponent(name)).map { "\($0)  \(name)\n" }
        }.joined()
        return sha256(Data(text.utf8))
    }

    /// The ground-truth text files among `names`, in byte order.
    static func groundTruthTextFiles(_ names: [String]) -> [String] {
        names.filter { name in ["_query.txt", "_good.txt", "_ok.txt", "_junk.txt"].contains { name.hasSuffix($0) } }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The checksum of a ground-truth path as `DatasetSource.GroundTruthFile` defines it (folder or file).
    static func groundTruth(_ url: URL) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? folder(url) : file(url)
    }
}
