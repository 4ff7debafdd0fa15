import CNN
import Configuration
import Imaging
import RetrievalCore

/// `descriptor.network:` — the backbone, its weights and the layer it stops at.
public struct NetworkConfig: Decodable, Sendable, Equatable {
    /// Architecture, named as torchvision / the weights package names it (see `CNN.NetworkArchitecture`).
    public var architecture: Architecture
    /// Checkpoint: PyTorch zip or legacy pickle, or `.safetensors`; `~` expands. scripts/setup puts the
    /// EfficientNet-Lite0 ImageNet weights at `~/.cache/cbir/weights/efficientnet-lite0-57934424.pth`; other
    /// weights (torchvision's, retrieval-finetuned ones with torchvision names) are a path.
    public var weights: String
    /// The stop layer (default: the last convolutional map: `conv5_3` for VGG16, `pool5` for AlexNet, `layer4` for
    /// ResNets, `features` for SqueezeNet 1.1 and EfficientNet-Lite0). Neural codes use `fc6` / `fc7`.
    public var layer: String
    /// EfficientNet-Lite0 only: `same` (TF 'SAME', as the weights were trained; the default) or `symmetric`
    /// ((k − 1)/2 on every side, an ablation shown in the label). See `CNN.EfficientNetLite0.Padding`.
    public var padding: Padding

    public enum Padding: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case same, symmetric
        public static let configurationNoun = "padding"
        var engine: EfficientNetLite0.Padding { EfficientNetLite0.Padding(rawValue: rawValue)! }
    }

    public enum Architecture: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case alexnet, vgg16, resnet50, resnet101, resnet152
        case squeezenet1_1 = "squeezenet1_1"
        case efficientnetLite0 = "efficientnet_lite0"
        public static let configurationNoun = "architecture"
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case architecture, weights, layer, padding }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        architecture = try c.decode(Architecture.self, forKey: .architecture)
        weights = try c.decode(String.self, forKey: .weights)
        let network = NetworkArchitecture(rawValue: architecture.rawValue)!
        layer = try c.decodeIfPresent(String.self, forKey: .layer) ?? network.defaultLayer
        guard network.stopLayers.contains(layer) else {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.layer],
                                             "\(architecture.rawValue) has no stop layer '\(layer)'",
                                             expected: "one of " + network.stopLayers.joined(separator: ", "))
        }
        let padding = try c.decodeIfPresent(Padding.self, forKey: .padding)
        if padding != nil && architecture != .efficientnetLite0 {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.padding],
                                             "\(architecture.rawValue) pads as its architecture defines",
                                             expected: "no padding key (it applies to efficientnet_lite0 only)")
        }
        self.padding = padding ?? .same
    }

    /// The engine's architecture.
    var network: NetworkArchitecture { NetworkArchitecture(rawValue: architecture.rawValue)! }

    /// Channels of the stop layer's activation.
    var channels: Int { network.channels(at: layer) }

    /// True when `layer` is a fully connected layer (its output is C×1×1).
    var isFullyConnected: Bool { Self.isFullyConnected(layer) }

    /// The fully connected stop layers: `fc6`, `fc7` (AlexNet, VGG16) and EfficientNet-Lite0's `logits`.
    static func isFullyConnected(_ layer: String) -> Bool { layer.hasPrefix("fc") || layer == "logits" }

    /// Short name in labels, with the layer when it is not the default: `EffNetL0`, `VGG16`, `AlexNet/fc6`.
    var label: String {
        let name = switch architecture {
        case .alexnet: "AlexNet"
        case .vgg16: "VGG16"
        case .resnet50: "R50"
        case .resnet101: "R101"
        case .resnet152: "R152"
        case .squeezenet1_1: "SqueezeNet1.1"
        case .efficientnetLite0: "EffNetL0"
        }
        let padded = padding == .same ? name : "\(name)(\(padding.rawValue)-pad)"
        return layer == network.defaultLayer ? padded : "\(padded)/\(layer)"
    }
}

/// `descriptor.image:` for CNN descriptors.
public struct CNNImageConfig: Decodable, Sendable, Equatable {
    /// Longer side after resizing (cirtorch's `image_size`). Query crops are scaled like their image.
    public var size: Int = 512
    public var filter: ResizeFilter = .bilinearAntialias
    public var exif: ExifPolicy = .apply
    /// Whether an image whose longer side is below `size` is upscaled to it (false: kept as it is, as cirtorch's
    /// `imresize` keeps it — COIL-100's 128 px views stay 128 px).
    public var upscale = false
    /// Multi-scale extraction (cirtorch's `--multiscale`): at scale s the longer side is round(s · L), L the longer
    /// side at scale 1 (= min(size, original)); s > 1 upscales, as cirtorch's interpolation of the prepared image.
    /// The per-scale descriptors are combined by `MultiScaleCombination`.
    public var scales: [Double] = [1]

    enum CodingKeys: String, CodingKey, CaseIterable { case size, filter, exif, scales, upscale }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        size = try c.decodeIfPresent(Int.self, forKey: .size) ?? 512
        filter = try c.decodeIfPresent(ResizeFilter.self, forKey: .filter) ?? .bilinearAntialias
        exif = try c.decodeIfPresent(ExifPolicy.self, forKey: .exif) ?? .apply
        scales = try c.decodeIfPresent([Double].self, forKey: .scales) ?? [1]
        upscale = try c.decodeIfPresent(Bool.self, forKey: .upscale) ?? false
        if size < 32 {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.size], "\(size) px is too small",
                                             expected: "at least 32")
        }
        if size > 8192 {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.size], "\(size) px is too large",
                                             expected: "at most 8192")
        }
        if scales.isEmpty || scales.contains(where: { !($0 > 0) }) || Set(scales).count != scales.count
            || scales.contains(where: { !$0.isFinite || $0 > 8 || Double(size) * $0 > 8192 })
            || scales.contains(where: { Int((Double(size) * $0).rounded()) < 32 }) {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.scales],
                                             "[\(scales.map(formatParameter).joined(separator: ", "))] is not a list of distinct positive scales",
                                             expected: "e.g. [1, 0.7071, 1.4142], each giving at least 32 px")
        }
    }

    /// `@512`, or `@512×{1,0.71,1.41}` when more than scale 1 (scales to two decimals); a filter other than the
    /// default and upscaling follow: `@512/lanczos-antialias+upscale`.
    var label: String {
        var text = "@\(size)"
        if scales != [1] {
            text += "×{" + scales.map { formatParameter(($0 * 100).rounded() / 100) }.joined(separator: ",") + "}"
        }
        if filter != .bilinearAntialias { text += "/\(filter.rawValue)" }
        return text + (upscale ? "+upscale" : "")
    }

    /// How images become the network's input at `scale`.
    func preparation(scale: Double = 1) -> ImagePreparation {
        ImagePreparation(maxSide: size, filter: filter, exif: exif, scale: scale, upscale: upscale)
    }
}

/// `descriptor.whitening:` — PCA-whitening learned on a declared training split (R-MAC: on the region vectors; CGD:
/// on each component, `dims` each; every other CNN kind: on the final descriptors), then L2.
public struct WhiteningConfig: Decodable, Sendable, Equatable {
    /// The **database** images of this benchmark train the whitening (checked to share no content with a query).
    public var training: DatasetConfig
    /// Output dimensions (leading principal directions; per component for CGD); nil keeps all.
    public var dims: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case training, dims }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        training = try c.decode(DatasetConfig.self, forKey: .training)
        dims = try c.decodeIfPresent(Int.self, forKey: .dims)
        if let dims, dims < 1 {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.dims], "\(dims) dimensions",
                                             expected: "at least 1 (or no `dims` to keep all)")
        }
    }

    var label: String { "PCAw" + (dims.map(String.init) ?? "") }
}

/// `descriptor` with `kind: mac | spoc | gem | rmac | crow | cgd | neural_codes`: a CNN's map (the last
/// convolutional one, or a fully connected layer for neural codes), pooled (`pooling`, one parameter struct per kind:
/// `Config/Pooling/`), L2-normalised, optionally multi-scale and PCA-whitened.
public struct PooledCNNDescriptorConfig: Decodable, Sendable, Equatable {
    public let kind: DescriptorConfig.Kind
    public var network: NetworkConfig
    public var image: CNNImageConfig
    /// The pooling's parameters (`DescriptorConfig.Kind.pooling` names the struct of each kind).
    let pooling: any CNNPoolingParameters
    public var whitening: WhiteningConfig?

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, network, image, whitening }

    init(from decoder: any Decoder, kind: DescriptorConfig.Kind) throws {
        guard let poolingType = kind.pooling else {
            preconditionFailure("PooledCNNDescriptorConfig: kind \(kind) is not a CNN pooling")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.kind = kind
        network = try c.decode(NetworkConfig.self, forKey: .network)
        image = try c.decodeIfPresent(CNNImageConfig.self, forKey: .image) ?? CNNImageConfig()
        whitening = try c.decodeIfPresent(WhiteningConfig.self, forKey: .whitening)
        pooling = try poolingType.init(from: decoder)
        if pooling.readsFullyConnectedLayer != network.isFullyConnected {
            let fc = network.network.stopLayers.filter(NetworkConfig.isFullyConnected)
            let codes = pooling.readsFullyConnectedLayer
            throw ConfigurationError.invalid(
                at: c.codingPath + [CodingKeys.network, NetworkConfig.CodingKeys.layer],
                codes ? "neural codes need a fully connected layer, not '\(network.layer)'"
                    : "\(kind.rawValue) pools a convolutional map; '\(network.layer)' is fully connected",
                expected: codes
                    ? (fc.isEmpty ? "an architecture with fully connected layers (alexnet, vgg16, efficientnet_lite0)"
                       : fc.joined(separator: " or "))
                    : "a convolutional layer (or kind: neural_codes)")
        }
    }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(DescriptorConfig.Kind.self, forKey: .kind)
        try self.init(from: decoder, kind: kind)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.kind == b.kind && a.network == b.network && a.image == b.image && a.whitening == b.whitening
            && a.pooling.isEqual(to: b.pooling)
    }

    /// The pooling alone, e.g. `GeM(p=3)`, `R-MAC(L=3)`, `CroW(a=2, b=2)`, `CGD(S+M+G3)`.
    var poolingLabel: String { pooling.label }

    /// Canonical label: `EffNetL0-GeM(p=3)@512`, `EffNetL0-R-MAC(L=3)@512×{1,0.71,1.41} · PCAw`,
    /// `EffNetL0-CGD(S+M+G3)@512 · PCAw64/component` (dims per component).
    public var label: String {
        "\(network.label)-\(poolingLabel)\(image.label)"
            + (whitening.map { " · \($0.label)" + (pooling.whitenedParts == .components ? "/component" : "") } ?? "")
    }

    /// The descriptor's dimension D.
    var dimension: Int { pooling.dimension(channels: network.channels, whitened: whitening?.dims) }
}
