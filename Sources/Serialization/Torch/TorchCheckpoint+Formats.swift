import Foundation
import ZIPFoundation

extension TorchCheckpoint {
    static let legacyMagic: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]  // 0x1950a86a20f9469cfc6c

    /// `_legacy_load`: magic, protocol version, sys info, root (persistent ids), storage keys, storages.
    static func loadLegacy(_ bytes: [UInt8], file: String) throws -> (root: PickleValue, storages: [String: [UInt8]]) {
        // The magic number is a pickled 80-bit int (LONG1): check its bytes rather than unpickle it.
        var start = 0
        if bytes.count >= 2, bytes[0] == 0x80 { start = 2 }  // PROTO n
        guard bytes.count >= start + 13, bytes[start] == 0x8A, bytes[start + 1] == 10,
              Array(bytes[(start + 2)..<(start + 12)]) == legacyMagic, bytes[start + 12] == 0x2E else {
            throw notACheckpoint(file, "neither a zip archive nor the legacy magic number")
        }
        let plain = Unpickler()
        var offset = start + 13
        func next(_ unpickler: Unpickler = plain) throws -> PickleValue {
            let (value, end) = try unpickler.load(bytes, from: offset, file: file)
            offset = end
            return value
        }
        guard let version = try next().int, version == 1001 else {
            throw SerializationError.checkpoint(file: file, key: nil, problem: "unsupported legacy protocol version",
                                                hint: "Expected 1001 (torch/serialization.py PROTOCOL_VERSION).")
        }
        let info = try next()
        if case .bool(false)? = info["little_endian"] {
            throw SerializationError.checkpoint(file: file, key: nil, problem: "a big-endian checkpoint is not supported",
                                                hint: "Re-save it on a little-endian machine.")
        }
        let root = try next(Unpickler(options: UnpicklerOptions(persistentLoad: persistentLoad(file: file))))
        guard let keys = try next().elements?.map(\.string), keys.allSatisfy({ $0 != nil }) else {
            throw notACheckpoint(file, "the fifth pickle is not the list of storage keys")
        }
        let references = storageReferences(root)
        var storages: [String: [UInt8]] = [:]
        var reader = ByteReader(bytes, offset: offset)
        for case let key? in keys {
            guard let reference = references[key] else {
                throw notACheckpoint(file, "storage key \(key) is not referenced by the pickled object")
            }
            guard let type = TorchStorageType.byClassName[reference.type] else { throw unsupported(reference.type, file) }
            guard let count = try? reader.uintLE(8), count <= UInt64(reader.remaining / max(type.size, 1)) else {
                throw truncated(file, "storage \(key) at byte \(reader.offset) needs more data than the "
                    + "\(bytes.count)-byte file holds")
            }
            storages[key] = try reader.take(Int(count) * type.size)
        }
        return (root, storages)
    }

    /// The zip format: `<name>/data.pkl` plus `<name>/data/<key>` storages (stored uncompressed by torch).
    ///
    /// The archive is read from a file (`source`, else a temporary copy of `bytes`): ZIPFoundation's in-memory archive
    /// traps when an offset in the directory points past the end (a crafted or truncated file, found by fuzzing),
    /// where a file-backed one reads short and reports an error.
    static func loadZip(_ bytes: [UInt8], file: String, source: URL?) throws
        -> (root: PickleValue, storages: [String: [UInt8]]) {
        if let problem = ZipBounds.problem(bytes) { throw truncated(file, "a damaged zip archive (\(problem))") }
        var temporary: URL?
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let archive: Archive
        do {
            var url = source
            if url == nil {
                let copy = FileManager.default.temporaryDirectory.appendingPathComponent("cbir-\(UUID().uuidString).zip")
                try Data(bytes).write(to: copy)
                temporary = copy
                url = copy
            }
            archive = try Archive(url: url!, accessMode: .read)
        } catch {
            throw truncated(file, "unreadable zip archive (\(error))")
        }
        func read(_ entry: Entry) throws -> [UInt8] {
            var out = [UInt8]()
            out.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(bytes.count))))
            do {
                _ = try archive.extract(entry, skipCRC32: false) { out.append(contentsOf: $0) }
            } catch {
                throw truncated(file, "cannot extract \(entry.path) (\(error))")
            }
            return out
        }
        guard let pickleEntry = archive.first(where: {
            $0.path.hasSuffix("/data.pkl") && $0.path.split(separator: "/").count == 2
        }) else {
            throw notACheckpoint(file, "a zip archive without <name>/data.pkl")
        }
        let prefix = String(pickleEntry.path.dropLast("data.pkl".count))
        if let order = archive[prefix + "byteorder"], try read(order) != Array("little".utf8) {
            throw SerializationError.checkpoint(file: file, key: nil, problem: "a big-endian checkpoint is not supported",
                                                hint: "Re-save it on a little-endian machine.")
        }
        let unpickler = Unpickler(options: UnpicklerOptions(persistentLoad: persistentLoad(file: file)))
        let root = try unpickler.load(try read(pickleEntry), from: 0, file: file + ":" + pickleEntry.path).value
        var storages: [String: [UInt8]] = [:]
        for (key, reference) in storageReferences(root) {
            guard let entry = archive[prefix + "data/" + key] else {
                throw truncated(file, "the storage entry \(prefix)data/\(key) is missing")
            }
            guard let type = TorchStorageType.byClassName[reference.type] else { throw unsupported(reference.type, file) }
            let raw = try read(entry)
            guard raw.count >= reference.numel * type.size else {
                throw truncated(file, "\(prefix)data/\(key) has \(raw.count) bytes; \(reference.numel) × \(type.size) expected")
            }
            storages[key] = raw
        }
        return (root, storages)
    }

    static func unsupported(_ type: String, _ file: String, key: String? = nil) -> SerializationError {
        .checkpoint(file: file, key: key, problem: "unsupported dtype (storage class \(type))",
                    hint: "Supported: \(TorchStorageType.supportedNames).")
    }
}
