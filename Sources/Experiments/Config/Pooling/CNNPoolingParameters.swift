import CNN
import Configuration
import RetrievalCore

/// The parameters of one pooling of a CNN's map (`descriptor.kind: mac | spoc | gem | rmac | crow | cgd |
/// neural_codes`): decoded strictly from the descriptor's mapping (its own `CaseIterable` `CodingKeys`, beside the
/// shared `network`, `image`, `whitening`), owning its label and its pure math. The cache identity of the pooled
/// output is the decoded parameters (`DecodedText`) with the network's and the preparation's fingerprints.
///
/// Adding a pooling: its math in `RetrievalCore/Pooling/`, one struct here adopting this protocol (or
/// `GlobalPoolingParameters`), one case in `DescriptorConfig.Kind` with its line in `Kind.pooling`, its tests.
protocol CNNPoolingParameters: Decodable, Sendable, Equatable {
    /// The pooling alone, e.g. `GeM(p=3)`, `R-MAC(L=3)`, `CroW(a=2, b=2)`, `CGD(S+M+G3)`.
    var label: String { get }
    /// What is cached per image and scale, from the map (C×H×W): a global pooling's L2-normalised vector (C×1), or
    /// the parts a descriptor whitening acts on (R-MAC's regions C×R, CGD's components C×n).
    func pool(_ map: FeatureTensor) -> Matrix
    /// The L2-normalised descriptor of one scale from its cached `pool` output; `partWhitening` whitens the parts
    /// (R-MAC: one model for every region; CGD: one model per component) before they are combined.
    func descriptor(_ pooled: Matrix, partWhitening: [PCAWhitening]?) -> [Float]
    /// The parts a learned descriptor whitening acts on; nil when it acts on the final descriptor.
    var whitenedParts: WhitenedParts? { get }
    /// How many whitening models the parts take (CGD: one per component).
    var partModels: Int { get }
    /// The exponent q of the multi-scale combination (cirtorch `test.py`: p for GeM, 1 otherwise).
    var multiScaleExponent: Double { get }
    /// Whether it reads a fully connected layer's activation (neural codes) instead of a convolutional map.
    var readsFullyConnectedLayer: Bool { get }
    /// The descriptor's dimension for a map of `channels` channels, whitened to `whitened` dimensions (per part).
    func dimension(channels: Int, whitened: Int?) -> Int
}

/// What a descriptor whitening of a part-based pooling is learned on.
enum WhitenedParts: String, Sendable { case regions, components }

extension CNNPoolingParameters {
    var whitenedParts: WhitenedParts? { nil }
    var partModels: Int { 1 }
    var multiScaleExponent: Double { 1 }
    var readsFullyConnectedLayer: Bool { false }
    func dimension(channels: Int, whitened: Int?) -> Int { whitened ?? channels }

    func descriptor(_ pooled: Matrix, partWhitening: [PCAWhitening]?) -> [Float] {
        precondition(partWhitening == nil && pooled.columns == 1, "\(Self.self): part whitening of a global vector")
        return pooled.values
    }

    func isEqual(to other: any CNNPoolingParameters) -> Bool { (other as? Self) == self }
}

/// A pooling to one C-dimensional vector, cached L2-normalised.
protocol GlobalPoolingParameters: CNNPoolingParameters {
    /// The pooled vector of a C×H×W map (before normalisation).
    func vector(_ map: FeatureTensor) -> [Float]
}

extension GlobalPoolingParameters {
    func pool(_ map: FeatureTensor) -> Matrix {
        var v = vector(map)
        Normalization.l2(&v)
        return Matrix(rows: v.count, columns: 1, values: v)
    }
}

extension KeyedDecodingContainer {
    /// GeM's exponent p (default 3), for `gem` and CGD's GeM component.
    func decodeGeMExponent(_ key: Key) throws -> Double {
        let p = try decodeIfPresent(Double.self, forKey: key) ?? 3
        guard p > 0 else {
            throw ConfigurationError.invalid(at: codingPath + [key], "p = \(p) is not positive",
                                             expected: "p > 0 (1 = average pooling, large p → max pooling)")
        }
        guard p.isFinite, p <= 1000 else {
            throw ConfigurationError.invalid(at: codingPath + [key], "p = \(p) is too large",
                                             expected: "p ≤ 1000 (large p → max pooling; use `kind: mac` for p = ∞)")
        }
        return p
    }
}
