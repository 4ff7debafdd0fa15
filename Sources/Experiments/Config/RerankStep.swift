import Configuration

/// One step of `rerank:` (applied in order after the initial search; each searches again with its new queries).
///
/// | kind | parameters | method |
/// |---|---|---|
/// | `aqe` | `k` | average query expansion (Chum et al., ICCV 2007): the query replaced by L2(q + Σ of its top k) |
/// | `alpha-qe` | `k`, `alpha` (3) | α-weighted QE (Radenović, Tolias & Chum, TPAMI 2018): L2(q + Σ_{i ≤ k} max(qᵀx_i, 0)^α x_i); α = 0 is AQE |
public enum RerankStep: Decodable, Sendable, Equatable {
    case aqe(k: Int)
    case alphaQE(k: Int, alpha: Double)

    public enum Kind: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case aqe
        case alphaQE = "alpha-qe"
        public static let configurationNoun = "re-ranker"
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, k, alpha }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let k = { try c.decode(Int.self, forKey: .k, expected: "1 ≤ k ≤ 10000 top results") { (1...10_000).contains($0) } }
        switch try c.decode(Kind.self, forKey: .kind) {
        case .aqe:
            self = .aqe(k: try k())
        case .alphaQE:
            self = .alphaQE(k: try k(), alpha: try c.decode(Double.self, forKey: .alpha, default: 3,
                                                            expected: "0 ≤ alpha ≤ 100 (0 = AQE; the paper uses 3)",
                                                            where: ValidRange.closed(0, 100)))
        }
    }

    /// `AQE(k=2)`, `αQE(k=2, α=3)`.
    public var label: String {
        switch self {
        case .aqe(let k): "AQE(k=\(k))"
        case .alphaQE(let k, let alpha): "αQE(k=\(k), α=\(formatParameter(alpha)))"
        }
    }
}
