import CVLFeat
import RetrievalCore

/// The k-means variant of `Vocabulary.fit`. Both minimise the same objective from the same seeding; Elkan's
/// (ICML 2003) skips distance computations with the triangle inequality, Lloyd's is the plain iteration.
public enum KMeansAlgorithm: String, Sendable, Equatable, CaseIterable {
    case elkan
    case lloyd

    var vlfeat: VlKMeansAlgorithm { self == .elkan ? VlKMeansElkan : VlKMeansLloyd }
}

/// A visual vocabulary: K centres of dimension D (a D×K matrix, one word per column), learned by k-means.
/// Immutable: `fit` returns it, `assign` applies it.
public struct Vocabulary: Sendable, Equatable {
    public let centres: Matrix

    public init(centres: Matrix) { self.centres = centres }

    public var dimension: Int { centres.rows }
    public var size: Int { centres.columns }

    /// k-means through VLFeat (`vl_kmeans`, VLFeat 0.9.21) from k-means++ seeding (Arthur & Vassilvitskii 2007),
    /// one repetition, L2 distance, on the D×N columns of `data`.
    ///
    /// | parameter | default | effect |
    /// |---|---|---|
    /// | `k` | — | number of words K (N ≥ K required) |
    /// | `iterations` | 50 | maximum iterations (stops earlier on convergence) |
    /// | `seed` | 0 | seeds VLFeat's random generator before k-means++ — same data and seed give bit-identical centres |
    /// | `algorithm` | `.elkan` | Elkan or Lloyd iterations |
    ///
    /// Reproducibility: VLFeat's random generator (`vl_get_rand()`) is **per-thread state** (VLFeat keeps one
    /// `VlThreadState` per thread), so this function seeds it on the calling thread immediately before clustering,
    /// with the 32-bit seed `seed ⊕ (seed >> 32)` (Mersenne Twister `vl_rand_seed`). VLFeat's own OpenMP
    /// parallelism is switched off for the duration (`vl_set_num_threads(1)`), so the summation order and hence
    /// the centres do not depend on the machine's core count. Concurrent calls on different threads do not share
    /// random state.
    public static func fit(_ data: Matrix, k: Int, iterations: Int = 50, seed: UInt64 = 0,
                           algorithm: KMeansAlgorithm = .elkan) -> Vocabulary {
        precondition(k >= 1 && data.columns >= k, "Vocabulary.fit: \(data.columns) descriptors for K = \(k)")
        precondition(iterations >= 1, "Vocabulary.fit: iterations \(iterations) < 1")
        let threads = vl_get_max_threads()
        vl_set_num_threads(1)
        defer { vl_set_num_threads(threads) }
        vl_rand_seed(vl_get_rand(), vl_uint32(truncatingIfNeeded: seed ^ (seed >> 32)))
        guard let kmeans = vl_kmeans_new(vl_type(VL_TYPE_FLOAT), VlDistanceL2) else {
            preconditionFailure("vl_kmeans_new returned NULL (out of memory)")
        }
        defer { vl_kmeans_delete(kmeans) }
        vl_kmeans_set_algorithm(kmeans, algorithm.vlfeat)
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

    /// `fit` on at most `sample` columns of `data`, drawn uniformly without replacement by a seeded partial
    /// Fisher–Yates shuffle (SplitMix64(seed)) and kept in their original order; throws instead of trapping when
    /// N < K or a value is not finite.
    public static func fit(_ data: Matrix, k: Int, sample: Int, iterations: Int = 50, seed: UInt64 = 0,
                           algorithm: KMeansAlgorithm = .elkan) throws -> Vocabulary {
        precondition(sample >= 1, "Vocabulary.fit: sample \(sample) < 1")
        guard data.columns >= k else {
            throw EncodingError.tooFewTrainingDescriptors(model: "k-means(K=\(k))", count: data.columns, k: k)
        }
        if let bad = data.values.firstIndex(where: { !$0.isFinite }) {
            throw EncodingError.nonFiniteTrainingData(model: "k-means(K=\(k))", column: bad / max(1, data.rows))
        }
        let chosen = SeededSample.indices(count: data.columns, take: sample, seed: seed)
        return fit(chosen.count == data.columns ? data : data.columns(chosen), k: k, iterations: iterations,
                   seed: seed, algorithm: algorithm)
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
