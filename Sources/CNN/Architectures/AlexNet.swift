import Serialization

/// AlexNet (Krizhevsky, Sutskever & Hinton, NIPS 2012) as torchvision builds it (`torchvision.models.alexnet`, the
/// "one weird trick" variant of Krizhevsky, arXiv:1404.5997: 64-192-384-256-256 channels, no LRN, no groups):
///
/// | torchvision | layer | output for 224×224 |
/// |---|---|---|
/// | `features.0`, `.1` | conv 11×11/4, pad 2, 3→64, ReLU | 64×55×55 |
/// | `features.2` | max pool 3×3/2 | 64×27×27 |
/// | `features.3`, `.4` | conv 5×5, pad 2, 64→192, ReLU | 192×27×27 |
/// | `features.5` | max pool 3×3/2 | 192×13×13 |
/// | `features.6`…`.11` | conv 3×3, pad 1: 192→384→256→256, each with ReLU | 256×13×13 |
/// | `features.12` → **`pool5`** | max pool 3×3/2 | 256×6×6 |
/// | `avgpool` | adaptive average pooling to 6×6 (identity at 224×224) | 256×6×6 |
/// | `classifier.1`, `.2` → **`fc6`** | fully connected 9216→4096, ReLU | 4096×1×1 |
/// | `classifier.4`, `.5` → **`fc7`** | fully connected 4096→4096, ReLU | 4096×1×1 |
/// | `classifier.6` | fully connected 4096→1000 (checked, not used) | — |
///
/// A checkpoint without `classifier` (a retrieval-fine-tuned backbone) stops at `pool5`.
///
/// `fc6` and `fc7` are taken **after** their ReLU, as the neural codes of Babenko et al. (ECCV 2014) are (dropout is
/// the identity at inference). Any input of at least 63×63 works: `avgpool` maps pool5 to 6×6 with torchvision's
/// uneven bins.
public final class AlexNet: FeatureNetwork, @unchecked Sendable {
    public static let stopLayers = ["pool5", "fc6", "fc7"]
    public var architecture: NetworkArchitecture { .alexnet }
    let network: Sequential

    /// Builds the network from torchvision's state-dict entries; every missing, unexpected or misshapen tensor is
    /// reported in one `CNNError.checkpoint`.
    public init(_ checkpoint: [(name: String, tensor: TorchTensor)], source: String) throws {
        var sd = StateDict(checkpoint, source: source)
        func conv(_ index: Int, _ i: Int, _ o: Int, _ k: Int, stride: Int = 1, padding: Int) -> Sequential.Step {
            .convolution(sd.convolution("features.\(index)", ConvolutionParameters(
                inChannels: i, outChannels: o, kernel: k, stride: stride, padding: padding, activation: .relu), bias: true))
        }
        func pool(_ index: Int) -> Sequential.Step {
            .pooling(PoolingLayer(name: "features.\(index)", parameters: PoolingParameters(.max, kernel: 3, stride: 2)))
        }
        var steps: [(step: Sequential.Step, stopLayer: String?)] = [
            (conv(0, 3, 64, 11, stride: 4, padding: 2), nil), (pool(2), nil),
            (conv(3, 64, 192, 5, padding: 2), nil), (pool(5), nil),
            (conv(6, 192, 384, 3, padding: 1), nil), (conv(8, 384, 256, 3, padding: 1), nil),
            (conv(10, 256, 256, 3, padding: 1), nil), (pool(12), "pool5"),
        ]
        if sd.contains(prefix: "classifier.") {  // a retrieval-fine-tuned backbone has none (`RetrievalCheckpoint`)
            steps += [
                (.adaptiveAveragePooling(height: 6, width: 6), nil),
                (.fullyConnected(sd.linear("classifier.1", name: "fc6", input: (256, 6, 6), outputs: 4096, activation: .relu)), "fc6"),
                (.fullyConnected(sd.linear("classifier.4", name: "fc7", input: (4096, 1, 1), outputs: 4096, activation: .relu)), "fc7"),
            ]
            sd.skip("classifier.6.weight", shape: [1000, 4096])
            sd.skip("classifier.6.bias", shape: [1000])
        }
        try sd.validate(architecture: NetworkArchitecture.alexnet.rawValue)
        network = Sequential(.alexnet, steps: steps)
    }

    public func forward(_ input: FeatureTensor, upTo layer: String) throws -> FeatureTensor {
        try network.forward(input, upTo: layer)
    }
}
