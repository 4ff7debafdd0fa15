extension TorchCheckpoint {
    /// Applies the state-dict rule (see `TorchCheckpoint`) and materialises every tensor.
    static func stateDict(_ root: PickleValue, storages: [String: [UInt8]], file: String) throws
        -> [(name: String, tensor: TorchTensor)]
    {
        var dict = root
        unwrap: while case .dict(let d) = dict {
            for key in ["state_dict", "model_state_dict", "model"] {
                if let inner = d[.string(key)], case .dict = inner { dict = inner; continue unwrap }
            }
            break
        }
        guard case .dict(let top) = dict else {
            throw SerializationError.checkpoint(file: file, key: nil, problem: "the checkpoint holds \(dict.kindName), not a state dict",
                                                hint: "Save a dict of tensors (model.state_dict()).")
        }
        var entries: [(name: String, tensor: TorchTensor)] = []
        func flatten(_ d: PickleDictionary, prefix: String, depth: Int) throws {
            for (k, v) in d {
                let name = prefix + (k.string ?? k.int.map(String.init) ?? "\(k.kindName)")
                if let tensor = try tensor(v, name: name, storages: storages, file: file) {
                    entries.append((name, tensor))
                } else if case .dict(let inner) = v, depth < 16 {
                    try flatten(inner, prefix: name + ".", depth: depth + 1)
                }
            }
        }
        try flatten(top, prefix: "", depth: 0)
        if !entries.isEmpty, entries.allSatisfy({ $0.name.hasPrefix("module.") }) {
            entries = entries.map { (String($0.name.dropFirst("module.".count)), $0.tensor) }
        }
        guard !entries.isEmpty else {
            throw SerializationError.checkpoint(file: file, key: nil, problem: "the state dict holds no tensors",
                                                hint: "Save model.state_dict().")
        }
        return entries
    }

    /// The tensor `value` rebuilds, nil when it is not a tensor.
    static func tensor(_ value: PickleValue, name: String, storages: [String: [UInt8]], file: String) throws -> TorchTensor? {
        guard case .object(let callable, let args, _) = value, let g = callable.globalName, g.module == "torch._utils" else {
            return nil
        }
        func bad(_ problem: String) -> SerializationError {
            .checkpoint(file: file, key: name, problem: problem, hint: "")
        }
        switch g.name {
        case "_rebuild_parameter", "_rebuild_parameter_with_state":
            guard let data = args.first else { throw bad("\(g.name) without arguments") }
            return try tensor(data, name: name, storages: storages, file: file)
        case "_rebuild_tensor_v2", "_rebuild_tensor":
            break
        default:
            throw bad("unsupported tensor kind torch._utils.\(g.name) (quantized, sparse or device tensors are not read)")
        }
        guard args.count >= 4, case .object(let storageCallable, let storageArgs, _) = args[0],
              storageCallable.globalName == storageGlobal, storageArgs.count == 4,
              let key = storageArgs[0].string, let typeName = storageArgs[1].string, let base = storageArgs[3].int,
              let offset = args[1].int, let shape = args[2].elements?.compactMap(\.int), shape.count == args[2].elements?.count,
              let strides = args[3].elements?.compactMap(\.int), strides.count == shape.count,
              shape.allSatisfy({ $0 >= 0 }) else {
            throw bad("malformed \(g.name) arguments")
        }
        guard let type = TorchStorageType.byClassName[typeName] else { throw unsupported(typeName, file, key: name) }
        guard let raw = storages[key] else {
            throw truncated(file, "\(name): storage \(key) was not found")
        }
        do {
            let (values, integers) = try type.materialise(raw, offset: base + offset, shape: shape, strides: strides)
            return TorchTensor(dtype: type.dtype, shape: shape, strides: strides, storageOffset: offset,
                               values: values, integers: integers)
        } catch {
            throw bad("the view (offset \(offset), shape \(shape), stride \(strides)) reaches outside its "
                + "\(raw.count / type.size)-element storage \(key)")
        }
    }
}
