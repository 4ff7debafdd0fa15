import Foundation

/// The distractor images of Oxford105k / Paris106k (Philbin et al. 2007: the 100,071 "Flickr 100k" images added to
/// the database; never positives, never junk, never queries).
///
/// Read from `root/distractors.txt`: one image a line, as a path relative to the image folder, with or without the
/// `.jpg` suffix (`flickr100k/06/06_000014`), blank lines ignored, duplicates an error. The published `.mat` files
/// (`gnd_Oxford105k.mat`, `gnd_Paris106k.mat`: `feature_name` = base images ∪ distractors) hold the same list;
/// until the Serialization module reads MAT v5, export it once as this plain list (the tests derive it from the
/// real `.mat` with scipy and check the result against the base ground truth).
public enum DistractorList {
    /// One distractor: its id (path relative to the image folder, without `.jpg`) and where it was listed.
    public struct Item: Equatable, Sendable {
        public var id: String
        /// Full path of the list file, and its base name for messages.
        public var file: String
        public var fileName: String
        /// 1-based line.
        public var line: Int
    }

    public static let fileName = "distractors.txt"

    /// Reads `root/distractors.txt`; throws `missingFile` when absent and `emptyGroundTruth` when it lists nothing.
    public static func read(dataset: String, root: URL, imageFolder: String) throws -> [Item] {
        let url = root.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DatasetError.missingFile(dataset: dataset, path: url.path)
        }
        var items: [Item] = []
        var seen: [String: Int] = [:]
        let lines = String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (offset, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let id = line.hasSuffix(".jpg") ? String(line.dropLast(4)) : line
            if let first = seen[id] {
                throw DatasetError.malformed(file: url.path, line: offset + 1,
                                             problem: "distractor \(id) is listed twice (first on line \(first))")
            }
            seen[id] = offset + 1
            items.append(Item(id: id, file: url.path, fileName: fileName, line: offset + 1))
        }
        guard !items.isEmpty else { throw DatasetError.emptyGroundTruth(file: url.path) }
        return items
    }
}
