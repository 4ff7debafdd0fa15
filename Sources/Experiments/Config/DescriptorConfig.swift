import Configuration
import Imaging
import LocalFeatures

/// `descriptor:` — how one image becomes one global descriptor (a column of the D×N database matrix).
/// The `kind` key selects the method; the remaining keys are that method's parameters.
public enum DescriptorConfig: Decodable, Sendable, Equatable {
    /// Local features aggregated against a model learned on a fit set: VLAD (Jégou et al., CVPR 2010;
    /// Arandjelović & Zisserman, CVPR 2013), BoVW with tf-idf (Sivic & Zisserman 2003), Fisher vectors (Perronnin
    /// et al. 2010).
    case local(LocalDescriptorConfig)
    /// A CNN's last convolutional map, pooled (MAC, SPoC, GeM, R-MAC, CroW, CGD), L2-normalised, optionally
    /// multi-scale and PCA-whitened.
    case pooledCNN(PooledCNNDescriptorConfig)
    /// A CNN's last convolutional map as local features, encoded: bags of local convolutional features (BLCF,
    /// Mohedano et al. 2016) or an untrained NetVLAD layer (Arandjelović et al. 2016).
    case encodedCNN(EncodedCNNDescriptorConfig)

    /// The registry of descriptor kinds: a `kind:` value reaches its parameter struct in one hop.
    public enum Kind: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case vlad, bovw, fisher, mac, spoc, gem, rmac, crow, cgd, blcf, netvlad
        case neuralCodes = "neural_codes"
        public static let configurationNoun = "descriptor"

        /// The encoding of a local-feature kind (nil for the other families).
        var localEncoding: (any LocalEncodingParameters.Type)? {
            switch self {
            case .vlad: VLADParameters.self
            case .bovw: BoVWParameters.self
            case .fisher: FisherParameters.self
            default: nil
            }
        }

        /// The pooling of a pooled-CNN kind (nil for the other families).
        var pooling: (any CNNPoolingParameters.Type)? {
            switch self {
            case .mac: MACParameters.self
            case .spoc: SPoCParameters.self
            case .gem: GeMParameters.self
            case .rmac: RMACParameters.self
            case .crow: CroWParameters.self
            case .cgd: CGDParameters.self
            case .neuralCodes: NeuralCodesParameters.self
            case .vlad, .bovw, .fisher, .blcf, .netvlad: nil
            }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(Kind.self, forKey: .kind)
        switch kind {
        case .vlad, .bovw, .fisher: self = .local(try LocalDescriptorConfig(from: decoder, kind: kind))
        case .blcf, .netvlad: self = .encodedCNN(try EncodedCNNDescriptorConfig(from: decoder, kind: kind))
        case let kind: self = .pooledCNN(try PooledCNNDescriptorConfig(from: decoder, kind: kind))
        }
    }

    public var kind: Kind {
        switch self {
        case .local(let l): l.kind
        case .pooledCNN(let c): c.kind
        case .encodedCNN(let c): c.kind
        }
    }

    /// The datasets this descriptor trains on, with the key path where each is written.
    public var trainingDatasets: [(String, DatasetConfig)] {
        switch self {
        case .local(let l): [("descriptor.vocabulary.training", l.vocabulary.training)]
        case .pooledCNN(let c): c.whitening.map { [("descriptor.whitening.training", $0.training)] } ?? []
        case .encodedCNN(let c): [("descriptor.vocabulary.training", c.vocabulary.training)]
        }
    }

    /// The descriptor's dimension D, known from the config alone (checked against reduction `dims` at plan time).
    public var dimension: Int {
        switch self {
        case .local(let l): l.dimension
        case .pooledCNN(let c): c.dimension
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
        case .local: []
        case .pooledCNN(let c): [c.network.weights]
        case .encodedCNN(let c): [c.network.weights]
        }
    }

    /// Canonical label, e.g. `RootSIFT-VLAD(K=64, intra, α=0.5)`.
    public var label: String {
        switch self {
        case .local(let l): l.label
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

/// `descriptor.features:` — the local feature extractor (VLFeat).
///
/// | key | default | effect |
/// |---|---|---|
/// | `kind` | `rootsift` | `rootsift` (SIFT, then L1 + sqrt: Arandjelović & Zisserman 2012) or `sift` |
/// | `detector` | `dog` | `dog` (Lowe's difference of Gaussians, `vl_sift`) or `hessian-affine` (`vl_covdet`: Hessian peaks, Baumberg affine adaptation, orientation) |
/// | `max_features` | 1500 | keep at most this many per image (DoG: largest scale first; Hessian-affine: strongest peak) |
/// | `first_octave` | 0 (DoG), −1 (Hessian-affine) | −1 upsamples ×2 first |
/// | `peak_threshold` | 0 (DoG), VLFeat's default (Hessian-affine) | on [0,1] intensities |
/// | `edge_threshold` | 10 | Lowe's Hessian-ratio r |
public struct LocalFeaturesConfig: Decodable, Sendable, Equatable {
    public enum Descriptor: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case rootsift, sift
        public static let configurationNoun = "local descriptor"
    }

    public enum Detector: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case dog
        case hessianAffine = "hessian-affine"
        public static let configurationNoun = "detector"
    }

    public var kind: Descriptor = .rootsift
    public var detector: Detector = .dog
    public var maxFeatures: Int = 1500
    public var firstOctave: Int = 0
    /// nil: VLFeat's default (Hessian-affine only).
    public var peakThreshold: Double? = 0.0
    public var edgeThreshold: Double = 10.0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, detector
        case maxFeatures = "max_features"
        case firstOctave = "first_octave"
        case peakThreshold = "peak_threshold"
        case edgeThreshold = "edge_threshold"
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(Descriptor.self, forKey: .kind) ?? .rootsift
        detector = try c.decodeIfPresent(Detector.self, forKey: .detector) ?? .dog
        maxFeatures = try c.decode(Int.self, forKey: .maxFeatures, default: 1500,
                                   expected: "1 ≤ max_features ≤ 1000000") { (1...1_000_000).contains($0) }
        firstOctave = try c.decode(Int.self, forKey: .firstOctave, default: detector == .dog ? 0 : -1,
                                   expected: "-1 ≤ first_octave ≤ 3 (−1 upsamples ×2)") { (-1...3).contains($0) }
        let peak = try c.decodeIfPresent(Double.self, forKey: .peakThreshold)
        if let peak { try c.check(peak, forKey: .peakThreshold, expected: "0 ≤ peak_threshold ≤ 1 (on [0,1] intensities)",
                                  ValidRange.closed(0, 1)) }
        peakThreshold = peak ?? (detector == .dog ? 0 : nil)
        edgeThreshold = try c.decode(Double.self, forKey: .edgeThreshold, default: 10,
                                     expected: "1 ≤ edge_threshold ≤ 1000 (Lowe's r; 10 in the paper)",
                                     where: ValidRange.closed(1, 1000))
    }

    /// The extractor these parameters describe.
    var extractor: any LocalFeatureExtractor {
        switch detector {
        case .dog:
            SIFTExtractor(firstOctave: firstOctave, peakThreshold: peakThreshold ?? 0, edgeThreshold: edgeThreshold,
                          maxFeatures: maxFeatures, root: kind == .rootsift)
        case .hessianAffine:
            HessianAffineExtractor(firstOctave: firstOctave, peakThreshold: peakThreshold, edgeThreshold: edgeThreshold,
                                   maxFeatures: maxFeatures, root: kind == .rootsift)
        }
    }

    /// `RootSIFT`, `SIFT`, `HesAff-RootSIFT`, `HesAff-SIFT`.
    var label: String {
        (detector == .hessianAffine ? "HesAff-" : "") + (kind == .rootsift ? "RootSIFT" : "SIFT")
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

    /// What decides the centres besides the fit images and the features (part of its cache identity; where the fit
    /// set lives on disk does not matter, its content does).
    var fitIdentity: String { "k=\(k) sample=\(sample) seed=\(seed) iterations=\(iterations)" }
}

/// `descriptor` with `kind: vlad | bovw | fisher`: the local features (`features`) of the prepared image (`image`),
/// aggregated against a model learned on the fit set `vocabulary.training` — k-means centres (VLAD, BoVW) or a
/// diagonal GMM (Fisher vectors) from a seeded sample of its local descriptors. The encoding's own keys are decoded
/// by its parameter struct (`Config/LocalEncodings.swift`).
public struct LocalDescriptorConfig: Decodable, Sendable, Equatable {
    public let kind: DescriptorConfig.Kind
    public var image: LocalImageConfig
    public var features: LocalFeaturesConfig
    public var vocabulary: VocabularyConfig
    /// The encoding's parameters (`DescriptorConfig.Kind.localEncoding` names the struct of each kind).
    let encoding: any LocalEncodingParameters

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, image, features, vocabulary }

    init(from decoder: any Decoder, kind: DescriptorConfig.Kind) throws {
        guard let encodingType = kind.localEncoding else {
            preconditionFailure("LocalDescriptorConfig: kind \(kind) is not a local-feature encoding")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.kind = kind
        image = try c.decodeIfPresent(LocalImageConfig.self, forKey: .image) ?? LocalImageConfig()
        features = try c.decodeIfPresent(LocalFeaturesConfig.self, forKey: .features) ?? LocalFeaturesConfig()
        vocabulary = try c.decode(VocabularyConfig.self, forKey: .vocabulary)
        encoding = try encodingType.init(from: decoder)
    }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(DescriptorConfig.Kind.self, forKey: .kind)
        try self.init(from: decoder, kind: kind)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.kind == b.kind && a.image == b.image && a.features == b.features && a.vocabulary == b.vocabulary
            && a.encoding.isEqual(to: b.encoding)
    }

    /// `RootSIFT-VLAD(K=64, intra, α=0.5)`, `HesAff-RootSIFT-BoVW(K=1000, tf-idf)`, `RootSIFT-FV(K=64, improved)`.
    public var label: String { "\(features.label)-\(encoding.label(k: vocabulary.k))" }

    /// The descriptor's dimension D (local descriptors are 128-D SIFT).
    var dimension: Int { encoding.dimension(features: 128, k: vocabulary.k) }
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
