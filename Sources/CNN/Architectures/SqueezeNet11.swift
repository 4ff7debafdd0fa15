import Foundation
import Serialization

/// SqueezeNet 1.1 (Iandola et al., arXiv:1602.07360; version 1.1 of the DeepScale repository, 2.4× less
/// computation than 1.0) as torchvision builds it (`torchvision.models.squeezenet1_1`):
///
/// | torchvision | layer | output for 224×224 |
/// |---|---|---|
/// | `features.0`, `.1` | conv 3×3/2, 3→64, ReLU | 64×111×111 |
/// | `features.2` | max pool 3×3/2, ceil mode | 64×55×55 |
/// | `features.3`, `.4` | fire(16; 64 + 64) ×2 | 128×55×55 |
/// | `features.5` | max pool 3×3/2, ceil mode | 128×27×27 |
/// | `features.6`, `.7` | fire(32; 128 + 128) ×2 | 256×27×27 |
/// | `features.8` | max pool 3×3/2, ceil mode | 256×13×13 |
/// | `features.9` … `.12` | fire(48; 192 + 192) ×2, fire(64; 256 + 256) ×2 | 512×13×13 |
///
/// A fire module `features.N`: `squeeze` 1×1 + ReLU, then `expand1x1` 1×1 + ReLU and `expand3x3` 3×3 (pad 1) + ReLU
/// concatenated along channels (1×1 first). Stop layer: `features` — the output of torchvision's `features`, i.e.
/// the last fire module's concatenation (512 channels, after ReLU), before the classifier's dropout and 1×1 conv.
/// `classifier.1` (512→1000, 1×1) is checked but not used. Ceil-mode pooling keeps a partial last window
/// (`PoolingParameters`), so odd sizes match torch.
public final class SqueezeNet11: FeatureNetwork, @unchecked Sendable {
    public static let stopLayers = ["features"]

    struct Fire {
        var squeeze, expand1x1, expand3x3: ConvolutionLayer
        var concatenate: ConcatenationLayer
    }

    enum Step {
        case fire(Fire)
        case pooling(PoolingLayer)
    }

    public var architecture: NetworkArchitecture { .squeezenet1_1 }
    let stem: ConvolutionLayer
    let steps: [Step]
    private let lock = NSLock()

    /// Builds the network from torchvision's state-dict entries; every missing, unexpected or misshapen tensor is
    /// reported in one `CNNError.checkpoint`.
    public init(_ checkpoint: [(name: String, tensor: TorchTensor)], source: String) throws {
        var sd = StateDict(checkpoint, source: source)
        func conv(_ name: String, _ i: Int, _ o: Int, _ k: Int, stride: Int = 1, padding: Int = 0) -> ConvolutionLayer {
            sd.convolution(name, ConvolutionParameters(inChannels: i, outChannels: o, kernel: k, stride: stride,
                                                       padding: padding, activation: .relu), bias: true)
        }
        func fire(_ index: Int, _ input: Int, _ squeeze: Int, _ expand: Int) -> Step {
            let p = "features.\(index)"
            return .fire(Fire(squeeze: conv("\(p).squeeze", input, squeeze, 1), expand1x1: conv("\(p).expand1x1", squeeze, expand, 1),
                              expand3x3: conv("\(p).expand3x3", squeeze, expand, 3, padding: 1),
                              concatenate: ConcatenationLayer(name: p)))
        }
        func pool(_ index: Int) -> Step {
            .pooling(PoolingLayer(name: "features.\(index)", parameters: PoolingParameters(.max, kernel: 3, stride: 2, ceilMode: true)))
        }
        stem = conv("features.0", 3, 64, 3, stride: 2)
        steps = [pool(2), fire(3, 64, 16, 64), fire(4, 128, 16, 64), pool(5), fire(6, 128, 32, 128), fire(7, 256, 32, 128),
                 pool(8), fire(9, 256, 48, 192), fire(10, 384, 48, 192), fire(11, 384, 64, 256), fire(12, 512, 64, 256)]
        if sd.contains(prefix: "classifier.") {  // a retrieval-fine-tuned backbone has none (`RetrievalCheckpoint`)
            sd.skip("classifier.1.weight", shape: [1000, 512, 1, 1])
            sd.skip("classifier.1.bias", shape: [1000])
        }
        try sd.validate(architecture: NetworkArchitecture.squeezenet1_1.rawValue)
    }

    public func forward(_ input: FeatureTensor, upTo layer: String) throws -> FeatureTensor {
        try architecture.validateStopLayer(layer)
        precondition(input.channels == 3, "\(architecture): \(input.channels) input channels")
        return try lock.withLock {
            var x = try stem.forward(try input.dnnlTensor(layer: "input"))
            for step in steps {
                switch step {
                case .pooling(let pool): x = try pool.forward(x)
                case .fire(let f):
                    let s = try f.squeeze.forward(x)
                    x = try f.concatenate.forward([try f.expand1x1.forward(s), try f.expand3x3.forward(s)])
                }
            }
            return try x.featureTensor(layer: "features")
        }
    }
}
