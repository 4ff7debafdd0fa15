import Serialization

/// Checkpoints of retrieval-fine-tuned networks in cirtorch's layout (Radenović, Tolias & Chum, "Fine-tuning CNN
/// image retrieval with no human annotation", TPAMI 2018; `cirtorch.networks.imageretrievalnet.ImageRetrievalNet`,
/// e.g. `retrievalSfM120k-resnet101-gem`), read as the torchvision backbone they were fine-tuned from:
///
/// | cirtorch | torchvision |
/// |---|---|
/// | ResNet `features.0`, `.1`, `.4` … `.7` (`list(net.children())[:-2]`) | `conv1`, `bn1`, `layer1` … `layer4` |
/// | VGG16, AlexNet, SqueezeNet 1.1 `features.<i>` (the backbone's `features`, VGG/AlexNet without the last max pooling) | `features.<i>` (unchanged) |
/// | `pool.*` (GeM's learned p), `whiten.*` (learned whitening), `lwhiten.*` (local whitening) | — |
///
/// There is no classifier: VGG16 and AlexNet stop at their conv maps (`conv5_3`, `pool5`), `fc6`/`fc7` report
/// `CNNError.layerNotInCheckpoint`. The heads are not used — pooling (GeM's p is explicit in a config) and whitening
/// are the experiment config's — so they are set aside here, and a cirtorch file loads as it was published
/// (`CheckpointSummary` reports them).
enum RetrievalCheckpoint {
    /// Tensor-name prefixes of cirtorch's heads.
    static let headPrefixes = ["pool.", "whiten.", "lwhiten."]

    /// The backbone's entries under torchvision's names: retrieval heads set aside, cirtorch's ResNet backbone names
    /// mapped (other architectures' names, and torchvision checkpoints, unchanged).
    static func backbone(_ entries: [(name: String, tensor: TorchTensor)], architecture: NetworkArchitecture)
        -> [(name: String, tensor: TorchTensor)] {
        let entries = entries.filter { entry in !headPrefixes.contains { unwrapped(entry.name).hasPrefix($0) } }
        guard [.resnet50, .resnet101, .resnet152].contains(architecture),
              entries.contains(where: { unwrapped($0.name).hasPrefix("features.4.0.conv1.") }) else { return entries }
        let modules = ["0": "conv1", "1": "bn1", "4": "layer1", "5": "layer2", "6": "layer3", "7": "layer4"]
        return entries.map { entry in
            let name = unwrapped(entry.name)
            let parts = name.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "features", let module = modules[String(parts[1])] else { return entry }
            return ("\(module).\(parts[2])", entry.tensor)
        }
    }

    /// The name without DataParallel's `module.` prefix.
    static func unwrapped(_ name: String) -> String {
        name.hasPrefix("module.") ? String(name.dropFirst(7)) : name
    }
}
