import Configuration

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
