import Foundation
import Serialization

/// What a checkpoint file holds, for a user who brings weights (`cbir inspect`): its tensors, its layout
/// (a model's own names or cirtorch's retrieval network, `RetrievalCheckpoint`), the architectures it loads as, and
/// the retrieval heads a config has to restate explicitly (GeM's learned p, a learned whitening).
public struct CheckpointSummary: Sendable, Equatable {
    public var tensors: Int
    /// Values in all tensors.
    public var parameters: Int
    /// `plain` (a model's own state dict: torchvision's names, the EfficientNet-Lite0 package's) or `cirtorch` (a
    /// retrieval network: backbone under `features.<i>`, retrieval heads).
    public var layout: String
    /// The architectures that load it without a problem.
    public var architectures: [NetworkArchitecture]
    /// GeM's learned exponent (`pool.p`), if the checkpoint has one.
    public var gemP: Float?
    /// The shape of a learned whitening layer (`whiten.weight`), if any.
    public var whitening: [Int]?

    /// Summarises a checkpoint file (PyTorch zip or legacy pickle, or `.safetensors`).
    public static func inspect(checkpoint url: URL) throws -> CheckpointSummary {
        let entries = url.pathExtension.lowercased() == "safetensors"
            ? try Safetensors.load(contentsOf: url) : try TorchCheckpoint.load(contentsOf: url)
        return summarize(entries, source: url.path)
    }

    /// Summarises checkpoint entries; `source` names them in errors of the architectures tried.
    public static func summarize(_ entries: [(name: String, tensor: TorchTensor)], source: String) -> CheckpointSummary {
        let names = Set(entries.map { RetrievalCheckpoint.unwrapped($0.name) })
        let tensor = { (name: String) in entries.first { RetrievalCheckpoint.unwrapped($0.name) == name }?.tensor }
        let heads = names.contains { name in RetrievalCheckpoint.headPrefixes.contains { name.hasPrefix($0) } }
        let headless = names.contains { $0.hasPrefix("features.") }
            && !names.contains { $0.hasPrefix("classifier.") || $0.hasPrefix("fc.") }
        return CheckpointSummary(
            tensors: entries.count, parameters: entries.reduce(0) { $0 + $1.tensor.values.count },
            layout: heads || (headless && names.contains("features.4.0.conv1.weight")) ? "cirtorch" : "plain",
            architectures: NetworkArchitecture.allCases.filter { (try? $0.load(entries, source: source)) != nil },
            gemP: tensor("pool.p").flatMap { $0.values.count == 1 ? $0.values[0] : nil },
            whitening: tensor("whiten.weight")?.shape)
    }

    /// A few lines for the terminal.
    public var description: String {
        var lines = ["\(tensors) tensors, \(parameters) values; layout: \(layout)",
                     "loads as: " + (architectures.isEmpty ? "none of " + NetworkArchitecture.allCases.map(\.rawValue)
                        .joined(separator: ", ") + " (load it with its architecture for the list of problems)"
                        : architectures.map(\.rawValue).joined(separator: ", "))]
        if let p = gemP {
            lines.append("GeM head: learned p = \(p) (not applied: set `descriptor.p` in the config)")
        }
        if let w = whitening {
            lines.append("whitening head: whiten.weight \(w) (not applied: whitening comes from `descriptor.whitening`)")
        }
        return lines.joined(separator: "\n")
    }
}
