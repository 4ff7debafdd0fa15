import Foundation

/// A ground-truth manifest: a CSV file with a header naming at least `image` (a path relative to the dataset root)
/// and `object` (the group: images of the same object are each other's positives), optionally `role`
/// (`reference`, `query` or `distractor`) and `angle_deg`. This is the layout of `smvs-dvd/groundtruth.csv`
/// (`image,object,role,device`), `coil100/groundtruth.csv` (`image,object,angle_deg`) and the generated dataset.
/// Fields are plain (no quoting); blank lines are ignored.
public struct Manifest: Sendable {
    public struct Entry: Sendable, Equatable {
        /// Path relative to the dataset root, as written.
        public var image: String
        public var object: String
        public var role: String?
        public var angle: Double?
        /// 1-based line in the CSV, for messages.
        public var line: Int
    }

    public let file: String
    public let entries: [Entry]

    /// Reads and validates `root/groundtruth.csv` (or `file`); every image must exist under `root`.
    public init(dataset: String, root: URL, file: String = "groundtruth.csv") throws {
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw DatasetError.missingRoot(dataset: dataset, path: root.path)
        }
        let url = root.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DatasetError.missingFile(dataset: dataset, path: url.path)
        }
        let lines = String(decoding: data, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let headerLine = lines.first, !headerLine.isEmpty, lines.dropFirst().contains(where: { !$0.isEmpty }) else {
            throw DatasetError.emptyGroundTruth(file: url.path)
        }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let imageColumn = column("image"), let objectColumn = column("object") else {
            throw DatasetError.malformed(file: url.path, line: 1,
                                         problem: "header '\(headerLine)' lacks 'image' and 'object'; expected e.g. image,object,role")
        }
        let roleColumn = column("role"), angleColumn = column("angle_deg")
        var entries: [Entry] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let number = index + 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else {
                throw DatasetError.malformed(file: url.path, line: number,
                                             problem: "\(fields.count) fields, expected \(header.count) (\(headerLine))")
            }
            let role = roleColumn.map { fields[$0] }
            if let role, !["reference", "query", "distractor"].contains(role) {
                throw DatasetError.malformed(file: url.path, line: number,
                                             problem: "role '\(role)'; expected reference, query or distractor")
            }
            var angle: Double?
            if let angleColumn {
                guard let value = Double(fields[angleColumn]) else {
                    throw DatasetError.malformed(file: url.path, line: number,
                                                 problem: "angle_deg '\(fields[angleColumn])' is not a number")
                }
                angle = value
            }
            let image = fields[imageColumn], object = fields[objectColumn]
            guard !image.isEmpty, !object.isEmpty else {
                throw DatasetError.malformed(file: url.path, line: number, problem: "empty image or object")
            }
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(image).path) else {
                throw DatasetError.missingImage(dataset: dataset, listedIn: "\(file):\(number)", image: image,
                                                root: root.path)
            }
            entries.append(Entry(image: image, object: object, role: role, angle: angle, line: number))
        }
        self.file = url.path
        self.entries = entries
    }
}
