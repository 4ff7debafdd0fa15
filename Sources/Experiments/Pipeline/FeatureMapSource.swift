import CNN
import Foundation
import Imaging

/// The map-producing half of a CNN descriptor: prepared image → input normalisation → network → the last
/// convolutional map (C×H×W planar). The pooling half (`CNNPooling`) only sees the map, so another backbone is a
/// change here alone.
///
/// EfficientNet-Lite0: RGB planar (x − 127)/128 (the weights package's convention), grey images replicated to three
/// channels; oneDNN with `threads` OpenMP threads.
struct FeatureMapSource: Sendable {
    let architecture: NetworkConfig.Architecture
    let network: EfficientNetLite0
    let weightsHash: String

    init(_ config: NetworkConfig, threads: Int) throws {
        let weights = Workspace.resolve(config.weights)
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw ExperimentError.invalidValue(key: "descriptor.network.weights", value: config.weights,
                                               expected: "an existing PyTorch checkpoint (scripts/setup downloads EfficientNet-Lite0)")
        }
        architecture = config.architecture
        weightsHash = try ContentHash.file(weights)
        network = try EfficientNetLite0(checkpoint: weights)
        CNNRuntime.setThreads(threads)
    }

    /// What decides the maps: architecture, weights, input normalisation, engine version.
    var fingerprint: String {
        "\(architecture.rawValue) weights=\(weightsHash) norm=(x-127)/128 onednn=\(CNNRuntime.oneDNNVersion)"
    }

    /// The last convolutional map of `image`.
    func map(_ image: Image) throws -> FeatureTensor {
        try network.features(Self.normalised(image))
    }

    /// RGB planar (x − 127)/128; grey images are replicated to three channels.
    static func normalised(_ image: Image) -> FeatureTensor {
        let n = image.width * image.height
        var values = [Float](repeating: 0, count: 3 * n)
        for c in 0..<3 {
            for i in 0..<n {
                values[c * n + i] = (Float(image.pixels[i * image.channels + (image.channels == 3 ? c : 0)]) - 127) / 128
            }
        }
        return FeatureTensor(channels: 3, height: image.height, width: image.width, values: values)
    }
}
