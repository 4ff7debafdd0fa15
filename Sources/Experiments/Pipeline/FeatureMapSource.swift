import CNN
import Foundation
import Imaging

/// The map-producing half of a CNN descriptor: prepared image → the network's input normalisation → network up to
/// the configured stop layer → a C×H×W planar map (C×1×1 for fully connected layers). The pooling half
/// (`CNNPooling`) only sees the map.
///
/// Input normalisation per architecture (`CNN.InputNormalization`): torchvision's ImageNet mean/std on [0, 1] RGB,
/// EfficientNet-Lite0 (x − 127)/128; grey images are replicated to three channels. oneDNN runs with `threads`
/// OpenMP threads.
struct FeatureMapSource: Sendable {
    let config: NetworkConfig
    let network: any FeatureNetwork
    let weightsHash: String

    init(_ config: NetworkConfig, threads: Int) throws {
        let weights = Workspace.resolve(config.weights)
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw ExperimentError.invalidValue(
                key: "descriptor.network.weights", value: config.weights,
                expected: "an existing checkpoint of \(config.architecture.rawValue) (scripts/setup downloads EfficientNet-Lite0)")
        }
        self.config = config
        weightsHash = try ContentHash.file(weights)
        network = try config.network.load(checkpoint: weights, efficientNetPadding: config.padding.engine)
        CNNRuntime.setThreads(threads)
    }

    /// What decides the maps: architecture (with EfficientNet-Lite0's padding rule), weights, stop layer (when not the
    /// default), input normalisation, oneDNN's version and the engine's algorithm choices.
    var fingerprint: String {
        "\(config.architecture.rawValue) weights=\(weightsHash)"
            + (config.architecture == .efficientnetLite0 ? " padding=\(config.padding.rawValue)" : "")
            + (config.layer == config.network.defaultLayer ? "" : " layer=\(config.layer)")
            + " norm=\(config.network.inputNormalization.label) onednn=\(CNNRuntime.oneDNNVersion) \(CNNRuntime.engineRevision)"
    }

    /// The stop layer's activation for `image`.
    func map(_ image: Image) throws -> FeatureTensor {
        try network.forward(config.network.inputNormalization.tensor(image), upTo: config.layer)
    }
}
