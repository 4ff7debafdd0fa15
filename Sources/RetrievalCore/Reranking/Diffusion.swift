import Foundation

/// Diffusion on a k-nearest-neighbour graph of the database (Iscen, Tolias, Avrithis, Furon & Chum, "Efficient
/// Diffusion on Region Manifolds", CVPR 2017), with the semantics of the authors' MATLAB code
/// (`knngraph.m`, `transition_matrix.m`, `ymake.m`, `dfs.m`):
///
/// | step | definition | parameter |
/// |---|---|---|
/// | graph | the k nearest database vectors of each (itself included, as `knn(X, X, k)`; ties by index); an edge i–j when each is among the other's k; weight w_ij = max(x_iᵀx_j, 0)^γ; no self-loops | `k` (50 global), `gamma` (3) |
/// | normalisation | S = D^(−1/2) W D^(−1/2), D = diag(row sums of W); an isolated vector's row is zero | — |
/// | query | y_j = max(qᵀx_j, 0)^γ on the query's `kq` most similar database vectors (outside its excluded set), 0 elsewhere | `kq` (10) |
/// | ranking | f solving (I − αS) f = y by conjugate gradient from f = 0 (MATLAB `pcg`: stop when ‖y − (I − αS)f‖ ≤ tol·‖y‖ or after `iterations`); images by descending f | `alpha` (0.99), `iterations` (20), `tolerance` (1e−6) |
///
/// Regional diffusion (the paper's §4, `run_test.m` with `feature_type = 'regional'`): the nodes are the database
/// images' region vectors (R-MAC regions), y accumulates, over the query's regions, the similarities of each one's
/// `kq` nearest database regions and keeps the `kq` largest sums (`regionalQueryVector`), and an image's score is the
/// sum of f over its regions (`imageScores`; the authors weight regions by generalised max-pooling coefficients,
/// not applied here). The authors use k = kq = 200 for regions.
///
/// Each query is diffused alone (inductive): the graph is the database's only. (fyang93's re-implementation ranks
/// all queries jointly through an offline matrix and evaluated with an old evaluator; both inflated its published
/// numbers.) Shapes: database D×N; a query's similarities N.
public struct DiffusionGraph: Sendable, Equatable {
    /// N, the number of database vectors (nodes).
    public let count: Int
    /// S in compressed sparse rows: the neighbours of node i are `columns[rowStart[i]..<rowStart[i + 1]]`, ascending.
    public let rowStart: [Int]
    public let columns: [Int]
    public let values: [Float]

    /// The normalised mutual k-NN graph of `database` (D×N), built with blocked sgemm and bounded heaps
    /// (`ExhaustiveSearch.rankings` with a limit).
    public static func build(database: Matrix, k: Int, gamma: Float) -> DiffusionGraph {
        precondition(k >= 1 && gamma > 0, "DiffusionGraph: k = \(k), γ = \(gamma)")
        let n = database.columns, d = database.rows
        let neighbours = ExhaustiveSearch.rankings(database: database, queries: database, limit: min(k, n))
        let lists = neighbours.map(Set.init)
        var rows = [[(Int, Float)]](repeating: [], count: n)
        for i in 0..<n {
            for j in neighbours[i] where j != i && lists[j].contains(i) {
                var s: Float = 0
                for t in 0..<d { s += database.values[i * d + t] * database.values[j * d + t] }
                rows[i].append((j, Float(pow(Double(max(s, 0)), Double(gamma)))))
            }
            rows[i].sort { $0.0 < $1.0 }
        }
        let degree = rows.map { $0.reduce(0) { $0 + Double($1.1) } }
        let scale = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        var rowStart = [0], columns = [Int](), values = [Float]()
        for i in 0..<n {
            for (j, w) in rows[i] {
                columns.append(j)
                values.append(Float(scale[i] * Double(w) * scale[j]))
            }
            rowStart.append(columns.count)
        }
        return DiffusionGraph(count: n, rowStart: rowStart, columns: columns, values: values)
    }

    public init(count: Int, rowStart: [Int], columns: [Int], values: [Float]) {
        precondition(rowStart.count == count + 1 && columns.count == values.count && rowStart.last == columns.count,
                     "DiffusionGraph: inconsistent CSR")
        self.count = count
        self.rowStart = rowStart
        self.columns = columns
        self.values = values
    }

    /// The edges stored (twice the number of mutual pairs).
    public var edges: Int { columns.count }

    /// y of one query from its similarities to the database (length N): max(s, 0)^γ on its `kq` best (ties by
    /// index), `excluded` left out.
    public static func queryVector(similarities: ArraySlice<Float>, kq: Int, gamma: Float, excluded: Set<Int> = []) -> [Float] {
        var y = [Float](repeating: 0, count: similarities.count)
        let base = similarities.startIndex
        for j in ExhaustiveSearch.ranking(similarities: similarities, excluded: excluded, limit: kq) {
            y[j] = Float(pow(Double(max(similarities[base + j], 0)), Double(gamma)))
        }
        return y
    }

    /// y of one query from its r region vectors (D×r) against the database regions (D×R, `owner[c]` the image of
    /// region c): for each query region its `kq` most similar database regions (ties by index) add their similarity
    /// to a per-region sum; y = max(sum, 0)^γ on the `kq` largest sums. Regions of `excludedImages` are left out.
    public static func regionalQueryVector(databaseRegions: Matrix, owner: [Int], queryRegions: Matrix, kq: Int,
                                           gamma: Float, excludedImages: Set<Int> = []) -> [Float] {
        precondition(owner.count == databaseRegions.columns, "DiffusionGraph: \(owner.count) owners for \(databaseRegions.columns) regions")
        let excluded = Set(owner.indices.filter { excludedImages.contains(owner[$0]) })
        let n = databaseRegions.columns
        let s = ExhaustiveSearch.similarities(database: databaseRegions, queries: queryRegions)
        var sums = [Float](repeating: 0, count: n)
        for j in 0..<queryRegions.columns {
            let column = s.values[j * n ..< (j + 1) * n]
            for c in ExhaustiveSearch.ranking(similarities: column, excluded: excluded, limit: kq) { sums[c] += column[j * n + c] }
        }
        var y = [Float](repeating: 0, count: n)
        for c in ExhaustiveSearch.ranking(similarities: sums[...], excluded: excluded, limit: kq) {
            y[c] = Float(pow(Double(max(sums[c], 0)), Double(gamma)))
        }
        return y
    }

    /// Per image, the sum of f over its regions (`owner[c]` the image of node c), for `images` images.
    public static func imageScores(_ f: [Float], owner: [Int], images: Int) -> [Float] {
        var scores = [Float](repeating: 0, count: images)
        for (c, value) in f.enumerated() { scores[owner[c]] += value }
        return scores
    }

    /// (I − αS) v.
    func applySystem(_ v: [Double], alpha: Double) -> [Double] {
        var out = v
        for i in 0..<count {
            var s = 0.0
            for e in rowStart[i]..<rowStart[i + 1] { s += Double(values[e]) * v[columns[e]] }
            out[i] -= alpha * s
        }
        return out
    }

    /// f solving (I − αS) f = y by conjugate gradient (see the type's table); also the iterations used.
    public func diffuse(_ y: [Float], alpha: Float, iterations: Int, tolerance: Float) -> (f: [Float], iterations: Int) {
        precondition(y.count == count, "DiffusionGraph.diffuse: y of length \(y.count) for \(count) nodes")
        let a = Double(alpha)
        let b = y.map(Double.init)
        let norm = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var x = [Double](repeating: 0, count: count)
        guard norm > 0 else { return (x.map(Float.init), 0) }
        var r = b, p = b
        var rr = norm * norm
        var used = 0
        for _ in 0..<iterations {
            let q = applySystem(p, alpha: a)
            var pq = 0.0
            for i in 0..<count { pq += p[i] * q[i] }
            guard pq > 0 else { break }
            let step = rr / pq
            var next = 0.0
            for i in 0..<count {
                x[i] += step * p[i]
                r[i] -= step * q[i]
                next += r[i] * r[i]
            }
            used += 1
            if next.squareRoot() <= Double(tolerance) * norm { break }
            let beta = next / rr
            for i in 0..<count { p[i] = r[i] + beta * p[i] }
            rr = next
        }
        return (x.map(Float.init), used)
    }
}
