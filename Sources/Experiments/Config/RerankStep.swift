import Configuration
import RetrievalCore

/// One step of `rerank:`, applied in order after the initial search; steps chain (each receives the descriptors,
/// the scores and the rankings the step before left).
///
/// | kind | parameters (defaults) | method | queries |
/// |---|---|---|---|
/// | `aqe` | `k` | average query expansion (Chum et al., ICCV 2007): q ← L2(q + Σ of its top k), searched again | inductive |
/// | `alpha-qe` | `k`, `alpha` (3) | α-weighted QE (Radenović, Tolias & Chum, TPAMI 2018): weights max(qᵀx, 0)^α; α = 0 is AQE | inductive |
/// | `dba` | `k`, `alpha` (0) | database-side augmentation (Arandjelović & Zisserman 2012; Gordo et al. 2017), offline; queries searched against the augmented database | inductive |
/// | `diffusion` | `k` (50), `kq` (10), `gamma` (3), `alpha` (0.99), `iterations` (20), `tolerance` (1e−6) | Iscen et al., CVPR 2017: each query diffused alone on the database's mutual k-NN graph | inductive |
/// | `k-reciprocal` | `k1` (20), `k2` (6), `lambda` (0.3), `queries` (`each`) | Zhong et al., CVPR 2017; `joint` puts all queries in one graph as the authors' code does | `each`: inductive, `joint`: transductive |
///
/// Adding a re-ranker: its math in `RetrievalCore/Reranking/`, its parameter struct in `Config/Reranking/` adopting
/// `ReRankerParameters`, one line in `Kind.parameters`, its tests.
public struct RerankStep: Decodable, Sendable, Equatable {
    let parameters: any ReRankerParameters

    public enum Kind: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case aqe
        case alphaQE = "alpha-qe"
        case dba, diffusion
        case kReciprocal = "k-reciprocal"
        public static let configurationNoun = "re-ranker"

        var parameters: any ReRankerParameters.Type {
            switch self {
            case .aqe: AverageQueryExpansionParameters.self
            case .alphaQE: AlphaQueryExpansionParameters.self
            case .dba: DatabaseSideAugmentationParameters.self
            case .diffusion: DiffusionParameters.self
            case .kReciprocal: KReciprocalParameters.self
            }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(Kind.self, forKey: .kind)
        parameters = try kind.parameters.init(from: decoder)
    }

    public static func == (a: RerankStep, b: RerankStep) -> Bool { a.parameters.isEqual(to: b.parameters) }

    /// `AQE(k=2)`, `αQE(k=2, α=3)`, `DBA(k=10)`, `Diffusion(k=50, kq=10, γ=3, α=0.99)`, `kRR(k1=20, k2=6, λ=0.3)`.
    public var label: String { parameters.label }

    /// Whether a query's result depends on the other queries (stored with the run, marked in reports).
    public var isTransductive: Bool { parameters.isTransductive }
}

/// The parameters of one kind of re-ranker: decoded strictly (its own `CaseIterable` `CodingKeys` with `kind`),
/// owning its label, whether it is transductive, its database-size check and its application.
protocol ReRankerParameters: Decodable, Sendable, Equatable {
    var label: String { get }
    /// A query's result depends on other queries (not only on itself and the database).
    var isTransductive: Bool { get }
    /// The problem with this step on a database of n images (a neighbourhood larger than it), or nil; checked when
    /// the run starts, before any extraction.
    func check(databaseSize n: Int) -> StageProblem?
    /// Whether the step needs the images' region vectors (`RankingState.regions`); checked at plan time against the
    /// descriptor.
    var needsRegions: Bool { get }
    /// The state after this step.
    func apply(_ state: RankingState) -> RankingState
}

extension ReRankerParameters {
    var isTransductive: Bool { false }
    var needsRegions: Bool { false }

    /// The problem of a neighbourhood `key` = `value` that needs `value + others` database images (`problem` is the
    /// value as written).
    func neighbourhood(_ key: String, _ value: Int, others: Int = 0, databaseSize n: Int) -> StageProblem? {
        value + others <= n ? nil
            : StageProblem(key: key, problem: String(value), expected: "at most \(n - others): the database has \(n) images")
    }
    func isEqual(to other: any ReRankerParameters) -> Bool { (other as? Self) == self }
}

/// What re-rankers pass along: the descriptors (database D×N, queries D×M), the score of every database image for
/// every query (N×M, larger is better: similarities, diffusion mass, negated distances) and each query's excluded
/// set. Rankings are read from the scores: descending, ties by ascending database index, excluded removed.
struct RankingState: Sendable {
    var database: Matrix
    var queries: Matrix
    var scores: Matrix
    let excluded: [Set<Int>]
    /// The images' region vectors, for regional re-rankers (nil unless one is configured).
    var regions: RegionSets?

    /// The initial search: exact similarities, computed as `ExhaustiveSearch.rankings` computes them.
    init(database: Matrix, queries: Matrix, excluded: [Set<Int>]) {
        self.database = database
        self.queries = queries
        self.excluded = excluded
        scores = ExhaustiveSearch.blockedSimilarities(database: database, queries: queries)
    }

    /// Query j's ranking (`limit` first, or all).
    func ranking(_ j: Int, limit: Int? = nil) -> [Int] {
        ExhaustiveSearch.ranking(similarities: scores.values[j * scores.rows ..< (j + 1) * scores.rows],
                                 excluded: excluded[j], limit: limit)
    }

    var rankings: [[Int]] { (0..<scores.columns).map { ranking($0) } }

    /// The same state searched again with new queries and/or a new database.
    func searchedAgain(database: Matrix? = nil, queries: Matrix? = nil) -> RankingState {
        var next = RankingState(database: database ?? self.database, queries: queries ?? self.queries, excluded: excluded)
        next.regions = regions
        return next
    }
}

/// Region vectors of the database and query images (R-MAC regions, every scale, L2-normalised and part-whitened as
/// the descriptor's): the database's as one D×R matrix with the image of each column, the queries' one D×r each.
struct RegionSets: Sendable {
    let database: Matrix
    let owner: [Int]
    let queries: [Matrix]

    init(database: [Matrix], queries: [Matrix]) {
        self.database = Matrix(concatenating: database)
        owner = database.enumerated().flatMap { i, m in [Int](repeating: i, count: m.columns) }
        self.queries = queries
    }
}
