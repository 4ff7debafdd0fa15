import Foundation

/// k-reciprocal re-ranking (Zhong, Zheng, Cao & Li, "Re-ranking Person Re-identification with k-reciprocal
/// Encoding", CVPR 2017), with the semantics of the authors' `re_ranking.py` (person-re-ranking):
///
/// | step | definition | parameter |
/// |---|---|---|
/// | distances | over the points P (the query set and the database): d²(i, j) = ‖p_i − p_j‖², each row divided by its maximum → O | — |
/// | k-reciprocal set R(i) | the j among i's k1 + 1 nearest (by O, ties by index, i itself included) that have i among their k1 + 1 nearest | `k1` (20) |
/// | expansion | R(i) ∪ R′(c) for every c ∈ R(i) whose R′(c) (with round-half-even(k1/2)) shares more than ⅔ of its members with R(i) | — |
/// | encoding | V_ij = exp(−O_ij) / Σ over the expanded set, 0 elsewhere | — |
/// | local query expansion | V_i ← mean of V over i's k2 nearest (itself first) when k2 > 1 | `k2` (6) |
/// | Jaccard distance | J(i, j) = 1 − m/(2 − m), m = Σ_l min(V_il, V_jl) | — |
/// | final distance | (1 − λ)·J + λ·O, for queries × database | `lambda` (0.3) |
///
/// The reference puts **all queries** in P together (transductive: one query's re-ranking depends on the others);
/// `jointQueries: false` runs each query alone with the database (inductive). Shapes: database D×N, queries D×M →
/// distances N×M (column j = query j; smaller is better).
public enum KReciprocalReranking {
    public static func distances(database: Matrix, queries: Matrix, k1: Int, k2: Int, lambda: Float,
                                 jointQueries: Bool) -> Matrix {
        precondition(database.rows == queries.rows, "KReciprocalReranking: dimensions differ")
        precondition(k1 >= 1 && k2 >= 1, "KReciprocalReranking: k1 = \(k1), k2 = \(k2)")
        let n = database.columns, m = queries.columns
        var out = Matrix(rows: n, columns: m)
        let groups: [[Int]] = jointQueries ? [Array(0..<m)] : (0..<m).map { [$0] }
        for group in groups {
            let points = Matrix(rows: database.rows, columns: group.count + n,
                                values: queries.columns(group).values + database.values)
            let final = distances(points: points, queryCount: group.count, k1: k1, k2: k2, lambda: lambda)
            for (a, q) in group.enumerated() {
                out.values.replaceSubrange(q * n ..< (q + 1) * n, with: final[a])
            }
        }
        return out
    }

    /// The re-ranked distances of the first `queryCount` points to the others (each row of length P − queryCount).
    static func distances(points p: Matrix, queryCount q: Int, k1: Int, k2: Int, lambda: Float) -> [[Float]] {
        let n = p.columns
        let gram = ExhaustiveSearch.similarities(database: p, queries: p)   // n×n, column j = point j
        let norms = (0..<n).map { gram.values[$0 * n + $0] }
        // O: squared distances (symmetric: the upper triangle's inner products), each row divided by its maximum.
        var o = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                let g = i <= j ? gram.values[j * n + i] : gram.values[i * n + j]
                o[i * n + j] = norms[i] + norms[j] - 2 * g
            }
            let maximum = o[i * n ..< (i + 1) * n].max() ?? 1
            if maximum > 0 { for j in 0..<n { o[i * n + j] /= maximum } }
        }
        let rank: [[Int]] = (0..<n).map { i in
            (0..<n).sorted { a, b in
                let x = o[i * n + a], y = o[i * n + b]
                return x != y ? x < y : a < b
            }
        }
        func reciprocal(_ i: Int, _ k: Int) -> [Int] {
            let forward = rank[i].prefix(k + 1)
            return forward.filter { rank[$0].prefix(k + 1).contains(i) }
        }
        let half = Int((Double(k1) / 2).rounded(.toNearestOrEven))
        var v = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            let r = reciprocal(i, k1)
            var expanded = Set(r)
            let members = Set(r)
            for c in r {
                let rc = reciprocal(c, half)
                if Double(rc.filter(members.contains).count) > 2.0 / 3.0 * Double(rc.count) { expanded.formUnion(rc) }
            }
            let sorted = expanded.sorted()
            let weights = sorted.map { exp(-o[i * n + $0]) }
            let total = weights.reduce(0, +)
            for (j, w) in zip(sorted, weights) { v[i * n + j] = w / total }
        }
        if k2 != 1 {
            var qe = [Float](repeating: 0, count: n * n)
            for i in 0..<n {
                let nearest = rank[i].prefix(k2)
                for j in 0..<n {
                    var s: Float = 0
                    for l in nearest { s += v[l * n + j] }
                    qe[i * n + j] = s / Float(nearest.count)
                }
            }
            v = qe
        }
        return (0..<q).map { i in
            (q..<n).map { j in
                var shared: Float = 0
                for l in 0..<n { shared += min(v[i * n + l], v[j * n + l]) }
                let jaccard = 1 - shared / (2 - shared)
                return jaccard * (1 - lambda) + o[i * n + j] * lambda
            }
        }
    }
}
