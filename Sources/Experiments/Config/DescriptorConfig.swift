import Configuration
import Imaging

/// `descriptor:` — how one image becomes one global descriptor (a column of the D×N database matrix).
/// The `kind` key selects the method; the remaining keys are that method's parameters.
public enum DescriptorConfig: Decodable, Sendable, Equatable {
    /// VLAD on local features (Jégou et al., CVPR 2010; Arandjelović & Zisserman, "All about VLAD", CVPR 2013).
    case vlad(VLADDescriptorConfig)
    /// A CNN's last convolutional map, pooled (MAC, SPoC, GeM, R-MAC, CroW, CGD), L2-normalised, optionally
    /// multi-scale and PCA-whitened.
    case pooledCNN(PooledCNNDescriptorConfig)
    /// A CNN's last convolutional map as local features, encoded: bags of local convolutional features (BLCF,
    /// Mohedano et al. 2016) or an untrained NetVLAD layer (Arandjelović et al. 2016).
    case encodedCNN(EncodedCNNDescriptorConfig)

    public enum Kind: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case vlad, mac, spoc, gem, rmac, crow, cgd, blcf, netvlad
        case neuralCodes = "neural_codes"
        public static let configurationNoun = "descriptor"
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .vlad: self = .vlad(try VLADDescriptorConfig(from: decoder))
        case let kind where kind == .blcf || kind == .netvlad:
            self = .encodedCNN(try EncodedCNNDescriptorConfig(from: decoder, kind: kind))
        case let kind: self = .pooledCNN(try PooledCNNDescriptorConfig(from: decoder, kind: kind))
        }
    }

    public var kind: Kind {
        switch self {
        case .vlad: .vlad
        case .pooledCNN(let c): c.kind
        case .encodedCNN(let c): c.kind
        }
    }

    /// The datasets this descriptor trains on, with the key path where each is written.
    public var trainingDatasets: [(String, DatasetConfig)] {
        switch self {
        case .vlad(let v): [("descriptor.vocabulary.training", v.vocabulary.training)]
        case .pooledCNN(let c): c.whitening.map { [("descriptor.whitening.training", $0.training)] } ?? []
        case .encodedCNN(let c): [("descriptor.vocabulary.training", c.vocabulary.training)]
        }
    }

    /// The descriptor's dimension D, known from the config alone (checked against reduction `dims` at plan time).
    public var dimension: Int {
        switch self {
        case .vlad(let v): v.vocabulary.k * 128
        case .pooledCNN(let c):
            switch c.pooling {
            case .cgd(let components, _):
                components.count * (c.whitening?.dims ?? c.network.channels)
            default:
                c.whitening?.dims ?? c.network.channels
            }
        case .encodedCNN(let c):
            switch c.encoding {
            case .blcf: c.vocabulary.k
            case .netvlad: c.vocabulary.k * c.network.channels
            }
        }
    }

    /// The files whose contents decide the descriptor beside the config's values (network weights), as written.
    public var referencedFiles: [String] {
        switch self {
        case .vlad: []
        case .pooledCNN(let c): [c.network.weights]
        case .encodedCNN(let c): [c.network.weights]
        }
    }

    /// Canonical label, e.g. `RootSIFT-VLAD(K=64, intra, α=0.5)`.
    public var label: String {
        switch self {
        case .vlad(let v): v.label
        case .pooledCNN(let c): c.label
        case .encodedCNN(let c): c.label
        }
    }
}

/// `descriptor.image:` for local features — how an image is prepared before feature extraction.
public struct LocalImageConfig: Decodable, Sendable, Equatable {
    /// Longest side after resizing (images already smaller are not upscaled); 0 = original size.
    public var maxSide: Int = 640
    /// Resize filter (Pillow-exact): `bilinear-antialias`, `bicubic-antialias`, `lanczos-antialias`.
    public var filter: ResizeFilter = .bilinearAntialias
    /// EXIF orientation policy: `apply` or `ignore`.
    public var exif: ExifPolicy = .apply

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxSide = "max_side", filter, exif
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxSide = try c.decode(Int.self, forKey: .maxSide, default: 640,
                               expected: "0 (original size) or 16 ≤ max_side ≤ 16384") { $0 == 0 || (16...16384).contains($0) }
        filter = try c.decodeIfPresent(ResizeFilter.self, forKey: .filter) ?? .bilinearAntialias
        exif = try c.decodeIfPresent(ExifPolicy.self, forKey: .exif) ?? .apply
    }
}

/// `descriptor.features:` — the local feature extractor.
public struct LocalFeaturesConfig: Decodable, Sendable, Equatable {
    /// `rootsift` (DoG SIFT, then L1 + sqrt: Arandjelović & Zisserman 2012) or `sift`.
    public var kind: String = "rootsift"
    /// Keep at most this many features per image (strongest DoG peaks first).
    public var maxFeatures: Int = 1500
    /// VLFeat's first octave: 0 = original resolution, −1 = upsampled ×2 (Lowe's choice).
    public var firstOctave: Int = 0
    /// DoG peak threshold (VLFeat `peak_thresh`, on [0,1] intensities).
    public var peakThreshold: Double = 0.0
    /// Edge threshold r of Lowe's Hessian-ratio test (VLFeat `edge_thresh`).
    public var edgeThreshold: Double = 10.0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind
        case maxFeatures = "max_features"
        case firstOctave = "first_octave"
        case peakThreshold = "peak_threshold"
        case edgeThreshold = "edge_threshold"
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "rootsift"
        maxFeatures = try c.decode(Int.self, forKey: .maxFeatures, default: 1500,
                                   expected: "1 ≤ max_features ≤ 1000000") { (1...1_000_000).contains($0) }
        firstOctave = try c.decode(Int.self, forKey: .firstOctave, default: 0,
                                   expected: "-1 ≤ first_octave ≤ 3 (−1 upsamples ×2)") { (-1...3).contains($0) }
        peakThreshold = try c.decode(Double.self, forKey: .peakThreshold, default: 0,
                                     expected: "0 ≤ peak_threshold ≤ 1 (on [0,1] intensities)",
                                     where: ValidRange.closed(0, 1))
        edgeThreshold = try c.decode(Double.self, forKey: .edgeThreshold, default: 10,
                                     expected: "1 ≤ edge_threshold ≤ 1000 (Lowe's r; 10 in the paper)",
                                     where: ValidRange.closed(1, 1000))
    }
}

/// `descriptor.vocabulary:` — a k-means vocabulary trained on a declared split that never contains queries.
public struct VocabularyConfig: Decodable, Sendable, Equatable {
    /// Number of visual words K.
    public var k: Int
    /// The training images: a dataset and protocol whose **database** images are used (checked to share no image
    /// content with the experiment's queries).
    public var training: DatasetConfig
    /// At most this many local descriptors are sampled (uniformly, seeded) for k-means.
    public var sample: Int = 100_000
    /// Seed of the descriptor sampling and of k-means++ initialisation.
    public var seed: UInt64 = 0
    /// Maximum k-means iterations.
    public var iterations: Int = 50

    enum CodingKeys: String, CodingKey, CaseIterable {
        case k, training, sample, seed, iterations
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        k = try c.decode(Int.self, forKey: .k, expected: "1 ≤ k ≤ 1048576 visual words") { (1...1_048_576).contains($0) }
        training = try c.decode(DatasetConfig.self, forKey: .training)
        let k = self.k
        sample = try c.decode(Int.self, forKey: .sample, default: 100_000,
                              expected: "k ≤ sample ≤ 100000000 (at least one descriptor per word; k = \(k))") {
            $0 >= k && $0 <= 100_000_000
        }
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        iterations = try c.decode(Int.self, forKey: .iterations, default: 50,
                                  expected: "1 ≤ iterations ≤ 10000") { (1...10_000).contains($0) }
    }
}

/// `descriptor` with `kind: vlad`.
public struct VLADDescriptorConfig: Decodable, Sendable, Equatable {
    public var image: LocalImageConfig
    public var features: LocalFeaturesConfig
    public var vocabulary: VocabularyConfig
    /// Intra-normalisation: L2-normalise each word's residual sum before concatenation.
    public var intraNormalization: Bool = true
    /// Power-law exponent α of signed power normalisation x ← sign(x)|x|^α; 1 = none, 0.5 = signed square root.
    public var power: Double = 0.5

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, image, features, vocabulary
        case intraNormalization = "intra_normalization"
        case power
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        image = try c.decodeIfPresent(LocalImageConfig.self, forKey: .image) ?? LocalImageConfig()
        features = try c.decodeIfPresent(LocalFeaturesConfig.self, forKey: .features) ?? LocalFeaturesConfig()
        vocabulary = try c.decode(VocabularyConfig.self, forKey: .vocabulary)
        intraNormalization = try c.decodeIfPresent(Bool.self, forKey: .intraNormalization) ?? true
        power = try c.decode(Double.self, forKey: .power, default: 0.5,
                             expected: "0 < power ≤ 1 (1 = none, 0.5 = signed square root)",
                             where: ValidRange.open(0, closed: 1))
    }

    public var label: String {
        let features = self.features.kind == "rootsift" ? "RootSIFT" : "SIFT"
        var options = ["K=\(vocabulary.k)"]
        if intraNormalization { options.append("intra") }
        if power != 1 { options.append("α=\(formatParameter(power))") }
        return "\(features)-VLAD(\(options.joined(separator: ", ")))"
    }
}

/// Shortest decimal form of a parameter for labels: 0.5 → "0.5", 3.0 → "3".
func formatParameter(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}

extension ResizeFilter: ConfigurationValueNaming {
    public static let configurationNoun = "resize filter"
}

extension ExifPolicy: ConfigurationValueNaming {
    public static let configurationNoun = "EXIF policy"
}
