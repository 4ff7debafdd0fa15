import Configuration

/// One step of `reduction:` (applied in order). Learned steps are fitted on a declared training split.
public enum ReductionStep: Decodable, Sendable, Equatable {
    /// L2 normalisation of every descriptor.
    case l2
    /// Signed power normalisation x ← sign(x)|x|^alpha.
    case power(alpha: Double)

    public enum Kind: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case l2, power
        public static let configurationNoun = "reduction step"
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, alpha }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .l2: self = .l2
        case .power:
            self = .power(alpha: try c.decode(Double.self, forKey: .alpha,
                                              expected: "0 < alpha ≤ 1 (1 = none, 0.5 = signed square root)",
                                              where: ValidRange.open(0, closed: 1)))
        }
    }

    public var label: String {
        switch self {
        case .l2: "L2"
        case .power(let alpha): "pow(\(formatParameter(alpha)))"
        }
    }
}

/// One step of `rerank:` (applied in order after the initial search).
public enum RerankStep: Decodable, Sendable, Equatable {
    /// Average query expansion (Chum et al., ICCV 2007): the query is replaced by the mean of itself and its top k.
    case aqe(k: Int)

    public enum Kind: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case aqe
        public static let configurationNoun = "re-ranker"
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, k }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .aqe:
            self = .aqe(k: try c.decode(Int.self, forKey: .k, expected: "1 ≤ k ≤ 10000 top results") {
                (1...10_000).contains($0)
            })
        }
    }

    public var label: String {
        switch self {
        case .aqe(let k): "AQE(k=\(k))"
        }
    }
}
