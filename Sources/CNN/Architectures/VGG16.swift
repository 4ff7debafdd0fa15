import Serialization

/// VGG16 (Simonyan & Zisserman, ICLR 2015, configuration D) as torchvision builds it (`torchvision.models.vgg16`,
/// no batch norm): thirteen 3×3 convolutions with padding 1, each followed by ReLU, in five blocks of
/// 2, 2, 3, 3, 3 (64, 128, 256, 512, 512 channels), each block closed by a 2×2/2 max pooling; then adaptive average
/// pooling to 7×7 and the classifier.
///
/// | stop layer | torchvision | output for 224×224 |
/// |---|---|---|
/// | `conv5_3` | `features.28` + ReLU `features.29` (the last conv map, after ReLU) | 512×14×14 |
/// | `pool5` | `features.30` (the output of `features`) | 512×7×7 |
/// | `fc6` | `classifier.0` + ReLU `classifier.1`, 25088→4096 (after `avgpool` to 7×7) | 4096×1×1 |
/// | `fc7` | `classifier.3` + ReLU `classifier.4`, 4096→4096 | 4096×1×1 |
///
/// `classifier.6` (4096→1000) is checked but not used; a checkpoint without `classifier` (a retrieval-fine-tuned
/// backbone) stops at `conv5_3` or `pool5`. Convolution indices in `features` skip the ReLU and pooling
/// modules as torchvision's `nn.Sequential` numbers them (0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28).
public final class VGG16: FeatureNetwork, @unchecked Sendable {
    public static let stopLayers = ["conv5_3", "pool5", "fc6", "fc7"]
    /// Output channels of the convolutions; 0 marks a max pooling (torchvision's `cfgs["D"]`).
    static let configuration = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]
    public var architecture: NetworkArchitecture { .vgg16 }
    let network: Sequential

    /// Builds the network from torchvision's state-dict entries; every missing, unexpected or misshapen tensor is
    /// reported in one `CNNError.checkpoint`.
    public init(_ checkpoint: [(name: String, tensor: TorchTensor)], source: String) throws {
        var sd = StateDict(checkpoint, source: source)
        var steps: [(step: Sequential.Step, stopLayer: String?)] = []
        var index = 0, channels = 3, block = 1, inBlock = 0
        for width in Self.configuration {
            if width == 0 {
                let pool = PoolingLayer(name: "features.\(index)", parameters: PoolingParameters(.max, kernel: 2, stride: 2))
                steps.append((.pooling(pool), block == 5 ? "pool5" : nil))
                index += 1; block += 1; inBlock = 0
            } else {
                inBlock += 1
                let conv = sd.convolution("features.\(index)", ConvolutionParameters(
                    inChannels: channels, outChannels: width, kernel: 3, padding: 1, activation: .relu), bias: true)
                steps.append((.convolution(conv), block == 5 && inBlock == 3 ? "conv5_3" : nil))
                index += 2; channels = width
            }
        }
        if sd.contains(prefix: "classifier.") {  // a retrieval-fine-tuned backbone has none (`RetrievalCheckpoint`)
            steps.append((.adaptiveAveragePooling(height: 7, width: 7), nil))
            steps.append((.fullyConnected(sd.linear("classifier.0", name: "fc6", input: (512, 7, 7), outputs: 4096,
                                                    activation: .relu)), "fc6"))
            steps.append((.fullyConnected(sd.linear("classifier.3", name: "fc7", input: (4096, 1, 1), outputs: 4096,
                                                    activation: .relu)), "fc7"))
            sd.skip("classifier.6.weight", shape: [1000, 4096])
            sd.skip("classifier.6.bias", shape: [1000])
        }
        try sd.validate(architecture: NetworkArchitecture.vgg16.rawValue)
        network = Sequential(.vgg16, steps: steps)
    }

    public func forward(_ input: FeatureTensor, upTo layer: String) throws -> FeatureTensor {
        try network.forward(input, upTo: layer)
    }
}
