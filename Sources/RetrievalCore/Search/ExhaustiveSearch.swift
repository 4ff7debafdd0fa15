import CLinearAlgebra

/// Exact nearest-neighbour search by inner product (cosine similarity on L2-normalised descriptors).
///
/// Similarities S = Xᵀ Q (N×M) are computed with one `cblas_sgemm` per block of queries, database X (D×N) and
/// queries Q (D×M) as columns. Rankings sort by descending similarity with **ties broken by ascending database
/// index** (a stable order), so the same inputs give the same rankings bit for bit on every machine whose BLAS
/// gives the same similarities. Indices in a query's `excluded` set never appear in its ranking.
public enum ExhaustiveSearch {
    /// Queries per sgemm block: bounds the similarity buffer at N × blockSize Floats.
    public static let blockSize = 256

    /// Similarities of every database column with every query column: an N×M matrix, column j = query j.
    public static func similarities(database: Matrix, queries: Matrix) -> Matrix {
        precondition(database.rows == queries.rows,
                     "ExhaustiveSearch: database dimension \(database.rows) ≠ query dimension \(queries.rows)")
        var s = Matrix(rows: database.columns, columns: queries.columns)
        guard database.columns > 0, queries.columns > 0, database.rows > 0 else { return s }
        database.values.withUnsafeBufferPointer { x in
            queries.values.withUnsafeBufferPointer { q in
                s.values.withUnsafeMutableBufferPointer { out in
                    // S (N×M, column-major) = Xᵀ (N×D) · Q (D×M)
                    cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans,
                                Int32(database.columns), Int32(queries.columns), Int32(database.rows),
                                1, x.baseAddress, Int32(database.rows),
                                q.baseAddress, Int32(queries.rows),
                                0, out.baseAddress, Int32(database.columns))
                }
            }
        }
        return s
    }

    /// The ranking of one similarity column: database indices by descending similarity, ties by ascending index,
    /// `excluded` removed, truncated to `limit` (nil = all).
    public static func ranking(similarities: ArraySlice<Float>, excluded: Set<Int> = [], limit: Int? = nil) -> [Int] {
        let base = similarities.startIndex
        var indices = (0..<similarities.count).filter { !excluded.contains($0) }
        let better: (Int, Int) -> Bool = { a, b in
            let sa = similarities[base + a], sb = similarities[base + b]
            return sa != sb ? sa > sb : a < b
        }
        if let limit, limit < indices.count {
            return TopK.select(indices, count: limit, by: better)
        }
        indices.sort(by: better)
        return indices
    }

    /// Rankings of all queries (column j of `queries`), each with its excluded set, truncated to `limit`.
    public static func rankings(database: Matrix, queries: Matrix, excluded: [Set<Int>]? = nil,
                                limit: Int? = nil) -> [[Int]] {
        precondition(excluded == nil || excluded!.count == queries.columns,
                     "ExhaustiveSearch: \(excluded?.count ?? 0) excluded sets for \(queries.columns) queries")
        var result: [[Int]] = []
        result.reserveCapacity(queries.columns)
        forEachBlock(database: database, queries: queries) { start, s in
            for j in 0..<s.columns {
                let column = s.values[j * s.rows ..< (j + 1) * s.rows]
                result.append(ranking(similarities: column, excluded: excluded?[start + j] ?? [], limit: limit))
            }
        }
        return result
    }

    /// The N×M similarities computed block by block exactly as `rankings` computes them (one sgemm per
    /// `blockSize` queries), so rankings derived from them are bit-identical to `rankings`'.
    public static func blockedSimilarities(database: Matrix, queries: Matrix) -> Matrix {
        var out = Matrix(rows: database.columns, columns: queries.columns)
        forEachBlock(database: database, queries: queries) { start, s in
            out.values.replaceSubrange(start * s.rows ..< (start + s.columns) * s.rows, with: s.values)
        }
        return out
    }

    /// Calls `body(first query index, N×b similarities)` for consecutive blocks of at most `blockSize` queries.
    static func forEachBlock(database: Matrix, queries: Matrix, _ body: (Int, Matrix) -> Void) {
        var start = 0
        while start < queries.columns {
            let end = min(start + blockSize, queries.columns)
            body(start, similarities(database: database, queries: queries.columns(Array(start..<end))))
            start = end
        }
    }
}

/// Partial selection of the best `count` items under a strict total order, returned best first.
enum TopK {
    static func select(_ items: [Int], count: Int, by better: (Int, Int) -> Bool) -> [Int] {
        guard count > 0 else { return [] }
        // A bounded max-heap on "worse": the root is the worst kept item.
        var heap: [Int] = []
        heap.reserveCapacity(count)
        func siftUp(_ i: Int) {
            var i = i
            while i > 0 {
                let p = (i - 1) / 2
                if better(heap[p], heap[i]) { heap.swapAt(p, i); i = p } else { break }
            }
        }
        func siftDown(_ i: Int) {
            var i = i
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < heap.count && better(heap[worst], heap[l]) { worst = l }
                if r < heap.count && better(heap[worst], heap[r]) { worst = r }
                if worst == i { return }
                heap.swapAt(i, worst); i = worst
            }
        }
        for item in items {
            if heap.count < count {
                heap.append(item); siftUp(heap.count - 1)
            } else if better(item, heap[0]) {
                heap[0] = item; siftDown(0)
            }
        }
        return heap.sorted(by: better)
    }
}
