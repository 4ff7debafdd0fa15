import CVLFeat
import RetrievalCore

/// A visual vocabulary: K centres of dimension D (a D×K matrix, one word per column), learned by k-means.
public struct Vocabulary: Sendable, Equatable {
    public let centres: Matrix

    public init(centres: Matrix) { self.centres = centres }

    public var dimension: Int { centres.rows }
    public var size: Int { centres.columns }

    /// k-means through VLFeat (`vl_kmeans`): Elkan's accelerated Lloyd iterations from k-means++ seeding
    /// (Arthur & Vassilvitskii 2007), one repetition, L2 distance.
    ///
    /// | parameter | effect |
    /// |---|---|
    /// | `k` | number of words K |
    /// | `iterations` | maximum Elkan iterations (stops earlier on convergence) |
    /// | `seed` | seeds VLFeat's random generator before k-means++ — same data and seed give identical centres |
    ///
    /// VLFeat's random state is per thread (`vl_get_rand()`); it is seeded right before clustering on the calling
    /// thread, and VLFeat runs single-threaded here so the result does not depend on the thread count.
    public static func fit(_ data: Matrix, k: Int, iterations: Int = 50, seed: UInt64 = 0) -> Vocabulary {
        precondition(k >= 1 && data.columns >= k, "Vocabulary.fit: \(data.columns) descriptors for K = \(k)")
        let threads = vl_get_max_threads()
        vl_set_num_threads(1)
        defer { vl_set_num_threads(threads) }
        vl_rand_seed(vl_get_rand(), vl_uint32(truncatingIfNeeded: seed ^ (seed >> 32)))
        guard let kmeans = vl_kmeans_new(vl_type(VL_TYPE_FLOAT), VlDistanceL2) else {
            preconditionFailure("vl_kmeans_new failed")
        }
        defer { vl_kmeans_delete(kmeans) }
        vl_kmeans_set_algorithm(kmeans, VlKMeansElkan)
        vl_kmeans_set_initialization(kmeans, VlKMeansPlusPlus)
        vl_kmeans_set_max_num_iterations(kmeans, vl_size(iterations))
        vl_kmeans_set_num_repetitions(kmeans, 1)
        data.values.withUnsafeBufferPointer {
            _ = vl_kmeans_cluster(kmeans, $0.baseAddress, vl_size(data.rows), vl_size(data.columns), vl_size(k))
        }
        let pointer = vl_kmeans_get_centers(kmeans)!.assumingMemoryBound(to: Float.self)
        let centres = Array(UnsafeBufferPointer(start: pointer, count: data.rows * k))
        return Vocabulary(centres: Matrix(rows: data.rows, columns: k, values: centres))
    }

    /// Hard assignment of each column of `data` to its nearest centre (squared L2; ties → the lowest index).
    public func assign(_ data: Matrix) -> [Int] {
        precondition(data.rows == dimension, "Vocabulary.assign: dimension \(data.rows) ≠ \(dimension)")
        // ‖x − c‖² = ‖x‖² − 2 xᵀc + ‖c‖²: the argmin over c needs −2 xᵀc + ‖c‖² only.
        let products = ExhaustiveSearch.similarities(database: centres, queries: data)  // K×N
        var norms = [Float](repeating: 0, count: size)
        for j in 0..<size {
            var s: Float = 0
            for i in 0..<dimension { s += centres[i, j] * centres[i, j] }
            norms[j] = s
        }
        return (0..<data.columns).map { n in
            var best = 0
            var bestDistance = Float.infinity
            for j in 0..<size {
                let d = norms[j] - 2 * products[j, n]
                if d < bestDistance { bestDistance = d; best = j }
            }
            return best
        }
    }
}
