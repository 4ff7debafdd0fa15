import Foundation
import Serialization

/// ResNet-50/101/152 (He, Zhang, Ren & Sun, CVPR 2016) as torchvision builds them (`torchvision.models.resnet50`
/// …): the Bottleneck of torchvision v1.5, whose stride sits on the 3×3 convolution (not on the first 1×1 as in
/// the paper's Caffe models). Batch norm (ε = 10⁻⁵) is folded into each convolution at load time.
///
/// | torchvision | layer | output for 224×224 |
/// |---|---|---|
/// | `conv1`, `bn1`, ReLU | conv 7×7/2, pad 3, 3→64 | 64×112×112 |
/// | `maxpool` | max pool 3×3/2, pad 1 | 64×56×56 |
/// | `layer1` … `layer4` | 3, 4, 6, 3 (50) · 3, 4, 23, 3 (101) · 3, 8, 36, 3 (152) bottlenecks of width 64, 128, 256, 512, stride 1, 2, 2, 2 | 2048×7×7 |
///
/// A bottleneck `layerL.i`: `conv1` 1×1 → `bn1` → ReLU → `conv2` 3×3 (stride) → `bn2` → ReLU → `conv3` 1×1 (4× width)
/// → `bn3`; plus the identity, or `downsample.0` (1×1, stride) → `downsample.1` on the first block of a layer; then
/// ReLU. The addition and the ReLU are fused into `conv3` as oneDNN sum and eltwise post-ops. Activations are kept
/// channel-blocked by the CPU's vector width (`ActivationLayout.cpuBlocked`; nChw16c with AVX-512: its 1×1
/// convolutions ran ≈ 5 % faster end to end at 1024×768 than in oneDNN's own choice, channels-last). Stop layer:
/// `layer4` (after the last block's ReLU, C = 2048, stride 32). `fc` (2048→1000) is checked but not used (and may be
/// absent, as in retrieval-fine-tuned checkpoints: `RetrievalCheckpoint`).
public final class ResNet: FeatureNetwork, @unchecked Sendable {
    public static let stopLayers = ["layer4"]
    static let epsilon: Float = 1e-5

    struct Bottleneck {
        var conv1, conv2, conv3: ConvolutionLayer
        var downsample: ConvolutionLayer?
    }

    public let architecture: NetworkArchitecture
    let stem: ConvolutionLayer
    let maxPool: PoolingLayer
    let blocks: [Bottleneck]
    private let lock = NSLock()

    /// Bottlenecks per layer.
    static func depths(_ architecture: NetworkArchitecture) -> [Int] {
        switch architecture {
        case .resnet50: [3, 4, 6, 3]
        case .resnet101: [3, 4, 23, 3]
        case .resnet152: [3, 8, 36, 3]
        default: preconditionFailure("ResNet: \(architecture) is not a ResNet")
        }
    }

    /// Builds `architecture` (`resnet50`, `resnet101` or `resnet152`) from torchvision's state-dict entries; every
    /// missing, unexpected or misshapen tensor is reported in one `CNNError.checkpoint`.
    public init(_ architecture: NetworkArchitecture, _ checkpoint: [(name: String, tensor: TorchTensor)],
                source: String) throws {
        self.architecture = architecture
        var sd = StateDict(checkpoint, source: source)
        func conv(_ name: String, bn: String, _ i: Int, _ o: Int, _ k: Int, stride: Int = 1, relu: Bool,
                  residual: Bool = false) -> ConvolutionLayer {
            var p = ConvolutionParameters(inChannels: i, outChannels: o, kernel: k, stride: stride, padding: (k - 1) / 2,
                                          activation: relu ? .relu : .none)
            p.accumulate = residual
            return sd.convolution(name, p, bias: false, batchNorm: bn, epsilon: Self.epsilon, layout: .cpuBlocked)
        }
        stem = conv("conv1", bn: "bn1", 3, 64, 7, stride: 2, relu: true)
        maxPool = PoolingLayer(name: "maxpool", parameters: PoolingParameters(.max, kernel: 3, stride: 2, padding: 1))
        var blocks: [Bottleneck] = []
        var inplanes = 64
        for (l, depth) in Self.depths(architecture).enumerated() {
            let planes = 64 << l, stride = l == 0 ? 1 : 2
            for i in 0..<depth {
                let p = "layer\(l + 1).\(i)", s = i == 0 ? stride : 1
                let downsample = s != 1 || inplanes != planes * 4
                    ? conv("\(p).downsample.0", bn: "\(p).downsample.1", inplanes, planes * 4, 1, stride: s, relu: false) : nil
                blocks.append(Bottleneck(conv1: conv("\(p).conv1", bn: "\(p).bn1", inplanes, planes, 1, relu: true),
                                         conv2: conv("\(p).conv2", bn: "\(p).bn2", planes, planes, 3, stride: s, relu: true),
                                         conv3: conv("\(p).conv3", bn: "\(p).bn3", planes, planes * 4, 1, relu: true,
                                                     residual: true),
                                         downsample: downsample))
                inplanes = planes * 4
            }
        }
        self.blocks = blocks
        if sd.contains(prefix: "fc.") {  // a retrieval-fine-tuned backbone has none (`RetrievalCheckpoint`)
            sd.skip("fc.weight", shape: [1000, 2048])
            sd.skip("fc.bias", shape: [1000])
        }
        try sd.validate(architecture: architecture.rawValue)
    }

    public func forward(_ input: FeatureTensor, upTo layer: String) throws -> FeatureTensor {
        try architecture.validateStopLayer(layer)
        precondition(input.channels == 3, "\(architecture): \(input.channels) input channels")
        return try lock.withLock {
            var x = try maxPool.forward(try stem.forward(try input.dnnlTensor(layer: "input")))
            for b in blocks {
                // conv3 adds the identity and applies the ReLU in the identity's memory (sum + eltwise post-ops).
                let identity = try b.downsample?.forward(x) ?? x
                x = try b.conv3.forward(try b.conv2.forward(try b.conv1.forward(x)), accumulating: identity)
            }
            return try x.featureTensor(layer: "layer4")
        }
    }
}
