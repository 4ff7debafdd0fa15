import Foundation
import ZIPFoundation

/// A tensor of a PyTorch state dict, materialised contiguous (row-major, like `tensor.contiguous()`).
public struct TorchTensor: Equatable, Sendable {
    /// `float32`, `float64`, `float16`, `int64`, `int32`, `int16`, `int8`, `uint8`, `bool`.
    public var dtype: String
    public var shape: [Int]
    /// The values as Float (floating dtypes; integers converted), row-major.
    public var values: [Float]

    public var count: Int { shape.reduce(1, *) }
}

/// Reads PyTorch checkpoints without Python: the zip format of `torch.save` (torch ≥ 1.6: `<name>/data.pkl` plus
/// `<name>/data/<key>` storages) and the legacy format (`_use_new_zipfile_serialization=False` and every file saved
/// before torch 1.6: five pickles — magic number, protocol version, system info, the object with persistent storage
/// ids, the storage keys — followed by each storage as an 8-byte little-endian element count and its raw bytes;
/// see `torch/serialization.py`, `_legacy_load`). Tensors are `torch._utils._rebuild_tensor_v2(storage, offset,
/// size, stride, …)`. A checkpoint holding `{"state_dict": …}` is unwrapped; a `module.` prefix is kept as written
/// (the CNN layer maps strip it).
public enum TorchCheckpoint {
    /// The ordered (name, tensor) entries of the state dict in the checkpoint at `url`.
    public static func load(contentsOf url: URL) throws -> [(name: String, tensor: TorchTensor)] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SerializationError.unreadable(file: url.path)
        }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try loadZip(url) }
        return try loadLegacy(bytes, name: url.path)
    }

    /// A persistent storage reference: key, element type and element count.
    struct StorageReference {
        var key: String
        var type: String
        var count: Int
    }

    static let magic: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]  // 0x1950a86a20f9469cfc6c

    static func persistentLoad(_ name: String) -> (PickleValue) throws -> PickleValue {
        { id in
            guard let parts = id.elements, parts.count >= 5, parts[0].string == "storage",
                  case .global(_, let type) = parts[1], let key = parts[2].string, let count = parts[4].int else {
                throw SerializationError.unexpected(file: name, problem: "unsupported persistent id (not a torch storage)")
            }
            return .object(callable: .global(module: "cbir", name: "storage"),
                           arguments: [.string(key), .string(type), .int(count)], state: nil)
        }
    }

    static func loadLegacy(_ bytes: [UInt8], name: String) throws -> [(name: String, tensor: TorchTensor)] {
        var offset = 0
        func next(_ persistent: ((PickleValue) throws -> PickleValue)? = nil) throws -> PickleValue {
            var unpickler = Unpickler(bytes, name: name, offset: offset, persistentLoad: persistent)
            let value = try unpickler.load()
            offset = unpickler.endOffset
            return value
        }
        guard case .bigInt(let m) = try next(), m == magic else {
            throw SerializationError.unexpected(file: name, problem: "not a PyTorch checkpoint (no legacy magic number or zip header)")
        }
        guard try next().int == 1001 else {
            throw SerializationError.unexpected(file: name, problem: "unsupported legacy protocol version")
        }
        let info = try next()
        if info["little_endian"].map({ if case .bool(true) = $0 { false } else { true } }) == true {
            throw SerializationError.unexpected(file: name, problem: "big-endian checkpoints are not supported")
        }
        let root = try next(persistentLoad(name))
        guard let keys = try next().elements?.compactMap(\.string) else {
            throw SerializationError.unexpected(file: name, problem: "missing storage key list")
        }
        var storages: [String: [UInt8]] = [:]
        let references = collectStorages(root)
        for key in keys {
            guard offset + 8 <= bytes.count else {
                throw SerializationError.unexpected(file: name, problem: "truncated: storage \(key) missing")
            }
            var count = 0
            for i in 0..<8 { count |= Int(bytes[offset + i]) << (8 * i) }
            offset += 8
            let size = try elementSize(references[key]?.type ?? "FloatStorage", name)
            guard count >= 0, offset + count * size <= bytes.count else {
                throw SerializationError.unexpected(file: name, problem: "truncated: storage \(key) needs \(count * size) bytes")
            }
            storages[key] = Array(bytes[offset ..< offset + count * size])
            offset += count * size
        }
        return try stateDict(root, storages: storages, name: name)
    }

    static func loadZip(_ url: URL) throws -> [(name: String, tensor: TorchTensor)] {
        let name = url.path
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw SerializationError.unexpected(file: name, problem: "unreadable zip archive (\(error))")
        }
        func read(_ entry: Entry) throws -> [UInt8] {
            var out = [UInt8]()
            out.reserveCapacity(Int(entry.uncompressedSize))
            do { _ = try archive.extract(entry, skipCRC32: true) { out.append(contentsOf: $0) } } catch {
                throw SerializationError.unexpected(file: name, problem: "cannot extract \(entry.path) (\(error))")
            }
            return out
        }
        guard let pickleEntry = archive.first(where: { $0.path.hasSuffix("data.pkl") }) else {
            throw SerializationError.unexpected(file: name, problem: "zip without data.pkl: not a PyTorch checkpoint")
        }
        let prefix = String(pickleEntry.path.dropLast("data.pkl".count))
        var unpickler = Unpickler(try read(pickleEntry), name: name + ":" + pickleEntry.path,
                                  persistentLoad: persistentLoad(name))
        let root = try unpickler.load()
        var storages: [String: [UInt8]] = [:]
        for key in collectStorages(root).keys {
            guard let entry = archive["\(prefix)data/\(key)"] else {
                throw SerializationError.unexpected(file: name, problem: "storage \(prefix)data/\(key) missing")
            }
            storages[key] = try read(entry)
        }
        return try stateDict(root, storages: storages, name: name)
    }

    static func collectStorages(_ value: PickleValue) -> [String: StorageReference] {
        var found: [String: StorageReference] = [:]
        func visit(_ v: PickleValue) {
            switch v {
            case .object(.global("cbir", "storage"), let args, _):
                if let key = args[0].string, let type = args[1].string, let count = args[2].int {
                    found[key] = StorageReference(key: key, type: type, count: count)
                }
            case .object(let callable, let args, let state):
                visit(callable); args.forEach(visit); state.map(visit)
            case .list(let l): l.items.forEach(visit)
            case .tuple(let t): t.forEach(visit)
            case .dict(let d): d.entries.forEach { visit($0.value) }
            default: break
            }
        }
        visit(value)
        return found
    }

    static func elementSize(_ type: String, _ name: String) throws -> Int {
        switch type {
        case "FloatStorage", "IntStorage": 4
        case "DoubleStorage", "LongStorage": 8
        case "HalfStorage", "ShortStorage", "BFloat16Storage": 2
        case "ByteStorage", "CharStorage", "BoolStorage": 1
        default: throw SerializationError.unexpected(file: name, problem: "unsupported storage type \(type)")
        }
    }

    /// The state dict: the root (or its `state_dict` entry) as an ordered dict of tensors; non-tensors are skipped.
    static func stateDict(_ root: PickleValue, storages: [String: [UInt8]], name: String) throws -> [(name: String, tensor: TorchTensor)] {
        var dict = root
        if case .object(_, _, let state) = root, let s = state, case .dict = s { dict = s }  // OrderedDict via BUILD
        if let inner = dict["state_dict"] { dict = inner }
        if case .object(_, let args, let state) = dict {
            if let s = state, case .dict = s { dict = s } else if let first = args.first, case .list = first { dict = first }
        }
        guard case .dict(let entries) = dict else {
            throw SerializationError.unexpected(file: name, problem: "the checkpoint holds no state dict")
        }
        var out: [(name: String, tensor: TorchTensor)] = []
        for (key, value) in entries.entries {
            guard let key = key.string else { continue }
            guard case .object(.global("torch._utils", let rebuild), let args, _) = value, rebuild.hasPrefix("_rebuild_tensor"),
                  args.count >= 4, case .object(.global("cbir", "storage"), let storageArgs, _) = args[0],
                  let storageKey = storageArgs[0].string, let type = storageArgs[1].string,
                  let offset = args[1].int, let shape = args[2].elements?.compactMap(\.int),
                  let stride = args[3].elements?.compactMap(\.int) else { continue }
            guard let raw = storages[storageKey] else {
                throw SerializationError.unexpected(file: name, problem: "\(key): storage \(storageKey) missing")
            }
            out.append((key, try materialise(raw, type: type, offset: offset, shape: shape, stride: stride, key: key, name: name)))
        }
        return out
    }

    static func materialise(_ raw: [UInt8], type: String, offset: Int, shape: [Int], stride: [Int], key: String,
                            name: String) throws -> TorchTensor {
        let size = try elementSize(type, name)
        let count = shape.reduce(1, *)
        func element(_ i: Int) -> Float {
            let o = i * size
            var bits: UInt64 = 0
            for b in 0..<size { bits |= UInt64(raw[o + b]) << (8 * UInt64(b)) }
            switch type {
            case "FloatStorage": return Float(bitPattern: UInt32(bits))
            case "DoubleStorage": return Float(Double(bitPattern: bits))
            case "HalfStorage": return Float(Float16(bitPattern: UInt16(bits)))
            case "BFloat16Storage": return Float(bitPattern: UInt32(bits) << 16)
            case "LongStorage": return Float(Int64(bitPattern: bits))
            case "IntStorage": return Float(Int32(bitPattern: UInt32(bits)))
            case "ShortStorage": return Float(Int16(bitPattern: UInt16(bits)))
            case "CharStorage": return Float(Int8(bitPattern: UInt8(bits)))
            default: return Float(bits)
            }
        }
        var values = [Float](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        for linear in 0..<count {
            var position = offset
            for (i, s) in stride.enumerated() { position += index[i] * s }
            guard position >= 0, (position + 1) * size <= raw.count else {
                throw SerializationError.unexpected(file: name, problem: "\(key): view outside its storage")
            }
            values[linear] = element(position)
            var d = shape.count - 1
            while d >= 0 { index[d] += 1; if index[d] < shape[d] { break }; index[d] = 0; d -= 1 }
        }
        let dtypes = ["FloatStorage": "float32", "DoubleStorage": "float64", "HalfStorage": "float16",
                      "BFloat16Storage": "bfloat16", "LongStorage": "int64", "IntStorage": "int32",
                      "ShortStorage": "int16", "CharStorage": "int8", "ByteStorage": "uint8", "BoolStorage": "bool"]
        return TorchTensor(dtype: dtypes[type] ?? type, shape: shape, values: values)
    }
}
