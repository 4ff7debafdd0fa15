import Configuration
import Imaging

/// `descriptor.network:` — the backbone and its weights.
public struct NetworkConfig: Decodable, Sendable, Equatable {
    /// Architecture, named as torchvision / the weights package names it: `efficientnet_lite0`.
    public var architecture: Architecture
    /// PyTorch checkpoint (zip or legacy format); `~` expands. scripts/setup puts the EfficientNet-Lite0 weights at
    /// `~/.cache/cbir/weights/efficientnet-lite0-57934424.pth`.
    public var weights: String

    public enum Architecture: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case efficientnetLite0 = "efficientnet_lite0"
        public static let configurationNoun = "architecture"
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case architecture, weights }
}

/// `descriptor.image:` for CNN descriptors.
public struct CNNImageConfig: Decodable, Sendable, Equatable {
    /// Longer side after resizing (cirtorch's `image_size`; no upscaling). Query crops are scaled like their image.
    public var size: Int = 512
    public var filter: ResizeFilter = .bilinearAntialias
    public var exif: ExifPolicy = .apply

    enum CodingKeys: String, CodingKey, CaseIterable { case size, filter, exif }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        size = try c.decodeIfPresent(Int.self, forKey: .size) ?? 512
        filter = try c.decodeIfPresent(ResizeFilter.self, forKey: .filter) ?? .bilinearAntialias
        exif = try c.decodeIfPresent(ExifPolicy.self, forKey: .exif) ?? .apply
        if size < 32 {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.size], "\(size) px is too small",
                                             expected: "at least 32")
        }
    }
}

/// `descriptor` with `kind: mac | spoc | gem`: the last convolutional map of a CNN, globally pooled, L2-normalised.
public struct PooledCNNDescriptorConfig: Decodable, Sendable, Equatable {
    public enum Pooling: Sendable, Equatable {
        case mac
        case spoc(centrePrior: Bool)
        case gem(p: Double)
    }

    public var network: NetworkConfig
    public var image: CNNImageConfig
    public var pooling: Pooling

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, network, image, p
        case centrePrior = "centre_prior"
    }

    init(from decoder: any Decoder, kind: DescriptorConfig.Kind) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        network = try c.decode(NetworkConfig.self, forKey: .network)
        image = try c.decodeIfPresent(CNNImageConfig.self, forKey: .image) ?? CNNImageConfig()
        switch kind {
        case .mac: pooling = .mac
        case .spoc: pooling = .spoc(centrePrior: try c.decodeIfPresent(Bool.self, forKey: .centrePrior) ?? false)
        case .gem:
            let p = try c.decodeIfPresent(Double.self, forKey: .p) ?? 3
            guard p > 0 else {
                throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.p], "p = \(p) is not positive",
                                                 expected: "p > 0 (1 = average pooling, large p → max pooling)")
            }
            pooling = .gem(p: p)
        default: preconditionFailure("PooledCNNDescriptorConfig: kind \(kind) is not a pooling")
        }
    }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(DescriptorConfig.Kind.self, forKey: .kind)
        try self.init(from: decoder, kind: kind)
    }

    public var label: String {
        let network = self.network.architecture == .efficientnetLite0 ? "EffNetL0" : self.network.architecture.rawValue
        let pooling: String = switch self.pooling {
        case .mac: "MAC"
        case .spoc(let prior): prior ? "SPoC(prior)" : "SPoC"
        case .gem(let p): "GeM(p=\(formatParameter(p)))"
        }
        return "\(network)-\(pooling)@\(image.size)"
    }
}
