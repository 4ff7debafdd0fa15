import Foundation

/// Reads PyTorch checkpoints without Python (semantics of `torch/serialization.py` and `torch/_utils.py`):
///
/// - **zip** (`torch.save`, torch ≥ 1.6): `<name>/data.pkl`, whose persistent ids
///   `('storage', storage_type, key, location, numel)` name the entries `<name>/data/<key>` (raw little-endian).
/// - **legacy** (`_use_new_zipfile_serialization=False`, and every file saved before torch 1.6; `_legacy_load`):
///   five pickles back to back — the magic number 0x1950a86a20f9469cfc6c, the protocol version 1001, the system
///   info dict, the object with persistent ids `('storage', storage_type, root_key, location, numel, view_metadata)`,
///   the list of storage keys — then, for each key in that order, an 8-byte little-endian element count and the raw
///   elements.
/// - The pre-1.0 tar format is recognised and rejected with a hint.
///
/// Tensors are `torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, ...)` (also `_rebuild_tensor`
/// and `_rebuild_parameter`), gathered through their strides, so non-contiguous views and tensors sharing one
/// storage come out as `tensor.contiguous()` would.
///
/// **State-dict rule.** The root is unwrapped while it is a dict with a dict under `state_dict`, `model_state_dict`
/// or `model` (in that order of preference); nested dicts are flattened with `.` between keys
/// (`{'backbone': {'conv.weight': t}}` → `backbone.conv.weight`); entries that are not tensors (`epoch`, strings,
/// numbers) are skipped; when every key starts with `module.` (an `nn.DataParallel` save) that prefix is removed.
/// Order is the file's insertion order.
///
///     let state = try TorchCheckpoint.load(contentsOf: url)   // [(name: "conv.weight", tensor: TorchTensor)]
public enum TorchCheckpoint {
    /// The ordered (name, tensor) entries of the state dict in the checkpoint at `url`.
    public static func load(contentsOf url: URL) throws -> [(name: String, tensor: TorchTensor)] {
        let bytes = try readFileBytes(url)
        let file = url.path
        let (root, storages) = try loadObject(bytes, file: file, source: url)
        return try stateDict(root, storages: storages, file: file)
    }

    /// The unpickled root object (tensors still as `_rebuild_tensor_v2` objects whose first argument is a
    /// `TorchCheckpoint.storageGlobal` object) and the raw storages by key. For callers that need more than tensors.
    public static func loadObject(_ bytes: [UInt8], file: String) throws -> (root: PickleValue, storages: [String: [UInt8]]) {
        try loadObject(bytes, file: file, source: nil)
    }

    /// `source`: the file the bytes were read from, if any (a zip is then read from it, not from a temporary copy).
    static func loadObject(_ bytes: [UInt8], file: String, source: URL?) throws
        -> (root: PickleValue, storages: [String: [UInt8]]) {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try loadZip(bytes, file: file, source: source) }
        if bytes.count > 262, Array(bytes[257..<262]) == Array("ustar".utf8) {
            throw SerializationError.checkpoint(file: file, key: nil, problem: "a tar checkpoint (torch < 1.0) is not supported",
                                                hint: "Load it with torch and re-save it with torch.save.")
        }
        return try loadLegacy(bytes, file: file)
    }

    /// The placeholder global standing for a storage in `loadObject`'s root:
    /// `.object(callable: .global(storageGlobal), arguments: [key, storage class name, numel, element offset])`.
    public static let storageGlobal = PickleGlobal(module: "cbir.torch", name: "storage")

    static func notACheckpoint(_ file: String, _ why: String) -> SerializationError {
        .checkpoint(file: file, key: nil, problem: "not a PyTorch checkpoint (\(why))",
                    hint: "Expected a file written by torch.save (zip or legacy format).")
    }

    static func truncated(_ file: String, _ what: String) -> SerializationError {
        .checkpoint(file: file, key: nil, problem: "truncated: \(what)", hint: "The file is incomplete; download or save it again.")
    }

    /// The persistent-load hook: validates a storage id and returns the placeholder object.
    static func persistentLoad(file: String) -> @Sendable (PickleValue) throws -> PickleValue {
        { pid in
            guard let parts = pid.elements, parts.count >= 5, parts[0].string == "storage" else {
                if pid.elements?.first?.string == "module" {
                    throw SerializationError.checkpoint(file: file, key: nil, problem: "the checkpoint pickles a whole nn.Module",
                                                        hint: "Save model.state_dict() instead of the model.")
                }
                throw SerializationError.checkpoint(file: file, key: nil, problem: "unknown persistent id \(pid.kindName)",
                                                    hint: "Only torch storages are supported.")
            }
            guard let typeName = parts[1].globalName?.name, let key = parts[2].string, let numel = parts[4].int else {
                throw SerializationError.checkpoint(file: file, key: nil, problem: "malformed storage id", hint: "")
            }
            var elementOffset = 0
            if parts.count > 5, let view = parts[5].elements, view.count == 3, let o = view[1].int {
                elementOffset = o  // legacy storage views: (view_key, offset, size) into the root storage
            }
            return .object(callable: .global(storageGlobal),
                           arguments: [.string(key), .string(typeName), .int(numel), .int(elementOffset)], state: nil)
        }
    }

    /// Every storage placeholder under `value`: key → (class name, numel).
    static func storageReferences(_ value: PickleValue) -> [String: (type: String, numel: Int)] {
        var found: [String: (type: String, numel: Int)] = [:]
        var pending = [value]
        while let v = pending.popLast() {
            switch v {
            case .object(let callable, let args, let state):
                if callable.globalName == storageGlobal, args.count == 4, let key = args[0].string,
                   let type = args[1].string, let numel = args[2].int {
                    found[key] = (type, max(found[key]?.numel ?? 0, numel))
                } else {
                    pending += args
                    if let state { pending.append(state) }
                }
            case .list(let items), .tuple(let items), .set(let items): pending += items
            case .dict(let d): pending += d.values
            default: break
            }
        }
        return found
    }
}
