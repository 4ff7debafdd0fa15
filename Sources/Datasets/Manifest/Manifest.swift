import Foundation

/// A ground-truth manifest: a CSV file with a header naming at least the image column (a path relative to the
/// dataset root) and the group column (images of the same group are each other's positives), optionally a role
/// column (`reference`, `query` or `distractor`) and an angle column. Column names and role values come from a
/// `ManifestMapping` (`root/manifest.json`, or the defaults `image`, `object`, `role`, `angle_deg`), which fit
/// `smvs-dvd/groundtruth.csv` (`image,object,role,device`), `coil100/groundtruth.csv` (`image,object,angle_deg`) and
/// the generated dataset. Fields are plain (no quoting); blank lines are ignored; other columns are ignored.
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

    /// Reads and validates the CSV that `mapping` names (by default `root/manifest.json`'s mapping, else
    /// `groundtruth.csv` with the default columns); every image must exist under `root`.
    public init(dataset: String, root: URL, mapping: ManifestMapping? = nil) throws {
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw DatasetError.missingRoot(dataset: dataset, path: root.path)
        }
        let mapping = try mapping ?? ManifestMapping.load(dataset: dataset, root: root)
        let file = mapping.file
        let url = root.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DatasetError.missingFile(dataset: dataset, path: url.path)
        }
        try Self.requireUTF8(data, file: url.path)
        let lines = String(decoding: data, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let headerLine = lines.first, !headerLine.isEmpty, lines.dropFirst().contains(where: { !$0.isEmpty }) else {
            throw DatasetError.emptyGroundTruth(file: url.path)
        }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let imageColumn = column(mapping.image), let objectColumn = column(mapping.group) else {
            throw DatasetError.malformed(file: url.path, line: 1,
                                         problem: "header '\(headerLine)' lacks '\(mapping.image)' or '\(mapping.group)'; "
                                             + "expected e.g. \(mapping.image),\(mapping.group),\(mapping.role) "
                                             + "(column names can be mapped in \(ManifestMapping.fileName))")
        }
        let roleColumn = column(mapping.role), angleColumn = column(mapping.angle)
        var entries: [Entry] = []
        var firstLine: [String: Int] = [:]
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let number = index + 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else {
                throw DatasetError.malformed(file: url.path, line: number,
                                             problem: "\(fields.count) fields, expected \(header.count) (\(headerLine))")
            }
            var role: String?
            if let roleColumn {
                guard let mapped = mapping.role(of: fields[roleColumn]) else {
                    throw DatasetError.malformed(file: url.path, line: number,
                                                 problem: "role '\(fields[roleColumn])'; expected reference, query or "
                                                     + "distractor (or a value mapped in \(ManifestMapping.fileName))")
                }
                role = mapped
            }
            var angle: Double?
            if let angleColumn {
                guard let value = Double(fields[angleColumn]) else {
                    throw DatasetError.malformed(file: url.path, line: number,
                                                 problem: "\(mapping.angle) '\(fields[angleColumn])' is not a number")
                }
                angle = value
            }
            let image = fields[imageColumn], object = fields[objectColumn]
            guard !image.isEmpty, !object.isEmpty else {
                throw DatasetError.malformed(file: url.path, line: number,
                                             problem: "empty \(mapping.image) or \(mapping.group)")
            }
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(image).path) else {
                throw DatasetError.missingImage(dataset: dataset, listedIn: "\(file):\(number)", image: image, folder: "",
                                                root: root.path)
            }
            // One row per image: a repeated image (however its path is spelled) would be its own positive.
            let canonical = root.appendingPathComponent(image).standardizedFileURL.path
            if let first = firstLine[canonical] {
                throw DatasetError.malformed(file: url.path, line: number,
                                             problem: "image '\(image)' is listed again (first on line \(first)); "
                                                 + "list each image once")
            }
            firstLine[canonical] = number
            entries.append(Entry(image: image, object: object, role: role, angle: angle, line: number))
        }
        self.file = url.path
        self.entries = entries
    }

    /// Throws naming the first line (1-based, lines ending in `\n`) that is not valid UTF-8: decoding it lossily
    /// could merge two names into one.
    static func requireUTF8(_ data: Data, file: String) throws {
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            throw DatasetError.malformed(file: file, line: index + 1,
                                         problem: "not valid UTF-8; save the file as UTF-8")
        }
    }
}
