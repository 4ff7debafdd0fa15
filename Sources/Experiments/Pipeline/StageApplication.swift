import RetrievalCore

extension RerankStep {
    /// New rankings after this step (same exclusions as the initial search).
    func apply(database: Matrix, queries: Matrix, rankings: [[Int]], excluded: [Set<Int>]) -> [[Int]] {
        switch self {
        case .aqe(let k):
            let expanded = QueryExpansion.expand(queries: queries, database: database, rankings: rankings, k: k)
            return ExhaustiveSearch.rankings(database: database, queries: expanded, excluded: excluded)
        case .alphaQE(let k, let alpha):
            let expanded = QueryExpansion.expand(queries: queries, database: database, rankings: rankings, k: k,
                                                 alpha: Float(alpha))
            return ExhaustiveSearch.rankings(database: database, queries: expanded, excluded: excluded)
        }
    }
}
