import Configuration
import Encoding
import RetrievalCore

/// The parameters of one aggregation of local features (`descriptor.kind: vlad | bovw | fisher`): decoded strictly
/// from the descriptor's mapping beside `image`, `features` and `vocabulary`, owning its label, its dimension, the
/// model it fits (k-means centres or a GMM, on a seeded sample of the fit set's local descriptors) and its encoder.
///
/// Adding an encoding: its math in `Encoding/`, one struct here, one case in `DescriptorConfig.Kind` with its line
/// in `Kind.localEncoding`, its tests.
protocol LocalEncodingParameters: Decodable, Sendable, Equatable {
    /// `VLAD(K=64, intra, α=0.5)`, `BoVW(K=1000, tf-idf)`, `FV(K=64, improved)`.
    func label(k: Int) -> String
    /// The descriptor's dimension for D-dimensional local descriptors and K words / Gaussians.
    func dimension(features d: Int, k: Int) -> Int
    /// The model family (part of the model's cache identity: VLAD and BoVW share k-means centres).
    var model: LocalModel { get }
    /// The per-image encoder from the fitted model. `databaseDescriptors` gives the local descriptors of the indexed
    /// database (cached), for encodings whose weighting is fitted on the index (BoVW's idf).
    func encoder(model: LocalModelValue, databaseDescriptors: () throws -> [Matrix]) throws -> LocalEncoder
}

extension LocalEncodingParameters {
    func isEqual(to other: any LocalEncodingParameters) -> Bool { (other as? Self) == self }
}

/// What a local encoding is fitted against.
enum LocalModel: String, Sendable {
    /// k-means centres (`Vocabulary.fit`, VLFeat k-means++ / Elkan).
    case kMeans = "k-means"
    /// A diagonal Gaussian mixture (`GaussianMixture.fit`, VLFeat EM).
    case gmm = "GMM"
}

/// A fitted local model.
enum LocalModelValue: Sendable {
    case vocabulary(Vocabulary)
    case mixture(GaussianMixture)
}

/// A per-image encoder: the image's D×n local descriptors → its column.
struct LocalEncoder: Sendable {
    let dimension: Int
    let encode: @Sendable (Matrix) -> [Float]
}

/// `kind: vlad` — VLAD (Jégou et al., CVPR 2010) with intra-normalisation (Arandjelović & Zisserman, CVPR 2013) and
/// signed power normalisation, then L2 (`Encoding.VLADEncoder`).
struct VLADParameters: LocalEncodingParameters {
    /// L2-normalise each word's residual sum before concatenation.
    var intraNormalization = true
    /// α of x ← sign(x)|x|^α; 1 = none, 0.5 = signed square root.
    var power = 0.5

    enum CodingKeys: String, CodingKey, CaseIterable { case intraNormalization = "intra_normalization", power }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        intraNormalization = try c.decodeIfPresent(Bool.self, forKey: .intraNormalization) ?? true
        power = try c.decode(Double.self, forKey: .power, default: 0.5,
                             expected: "0 < power ≤ 1 (1 = none, 0.5 = signed square root)",
                             where: ValidRange.open(0, closed: 1))
    }

    func label(k: Int) -> String {
        var options = ["K=\(k)"]
        if intraNormalization { options.append("intra") }
        if power != 1 { options.append("α=\(formatParameter(power))") }
        return "VLAD(\(options.joined(separator: ", ")))"
    }

    func dimension(features d: Int, k: Int) -> Int { d * k }
    var model: LocalModel { .kMeans }

    func encoder(model: LocalModelValue, databaseDescriptors: () throws -> [Matrix]) throws -> LocalEncoder {
        guard case .vocabulary(let vocabulary) = model else { preconditionFailure("VLAD needs k-means centres") }
        let vlad = VLADEncoder(vocabulary: vocabulary, intraNormalization: intraNormalization, power: Float(power))
        return LocalEncoder(dimension: vlad.dimension) { vlad.encode($0) }
    }
}

/// `kind: bovw` — bag of visual words with tf-idf (Sivic & Zisserman, ICCV 2003): each local descriptor assigned to
/// its nearest word — exactly (`assigner: exact`) or by VLFeat's randomised kd-forest (`assigner: kd-forest`,
/// `trees`, `checks`; Philbin et al., CVPR 2007) — then tf-idf with the idf of the indexed database, L2; searched
/// exactly as dense K-dimensional columns (the cosine equals the inverted-file score, `Encoding.InvertedFile`).
struct BoVWParameters: LocalEncodingParameters {
    enum Assigner: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case exact
        case kdForest = "kd-forest"
        static let configurationNoun = "word assigner"
    }

    var assigner: Assigner = .exact
    /// kd-forest only: randomised trees searched together.
    var trees = 4
    /// kd-forest only: distance evaluations per descriptor (0 = unlimited).
    var checks = 512

    enum CodingKeys: String, CodingKey, CaseIterable { case assigner, trees, checks }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        assigner = try c.decodeIfPresent(Assigner.self, forKey: .assigner) ?? .exact
        if assigner == .kdForest {
            trees = try c.decode(Int.self, forKey: .trees, default: 4, expected: "1 ≤ trees ≤ 64") { (1...64).contains($0) }
            checks = try c.decode(Int.self, forKey: .checks, default: 512,
                                  expected: "0 (unlimited) ≤ checks ≤ 1000000") { (0...1_000_000).contains($0) }
        }
    }

    func label(k: Int) -> String {
        "BoVW(K=\(k), tf-idf" + (assigner == .kdForest ? ", kd-forest(trees=\(trees), checks=\(checks))" : "") + ")"
    }

    func dimension(features d: Int, k: Int) -> Int { k }
    var model: LocalModel { .kMeans }

    func encoder(model: LocalModelValue, databaseDescriptors: () throws -> [Matrix]) throws -> LocalEncoder {
        guard case .vocabulary(let vocabulary) = model else { preconditionFailure("BoVW needs k-means centres") }
        let forest = assigner == .kdForest
            ? try KDForestAssigner(vocabulary: vocabulary, trees: trees, maxComparisons: checks) : nil
        let unweighted = BoVWEncoder(vocabulary: vocabulary, weighting: TFIDF(idf: [Float](repeating: 1, count: vocabulary.size)),
                                     assigner: forest)
        let weighting = TFIDF.fit(database: try databaseDescriptors().map(unweighted.words), vocabularySize: vocabulary.size)
        let bovw = BoVWEncoder(vocabulary: vocabulary, weighting: weighting, assigner: forest)
        let k = vocabulary.size
        return LocalEncoder(dimension: k) { descriptors in
            let sparse = bovw.encode(descriptors)
            var dense = [Float](repeating: 0, count: k)
            for (w, x) in zip(sparse.indices, sparse.values) { dense[w] = x }
            return dense
        }
    }
}

/// `kind: fisher` — improved Fisher vectors (Perronnin, Sánchez & Mensink, ECCV 2010; `Encoding.FisherVectorEncoder`):
/// gradients with respect to the means and variances of a diagonal GMM with K = `vocabulary.k` Gaussians, signed
/// square root, L2. Dimension 2·D·K. (The paper reduces SIFT to 64-D by PCA first; that is not applied here.)
struct FisherParameters: LocalEncodingParameters {
    enum CodingKeys: String, CodingKey, CaseIterable { case kind }

    init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: CodingKeys.self) }

    func label(k: Int) -> String { "FV(K=\(k), improved)" }
    func dimension(features d: Int, k: Int) -> Int { 2 * d * k }
    var model: LocalModel { .gmm }

    func encoder(model: LocalModelValue, databaseDescriptors: () throws -> [Matrix]) throws -> LocalEncoder {
        guard case .mixture(let mixture) = model else { preconditionFailure("Fisher vectors need a GMM") }
        let fisher = FisherVectorEncoder(mixture: mixture)
        return LocalEncoder(dimension: fisher.dimension) { fisher.encode($0) }
    }
}
