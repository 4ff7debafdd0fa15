import Foundation

/// A content-addressed store of Float matrices on disk (`<root>/<namespace>/<h[0..2]>/<h>.f32`), so that a rerun
/// skips extraction and training. Keys are SHA-256 hex strings built from everything that decides the values
/// (image bytes, crop, preprocessing, extractor parameters, library versions): a key never maps to two values.
///
/// File format (little-endian): magic `CBIRF32\0`, rows (Int64), columns (Int64), then rows·columns Float32,
/// column-major. Writes go to a temporary file and are renamed into place, so a killed run never leaves a torn entry.
public struct FeatureCache: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    private static let magic: [UInt8] = Array("CBIRF32\0".utf8)

    func url(namespace: String, key: String) -> URL {
        root.appendingPathComponent(namespace)
            .appendingPathComponent(String(key.prefix(2)))
            .appendingPathComponent("\(key).f32")
    }

    /// The stored values (rows, columns, column-major values), or nil when absent. A corrupt entry is treated as
    /// absent and removed.
    public func load(namespace: String, key: String) -> (rows: Int, columns: Int, values: [Float])? {
        let file = url(namespace: namespace, key: key)
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let header = Self.magic.count + 16
        guard data.count >= header, Array(data.prefix(Self.magic.count)) == Self.magic else {
            try? FileManager.default.removeItem(at: file)
            return nil
        }
        let (rows, columns) = data.withUnsafeBytes { raw -> (Int, Int) in
            (Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: Self.magic.count, as: Int64.self))),
             Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: Self.magic.count + 8, as: Int64.self))))
        }
        guard rows >= 0, columns >= 0, data.count == header + rows * columns * 4 else {
            try? FileManager.default.removeItem(at: file)
            return nil
        }
        var values = [Float](repeating: 0, count: rows * columns)
        values.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[header...]))
            }
        }
        return (rows, columns, values)
    }

    /// Stores values atomically (temporary file + rename).
    public func store(namespace: String, key: String, rows: Int, columns: Int, values: [Float]) throws {
        precondition(values.count == rows * columns, "FeatureCache.store: \(values.count) values for \(rows)×\(columns)")
        let file = url(namespace: namespace, key: key)
        let directory = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var data = Data(Self.magic)
        withUnsafeBytes(of: Int64(rows).littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(columns).littleEndian) { data.append(contentsOf: $0) }
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        let temporary = directory.appendingPathComponent(".\(key).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        if FileManager.default.fileExists(atPath: file.path) {
            try? FileManager.default.removeItem(at: file)
        }
        try FileManager.default.moveItem(at: temporary, to: file)
    }
}
