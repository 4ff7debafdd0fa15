/// Database-side augmentation, DBA (Arandjelović & Zisserman, CVPR 2012; Gordo, Almazán, Revaud & Larlus, IJCV
/// 2017; α-weighted as Radenović, Tolias & Chum, TPAMI 2018): every database vector replaced, offline, by
///
///   x_i ← L2(x_i + Σ_{j ∈ N_k(i)} max(x_iᵀx_j, 0)^α · x_j),
///
/// N_k(i) its k nearest *other* database vectors (similarity descending, ties by ascending index). α = 0 weighs
/// every neighbour 1 (the average of Arandjelović & Zisserman). It is the α-QE of each database vector against the
/// database (`QueryExpansion.expand`), so the two agree by construction. Shapes: database D×N → D×N.
public enum DatabaseSideAugmentation {
    public static func augment(_ database: Matrix, k: Int, alpha: Float = 0) -> Matrix {
        precondition(k >= 1, "DatabaseSideAugmentation: k = \(k)")
        let n = database.columns
        let neighbours = ExhaustiveSearch.rankings(database: database, queries: database,
                                                   excluded: (0..<n).map { [$0] }, limit: k)
        return QueryExpansion.expand(queries: database, database: database, rankings: neighbours, k: k, alpha: alpha)
    }
}
