import Crypto
import Foundation
import Synchronization

/// A content-addressed store of Float matrices on disk (`<root>/<namespace>/<h[0..2]>/<h>.f32`), so that a rerun
/// skips extraction and training. Keys are SHA-256 hex strings built from everything that decides the values
/// (image bytes, crop, preprocessing, extractor parameters, library versions): a key never maps to two values.
///
/// File format (little-endian): magic `CBIRF32\u{1}`, rows (Int64), columns (Int64), the SHA-256 (32 bytes) of
/// namespace, key, rows, columns and the payload, then rows·columns Float32, column-major. The checksum is verified
/// on every load: an entry that was torn, overwritten or copied under another key is reported, removed and
/// recomputed. Writes go to a temporary file and are renamed into place, so a killed run never leaves a torn entry.
public struct FeatureCache: Sendable {
    public let root: URL
    /// Ignore entries written before this process started (`cbir run --refresh-cache`): each is recomputed once
    /// and rewritten, and what this process wrote is used.
    public let refresh: Bool

    public init(root: URL, refresh: Bool = false) {
        self.root = root
        self.refresh = refresh
    }

    private static let magic: [UInt8] = Array("CBIRF32\u{1}".utf8)
    private static let headerSize = magic.count + 16 + 32
    /// The entries this process stored (paths): read even when refreshing.
    private static let written = Mutex<Set<String>>([])

    func url(namespace: String, key: String) -> URL {
        root.appendingPathComponent(namespace)
            .appendingPathComponent(String(key.prefix(2)))
            .appendingPathComponent("\(key).f32")
    }

    /// The stored values (rows, columns, column-major values), or nil when absent (or refreshed). An entry that fails
    /// its checks is reported on standard error, removed, and treated as absent.
    public func load(namespace: String, key: String) -> (rows: Int, columns: Int, values: [Float])? {
        let file = url(namespace: namespace, key: key)
        if refresh, !Self.written.withLock({ $0.contains(file.path) }) { return nil }
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        guard data.starts(with: Self.magic) else {            // an entry of an earlier format: recomputed silently
            try? FileManager.default.removeItem(at: file)
            return nil
        }
        switch Self.decode(data, namespace: namespace, key: key) {
        case .success(let entry): return entry
        case .failure(let problem):
            FileHandle.standardError.write(Data("warning: cache entry \(file.path): \(problem); recomputing it.\n".utf8))
            try? FileManager.default.removeItem(at: file)
            return nil
        }
    }

    struct Corrupt: Error, CustomStringConvertible {
        let description: String
    }

    /// The entry in `data`, or why it cannot be trusted.
    static func decode(_ data: Data, namespace: String, key: String)
        -> Result<(rows: Int, columns: Int, values: [Float]), Corrupt> {
        guard data.count >= headerSize, Array(data.prefix(magic.count)) == magic else {
            return .failure(Corrupt(description: "not a cache entry of this version"))
        }
        let (rows, columns) = data.withUnsafeBytes { raw -> (Int64, Int64) in
            (Int64(littleEndian: raw.loadUnaligned(fromByteOffset: magic.count, as: Int64.self)),
             Int64(littleEndian: raw.loadUnaligned(fromByteOffset: magic.count + 8, as: Int64.self)))
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, count <= (Int64(data.count) - Int64(headerSize)) / 4,
              data.count == headerSize + Int(count) * 4 else {
            return .failure(Corrupt(description: "\(data.count) bytes do not hold a \(rows)×\(columns) matrix"))
        }
        let stored = Array(data[data.startIndex + magic.count + 16 ..< data.startIndex + headerSize])
        let payload = data[(data.startIndex + headerSize)...]
        guard checksum(namespace: namespace, key: key, rows: Int(rows), columns: Int(columns), payload: payload) == stored else {
            return .failure(Corrupt(description: "checksum mismatch (the values or the key changed after it was written)"))
        }
        var values = [Float](repeating: 0, count: Int(count))
        values.withUnsafeMutableBytes { dst in payload.withUnsafeBytes { dst.copyMemory(from: $0) } }
        return .success((Int(rows), Int(columns), values))
    }

    /// SHA-256 of the namespace, key, shape and payload bytes.
    static func checksum(namespace: String, key: String, rows: Int, columns: Int, payload: some DataProtocol) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Data("\(namespace)\u{0}\(key)\u{0}\(rows)x\(columns)\u{0}".utf8))
        hasher.update(data: payload)
        return Array(hasher.finalize())
    }

    /// Stores values atomically (temporary file + rename).
    public func store(namespace: String, key: String, rows: Int, columns: Int, values: [Float]) throws {
        precondition(values.count == rows * columns, "FeatureCache.store: \(values.count) values for \(rows)×\(columns)")
        let file = url(namespace: namespace, key: key)
        let directory = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var payload = Data()
        values.withUnsafeBytes { payload.append(contentsOf: $0) }
        var data = Data(Self.magic)
        withUnsafeBytes(of: Int64(rows).littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(columns).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Self.checksum(namespace: namespace, key: key, rows: rows, columns: columns, payload: payload))
        data.append(payload)
        let temporary = directory.appendingPathComponent(".\(key).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        // rename(2) replaces an existing entry atomically (a concurrent reader sees the old or the new file).
        guard rename(temporary.path, file.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path,
                                                           NSLocalizedDescriptionKey: String(cString: strerror(code))])
        }
        Self.written.withLock { _ = $0.insert(file.path) }
    }
}
