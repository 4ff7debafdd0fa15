/// Query expansion (Chum, Philbin, Sivic, Isard, Zisserman, "Total Recall", ICCV 2007) on global descriptors.
///
/// | method | new query | parameter |
/// |---|---|---|
/// | average QE (AQE) | L2(q + Σ_{i ≤ k} x_{r_i}) | `k`: top results averaged with the query |
/// | α-weighted QE (αQE, Radenović et al. TPAMI 2018) | L2(q + Σ_{i ≤ k} (qᵀx_{r_i})^α · x_{r_i}) | `k`, `α` (α = 0: AQE) |
///
/// Shapes: database D×N, queries D×M, `rankings[j]` database indices best first; returns new queries D×M.
public enum QueryExpansion {
    public static func expand(queries: Matrix, database: Matrix, rankings: [[Int]], k: Int, alpha: Float = 0) -> Matrix {
        precondition(queries.rows == database.rows, "QueryExpansion: dimensions \(queries.rows) vs \(database.rows)")
        precondition(rankings.count == queries.columns, "QueryExpansion: \(rankings.count) rankings for \(queries.columns) queries")
        let d = queries.rows
        var out = queries
        for j in 0..<queries.columns {
            let q = queries.values[j * d ..< (j + 1) * d]
            var sum = Array(q)
            for i in rankings[j].prefix(k) {
                let x = database.values[i * d ..< (i + 1) * d]
                var weight: Float = 1
                if alpha != 0 {
                    var s: Float = 0
                    for (a, b) in zip(q, x) { s += a * b }
                    weight = Float(pow(Double(max(s, 0)), Double(alpha)))
                }
                for (t, v) in x.enumerated() { sum[t] += weight * v }
            }
            Normalization.l2(&sum)
            out.values.replaceSubrange(j * d ..< (j + 1) * d, with: sum)
        }
        return out
    }
}

import Foundation
