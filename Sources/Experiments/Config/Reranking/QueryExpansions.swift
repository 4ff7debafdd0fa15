import Configuration
import RetrievalCore

extension KeyedDecodingContainer {
    /// A re-ranker's neighbour count (`k`, `k1`, `kq`), 1 … 10000.
    func decodeNeighbours(_ key: Key, default value: Int? = nil) throws -> Int {
        let expected = "1 ≤ \(key.stringValue) ≤ 10000"
        guard let value else { return try decode(Int.self, forKey: key, expected: expected) { (1...10_000).contains($0) } }
        return try decode(Int.self, forKey: key, default: value, expected: expected) { (1...10_000).contains($0) }
    }
}

/// `kind: aqe` — average query expansion (Chum, Philbin, Sivic, Isard & Zisserman, ICCV 2007): each query replaced by
/// L2(q + Σ of its top k) and searched again (`RetrievalCore.QueryExpansion`).
struct AverageQueryExpansionParameters: ReRankerParameters {
    var k: Int
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, k }
    init(from decoder: any Decoder) throws { k = try decoder.container(keyedBy: CodingKeys.self).decodeNeighbours(.k) }

    var label: String { "AQE(k=\(k))" }
    func check(databaseSize n: Int) -> StageProblem? { neighbourhood("k", k, databaseSize: n) }

    func apply(_ state: RankingState) -> RankingState { state.queriesExpanded(k: k, alpha: 0) }
}

/// `kind: alpha-qe` — α-weighted query expansion (Radenović, Tolias & Chum, TPAMI 2018): L2(q + Σ_{i ≤ k}
/// max(qᵀx_i, 0)^α x_i), searched again; α = 0 is AQE.
struct AlphaQueryExpansionParameters: ReRankerParameters {
    var k: Int
    var alpha = 3.0
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, k, alpha }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        k = try c.decodeNeighbours(.k)
        alpha = try c.decode(Double.self, forKey: .alpha, default: 3, expected: "0 ≤ alpha ≤ 100 (0 = AQE; the paper uses 3)",
                             where: ValidRange.closed(0, 100))
    }

    var label: String { "αQE(k=\(k), α=\(formatParameter(alpha)))" }
    func check(databaseSize n: Int) -> StageProblem? { neighbourhood("k", k, databaseSize: n) }

    func apply(_ state: RankingState) -> RankingState { state.queriesExpanded(k: k, alpha: Float(alpha)) }
}

/// `kind: dba` — database-side augmentation (`RetrievalCore.DatabaseSideAugmentation`): offline, every database
/// vector replaced by L2(x + Σ of its k nearest other database vectors, weights max(sim, 0)^α); the queries are then
/// searched against the augmented database (follow with `aqe`/`alpha-qe` to expand them too).
struct DatabaseSideAugmentationParameters: ReRankerParameters {
    var k: Int
    var alpha = 0.0
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, k, alpha }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        k = try c.decodeNeighbours(.k)
        alpha = try c.decode(Double.self, forKey: .alpha, default: 0, expected: "0 ≤ alpha ≤ 100 (0 = the plain average)",
                             where: ValidRange.closed(0, 100))
    }

    var label: String { alpha == 0 ? "DBA(k=\(k))" : "αDBA(k=\(k), α=\(formatParameter(alpha)))" }
    /// k other database vectors.
    func check(databaseSize n: Int) -> StageProblem? { neighbourhood("k", k, others: 1, databaseSize: n) }

    func apply(_ state: RankingState) -> RankingState {
        state.searchedAgain(database: DatabaseSideAugmentation.augment(state.database, k: k, alpha: Float(alpha)))
    }
}

extension RankingState {
    /// Each query replaced by its α-weighted expansion over its current top k (`QueryExpansion.expand`; α = 0 is
    /// AQE), then searched again.
    func queriesExpanded(k: Int, alpha: Float) -> RankingState {
        let top = (0..<queries.columns).map { ranking($0, limit: k) }
        return searchedAgain(queries: QueryExpansion.expand(queries: queries, database: database, rankings: top, k: k,
                                                            alpha: alpha))
    }
}
