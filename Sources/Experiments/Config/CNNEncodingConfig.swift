import Configuration

/// `descriptor` with `kind: blcf | netvlad`: the positions of a CNN's last convolutional map as L2-normalised local
/// features (C-dimensional, one per position), encoded against K centres learned by seeded k-means on the local
/// features of a declared training split (`descriptor.vocabulary`, the keys of the VLAD vocabulary).
///
/// - `blcf` — bags of local convolutional features (Mohedano, McGuinness, O'Connor, Salvador, Marqués, Giró-i-Nieto,
///   ICMR 2016): each position hard-assigned to its nearest word → BoW histogram → tf-idf with the idf of the
///   indexed database (Sivic & Zisserman 2003, `Encoding.TFIDF`) → L2 → exact cosine search. Dimension K.
/// - `netvlad` — the NetVLAD layer untrained (Arandjelović et al., CVPR 2016): soft assignment
///   softmax_k(−α‖x − c_k‖²), residual sums, intra-normalisation, L2 (`RetrievalCore.NetVLAD`). Dimension C·K.
///   `alpha` overrides α's initialisation from the training features (`NetVLAD.initialAlpha`: the nearest centre
///   on average 100× more likely than the second).
public struct EncodedCNNDescriptorConfig: Decodable, Sendable, Equatable {
    public enum Encoding: Sendable, Equatable {
        case blcf
        /// nil = `NetVLAD.initialAlpha` on the training features.
        case netvlad(alpha: Double?)
    }

    public var network: NetworkConfig
    /// Single scale only (`scales: [1]`).
    public var image: CNNImageConfig
    public var vocabulary: VocabularyConfig
    public var encoding: Encoding

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, network, image, vocabulary, alpha }

    init(from decoder: any Decoder, kind: DescriptorConfig.Kind) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        network = try c.decode(NetworkConfig.self, forKey: .network)
        image = try c.decodeIfPresent(CNNImageConfig.self, forKey: .image) ?? CNNImageConfig()
        vocabulary = try c.decode(VocabularyConfig.self, forKey: .vocabulary)
        if network.isFullyConnected {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.network, NetworkConfig.CodingKeys.layer],
                                             "\(kind.rawValue) encodes the positions of a convolutional map; '\(network.layer)' is fully connected",
                                             expected: "a convolutional layer")
        }
        if image.scales != [1] {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.image], "scales are not supported by \(kind.rawValue)",
                                             expected: "a single scale (no `scales`, or [1])")
        }
        let vocabularyPath = c.codingPath + [CodingKeys.vocabulary]
        let minimum = kind == .netvlad ? 2 : 1
        if vocabulary.k < minimum {
            throw ConfigurationError.invalid(at: vocabularyPath, "K = \(vocabulary.k) words",
                                             expected: "k ≥ \(minimum)\(kind == .netvlad ? " (the α initialisation compares the two nearest centres)" : "")")
        }
        switch kind {
        case .blcf: encoding = .blcf
        case .netvlad:
            let alpha = try c.decodeIfPresent(Double.self, forKey: .alpha)
            if let alpha, !(alpha > 0 && alpha.isFinite) {
                throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.alpha], "α = \(formatParameter(alpha)) is not positive",
                                                 expected: "α > 0 (or no `alpha` to initialise it from the training features)")
            }
            encoding = .netvlad(alpha: alpha)
        default: preconditionFailure("EncodedCNNDescriptorConfig: kind \(kind) is not a CNN encoding")
        }
    }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(DescriptorConfig.Kind.self, forKey: .kind)
        try self.init(from: decoder, kind: kind)
    }

    var kind: DescriptorConfig.Kind {
        switch encoding {
        case .blcf: .blcf
        case .netvlad: .netvlad
        }
    }

    /// The encoding alone: `BLCF(K=1000)`, `NetVLAD(K=64)`, `NetVLAD(K=64, α=10)`.
    var encodingLabel: String {
        switch encoding {
        case .blcf: "BLCF(K=\(vocabulary.k))"
        case .netvlad(let alpha): "NetVLAD(K=\(vocabulary.k)\(alpha.map { ", α=\(formatParameter($0))" } ?? ""))"
        }
    }

    /// Canonical label: `EffNetL0-BLCF(K=1000)@512`, `EffNetL0-NetVLAD(K=64)@512`.
    public var label: String { "\(network.label)-\(encodingLabel)\(image.label)" }
}
