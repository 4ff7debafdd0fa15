import Configuration
import RetrievalCore

/// `search:` — nearest-neighbour search of the query descriptors in the database.
public struct SearchConfig: Decodable, Sendable, Equatable {
    /// Search method. `exact`: exhaustive inner product (cosine on L2-normalised descriptors) by sgemm; rankings are
    /// stable, ties broken by ascending database index.
    public enum Kind: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case exact
        public static let configurationNoun = "search method"
    }
    public var kind: Kind = .exact

    enum CodingKeys: String, CodingKey, CaseIterable { case kind }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .exact
    }

    public var label: String { kind.rawValue }
}

/// `evaluation:` — how rankings are scored. Every choice is stored with the results.
public struct EvaluationConfig: Decodable, Sendable, Equatable {
    /// AP variant: `oxford` (compute_ap.cpp trapezoid, Float), `revisitop` (same rule in Double, revisitop's
    /// protocol handling), `finite` (mean precision at each positive).
    public var ap: APVariant = .oxford
    /// Cut-offs for precision@k, recall@k (fraction of positives in the top k) and success@k (any positive in the
    /// top k), and revisitop's mP@k.
    public var ks: [Int] = [1, 5, 10]
    /// How many ids of each query's ranking are stored with its result.
    public var storeTopK: Int = 10

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ap, ks
        case storeTopK = "store_top_k"
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ap = try c.decodeIfPresent(APVariant.self, forKey: .ap) ?? .oxford
        ks = try c.decode([Int].self, forKey: .ks, default: [1, 5, 10],
                          expected: "distinct cut-offs, each 1 ≤ k ≤ 100000") {
            Set($0).count == $0.count && $0.allSatisfy { (1...100_000).contains($0) }
        }
        storeTopK = try c.decode(Int.self, forKey: .storeTopK, default: 10,
                                 expected: "0 ≤ store_top_k ≤ 100000") { (0...100_000).contains($0) }
    }
}

extension APVariant: ConfigurationValueNaming {
    public static let configurationNoun = "AP variant"
}
