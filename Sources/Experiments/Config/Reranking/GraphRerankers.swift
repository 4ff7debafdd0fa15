import Configuration
import RetrievalCore

/// `kind: diffusion` — Iscen et al., CVPR 2017 (`RetrievalCore.DiffusionGraph`): the mutual k-NN graph of the
/// database (offline), then per query the linear system (I − αS) f = y solved by conjugate gradient; images ranked
/// by f. Each query is diffused alone. `regional: true` diffuses over the images' R-MAC region vectors (one node per
/// region; an image's score is the sum over its regions; the authors use k = kq = 200 there).
struct DiffusionParameters: ReRankerParameters {
    var k = 50
    var kq = 10
    var gamma = 3.0
    var alpha = 0.99
    var iterations = 20
    var tolerance = 1e-6
    var regional = false

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, k, kq, gamma, alpha, iterations, tolerance, regional }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        k = try c.decodeNeighbours(.k, default: 50)
        kq = try c.decodeNeighbours(.kq, default: 10)
        gamma = try c.decode(Double.self, forKey: .gamma, default: 3, expected: "0 < gamma ≤ 100 (the paper uses 3)",
                             where: ValidRange.open(0, closed: 100))
        alpha = try c.decode(Double.self, forKey: .alpha, default: 0.99, expected: "0 < alpha < 1 (the paper uses 0.99)") {
            $0.isFinite && $0 > 0 && $0 < 1
        }
        iterations = try c.decode(Int.self, forKey: .iterations, default: 20, expected: "1 ≤ iterations ≤ 10000") {
            (1...10_000).contains($0)
        }
        tolerance = try c.decode(Double.self, forKey: .tolerance, default: 1e-6, expected: "0 < tolerance < 1",
                                 where: { $0.isFinite && $0 > 0 && $0 < 1 })
        regional = try c.decodeIfPresent(Bool.self, forKey: .regional) ?? false
    }

    var label: String {
        "Diffusion(\(regional ? "regional, " : "")k=\(k), kq=\(kq), γ=\(formatParameter(gamma)), α=\(formatParameter(alpha)))"
    }
    /// Global: k and kq images; regional: nodes are regions, which outnumber the images (k larger than the regions
    /// keeps every region).
    func check(databaseSize n: Int) -> StageProblem? {
        regional ? nil : neighbourhood("k", k, databaseSize: n) ?? neighbourhood("kq", kq, databaseSize: n)
    }
    var needsRegions: Bool { regional }

    func apply(_ state: RankingState) -> RankingState {
        regional ? applyRegional(state) : applyGlobal(state)
    }

    func applyRegional(_ state: RankingState) -> RankingState {
        guard let regions = state.regions else { preconditionFailure("regional diffusion without region vectors") }
        let graph = DiffusionGraph.build(database: regions.database, k: k, gamma: Float(gamma))
        var next = state
        let n = state.scores.rows
        for j in 0..<state.scores.columns {
            let y = DiffusionGraph.regionalQueryVector(databaseRegions: regions.database, owner: regions.owner,
                                                       queryRegions: regions.queries[j], kq: kq, gamma: Float(gamma),
                                                       excludedImages: state.excluded[j])
            let f = graph.diffuse(y, alpha: Float(alpha), iterations: iterations, tolerance: Float(tolerance)).f
            next.scores.values.replaceSubrange(j * n ..< (j + 1) * n,
                                               with: DiffusionGraph.imageScores(f, owner: regions.owner, images: n))
        }
        return next
    }

    func applyGlobal(_ state: RankingState) -> RankingState {
        let graph = DiffusionGraph.build(database: state.database, k: k, gamma: Float(gamma))
        var next = state
        let n = state.scores.rows
        for j in 0..<state.scores.columns {
            let y = DiffusionGraph.queryVector(similarities: state.scores.values[j * n ..< (j + 1) * n], kq: kq,
                                               gamma: Float(gamma), excluded: state.excluded[j])
            let f = graph.diffuse(y, alpha: Float(alpha), iterations: iterations, tolerance: Float(tolerance)).f
            next.scores.values.replaceSubrange(j * n ..< (j + 1) * n, with: f)
        }
        return next
    }
}

/// `kind: k-reciprocal` — Zhong et al., CVPR 2017 (`RetrievalCore.KReciprocalReranking`): Jaccard distance of
/// k-reciprocal encodings mixed with the original distance by λ; images ranked by the final distance. `queries:
/// each` re-ranks every query alone with the database (inductive); `joint` puts all queries in one graph, as the
/// authors' `re_ranking.py` does (transductive: a query's result depends on the others).
struct KReciprocalParameters: ReRankerParameters {
    enum Queries: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case each, joint
        static let configurationNoun = "query mode"
    }

    var k1 = 20
    var k2 = 6
    var lambda = 0.3
    var queries: Queries = .each

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, k1, k2, lambda, queries }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        k1 = try c.decodeNeighbours(.k1, default: 20)
        k2 = try c.decodeNeighbours(.k2, default: 6)
        lambda = try c.decode(Double.self, forKey: .lambda, default: 0.3, expected: "0 ≤ lambda ≤ 1 (the paper uses 0.3)",
                              where: ValidRange.closed(0, 1))
        queries = try c.decodeIfPresent(Queries.self, forKey: .queries) ?? .each
    }

    var label: String {
        "kRR(k1=\(k1), k2=\(k2), λ=\(formatParameter(lambda))\(queries == .joint ? ", joint" : ""))"
    }
    var isTransductive: Bool { queries == .joint }
    func check(databaseSize n: Int) -> StageProblem? {
        neighbourhood("k1", k1, databaseSize: n) ?? neighbourhood("k2", k2, databaseSize: n)
    }

    func apply(_ state: RankingState) -> RankingState {
        var next = state
        let distances = KReciprocalReranking.distances(database: state.database, queries: state.queries, k1: k1, k2: k2,
                                                       lambda: Float(lambda), jointQueries: queries == .joint)
        next.scores = Matrix(rows: distances.rows, columns: distances.columns, values: distances.values.map { -$0 })
        return next
    }
}
