import Serialization

/// Named weights of a checkpoint, checked against what an architecture expects: every missing, unexpected or
/// wrongly shaped tensor is collected, and all are reported in one error.
public struct StateDict {
    let tensors: [String: TorchTensor]
    let source: String
    private(set) var used: Set<String> = []
    private(set) var problems: [String] = []

    /// `entries` from a checkpoint; a `module.` prefix (DataParallel) is stripped.
    public init(_ entries: [(name: String, tensor: TorchTensor)], source: String) {
        var tensors: [String: TorchTensor] = [:]
        for (name, tensor) in entries {
            tensors[name.hasPrefix("module.") ? String(name.dropFirst(7)) : name] = tensor
        }
        self.tensors = tensors
        self.source = source
    }

    /// The values of `name`, which must have `shape`; a problem is recorded (and zeros returned) otherwise.
    public mutating func take(_ name: String, shape: [Int]) -> [Float] {
        used.insert(name)
        guard let t = tensors[name] else {
            problems.append("missing \(name) \(shape)")
            return [Float](repeating: 0, count: shape.reduce(1, *))
        }
        guard t.shape == shape else {
            problems.append("\(name) has shape \(t.shape), expected \(shape)")
            return [Float](repeating: 0, count: shape.reduce(1, *))
        }
        return t.values
    }

    /// A BatchNorm2d's four tensors under `prefix` (`num_batches_tracked` is accepted and ignored).
    public mutating func batchNorm(_ prefix: String, channels: Int, epsilon: Float) -> BatchNorm {
        used.insert("\(prefix).num_batches_tracked")
        return BatchNorm(gamma: take("\(prefix).weight", shape: [channels]), beta: take("\(prefix).bias", shape: [channels]),
                         mean: take("\(prefix).running_mean", shape: [channels]),
                         variance: take("\(prefix).running_var", shape: [channels]), epsilon: epsilon)
    }

    /// Whether any tensor's name starts with `prefix` (e.g. `classifier.`: the checkpoint has a classifier).
    public func contains(prefix: String) -> Bool {
        tensors.keys.contains { $0.hasPrefix(prefix) }
    }

    /// Throws one error listing every problem and every unexpected tensor.
    public func validate(architecture: String) throws {
        let unexpected = tensors.keys.filter { !used.contains($0) }.sorted().map { "unexpected \($0)" }
        let all = problems + unexpected
        guard all.isEmpty else { throw CNNError.checkpoint(file: source, architecture: architecture, problems: all) }
    }
}
