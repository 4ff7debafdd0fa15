import CVLFeat
import RetrievalCore

/// A diagonal-covariance Gaussian mixture model of local descriptors, learned by EM through VLFeat (`vl_gmm`):
/// K components with priors π_k (length K), means μ_k (D×K) and diagonal variances σ²_k (D×K).
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `k` | — | number of Gaussians K (N ≥ K required) |
/// | `iterations` | 100 | maximum EM iterations |
/// | `seed` | 0 | seeds VLFeat's per-thread generator before the k-means initialisation (see `Vocabulary.fit`) |
///
/// Initialisation: VLFeat's `VlGMMKMeans` (k-means, then per-cluster statistics); one repetition; VLFeat's default
/// variance floor. VLFeat runs single-threaded during `fit` so the result does not depend on the core count.
public struct GaussianMixture: Sendable, Equatable {
    public let priors: [Float]
    public let means: Matrix
    public let variances: Matrix

    public init(priors: [Float], means: Matrix, variances: Matrix) {
        precondition(priors.count == means.columns && means.rows == variances.rows && means.columns == variances.columns,
                     "GaussianMixture: priors \(priors.count), means \(means.rows)×\(means.columns), "
                        + "variances \(variances.rows)×\(variances.columns)")
        self.priors = priors
        self.means = means
        self.variances = variances
    }

    public var dimension: Int { means.rows }
    public var size: Int { means.columns }

    public static func fit(_ data: Matrix, k: Int, iterations: Int = 100, seed: UInt64 = 0) throws -> GaussianMixture {
        guard data.columns >= k else {
            throw EncodingError.tooFewTrainingDescriptors(model: "GMM(K=\(k))", count: data.columns, k: k)
        }
        if let bad = data.values.firstIndex(where: { !$0.isFinite }) {
            throw EncodingError.nonFiniteTrainingData(model: "GMM(K=\(k))", column: bad / max(1, data.rows))
        }
        precondition(k >= 1 && iterations >= 1, "GaussianMixture.fit: K ≥ 1 and iterations ≥ 1")
        let threads = vl_get_max_threads()
        vl_set_num_threads(1)
        defer { vl_set_num_threads(threads) }
        vl_rand_seed(vl_get_rand(), vl_uint32(truncatingIfNeeded: seed ^ (seed >> 32)))
        guard let gmm = vl_gmm_new(vl_type(VL_TYPE_FLOAT), vl_size(data.rows), vl_size(k)) else {
            throw EncodingError.vlfeatAllocationFailed(function: "vl_gmm_new")
        }
        defer { vl_gmm_delete(gmm) }
        vl_gmm_set_initialization(gmm, VlGMMKMeans)
        vl_gmm_set_max_num_iterations(gmm, vl_size(iterations))
        vl_gmm_set_num_repetitions(gmm, 1)
        data.values.withUnsafeBufferPointer { _ = vl_gmm_cluster(gmm, $0.baseAddress, vl_size(data.columns)) }
        func copy(_ p: UnsafeRawPointer?, _ n: Int) -> [Float] {
            Array(UnsafeBufferPointer(start: p!.assumingMemoryBound(to: Float.self), count: n))
        }
        let d = data.rows
        return GaussianMixture(priors: copy(vl_gmm_get_priors(gmm), k),
                               means: Matrix(rows: d, columns: k, values: copy(vl_gmm_get_means(gmm), d * k)),
                               variances: Matrix(rows: d, columns: k, values: copy(vl_gmm_get_covariances(gmm), d * k)))
    }
}

/// Fisher vectors (Perronnin & Dance, CVPR 2007) in their improved form (Perronnin, Sánchez & Mensink, ECCV 2010):
/// for the N descriptors x_i (D×N) with soft assignments γ_ik to the GMM's components,
///
///   u_k = 1/(N√π_k) Σ_i γ_ik (x_i − μ_k)/σ_k,   v_k = 1/(N√(2π_k)) Σ_i γ_ik [((x_i − μ_k)/σ_k)² − 1],
///
/// concatenated as [u_1, v_1, …, u_K, v_K] (dimension 2·D·K) by VLFeat's `vl_fisher_encode`, then signed square
/// root and L2 normalisation (`VL_FISHER_FLAG_IMPROVED` = `SQUARE_ROOT | NORMALIZED`, in that order). No descriptors
/// give the zero vector. Label: `FV(K=…, improved)`.
public struct FisherVectorEncoder: Sendable, Equatable {
    public var mixture: GaussianMixture

    public init(mixture: GaussianMixture) { self.mixture = mixture }

    public var dimension: Int { 2 * mixture.dimension * mixture.size }

    public var label: String { "FV(K=\(mixture.size), improved)" }

    public func encode(_ descriptors: Matrix) -> [Float] {
        precondition(descriptors.rows == mixture.dimension || descriptors.columns == 0,
                     "FisherVectorEncoder: descriptors of dimension \(descriptors.rows), GMM \(mixture.dimension)")
        var v = [Float](repeating: 0, count: dimension)
        guard descriptors.columns > 0 else { return v }
        mixture.means.values.withUnsafeBufferPointer { means in
            mixture.variances.values.withUnsafeBufferPointer { variances in
                mixture.priors.withUnsafeBufferPointer { priors in
                    descriptors.values.withUnsafeBufferPointer { data in
                        v.withUnsafeMutableBufferPointer { out in
                            _ = vl_fisher_encode(out.baseAddress, vl_type(VL_TYPE_FLOAT), means.baseAddress,
                                                 vl_size(mixture.dimension), vl_size(mixture.size),
                                                 variances.baseAddress, priors.baseAddress, data.baseAddress,
                                                 vl_size(descriptors.columns),
                                                 Int32(VL_FISHER_FLAG_SQUARE_ROOT | VL_FISHER_FLAG_NORMALIZED))
                        }
                    }
                }
            }
        }
        return v
    }
}

extension GaussianMixture {
    /// As the cache stores it: (D + 1)×2K, column k = (π_k, μ_k), column K + k = (0, σ²_k).
    public var stored: Matrix {
        let d = dimension, k = size
        let stride = d + 1
        var m = Matrix(rows: stride, columns: 2 * k)
        for j in 0..<k {
            let mean = j * stride + 1, variance = (k + j) * stride + 1, source = j * d
            m.values[j * stride] = priors[j]
            m.values.replaceSubrange(mean ..< mean + d, with: means.values[source ..< source + d])
            m.values.replaceSubrange(variance ..< variance + d, with: variances.values[source ..< source + d])
        }
        return m
    }

    public init(stored m: Matrix) {
        let d = m.rows - 1, k = m.columns / 2, stride = d + 1
        var means = [Float](), variances = [Float]()
        for j in 0..<k {
            let mean = j * stride + 1, variance = (k + j) * stride + 1
            means.append(contentsOf: m.values[mean ..< mean + d])
            variances.append(contentsOf: m.values[variance ..< variance + d])
        }
        self.init(priors: (0..<k).map { m.values[$0 * (d + 1)] }, means: Matrix(rows: d, columns: k, values: means),
                  variances: Matrix(rows: d, columns: k, values: variances))
    }
}
