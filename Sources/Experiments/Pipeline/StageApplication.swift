import RetrievalCore

extension ReductionStep {
    /// Applies this step to every column of `descriptors` (D×N).
    func apply(to descriptors: inout Matrix) {
        switch self {
        case .l2:
            Normalization.l2Columns(&descriptors)
        case .power(let alpha):
            Normalization.signedPower(&descriptors.values, alpha: Float(alpha))
        }
    }
}

extension RerankStep {
    /// New rankings after this step (same exclusions as the initial search).
    func apply(database: Matrix, queries: Matrix, rankings: [[Int]], excluded: [Set<Int>]) -> [[Int]] {
        switch self {
        case .aqe(let k):
            let expanded = QueryExpansion.expand(queries: queries, database: database, rankings: rankings, k: k)
            return ExhaustiveSearch.rankings(database: database, queries: expanded, excluded: excluded)
        }
    }
}
