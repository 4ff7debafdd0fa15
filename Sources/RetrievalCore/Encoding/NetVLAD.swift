import Foundation

/// The NetVLAD layer (Arandjelović, Gronat, Torii, Pajdla, Sivic, "NetVLAD: CNN architecture for weakly supervised
/// place recognition", CVPR 2016, §3.1), used **untrained**: its parameters come from k-means centres, as the layer
/// is initialised before training.
///
/// Input: one image's N local descriptors x_i (D×N; for conv features the L2-normalised positions,
/// `LocalConvolutionalFeatures`), centres c_k (D×K). Soft assignment (paper eq. 2–3):
///
///   a_k(x) = exp(w_kᵀx + b_k) / Σ_k' exp(w_k'ᵀx + b_k'),  w_k = 2α c_k,  b_k = −α‖c_k‖²
///
/// which is softmax_k(−α‖x − c_k‖²) (the −α‖x‖² term is common to every k and cancels). Then
///
///   V(:, k) = Σ_i a_k(x_i) (x_i − c_k)   (paper eq. 4),
///
/// intra-normalised (each V(:, k) L2-normalised; Arandjelović & Zisserman 2013), flattened (word k at
/// `v[k·D ..< (k+1)·D]`, as Pytorch-NetVLAD's `vlad.view(N, -1)` of a K×D tensor) and L2-normalised. Output D·K.
///
/// | parameter | effect |
/// |---|---|
/// | `centres` | K cluster centres c_k (D×K), e.g. k-means on training local features |
/// | `alpha` | α > 0: sharpness of the soft assignment; α → ∞ is hard-assigned VLAD, α → 0 averages over all centres |
///
/// `initialAlpha` sets α as Pytorch-NetVLAD's initialisation intends (Nanne/pytorch-NetVlad, `netvlad.py`,
/// `init_params`): so that on the training descriptors the nearest centre is on average 100× more likely than the
/// second, in the parametrisation used — here the paper's, softmax(−α‖x − c‖²):
/// α = −ln(0.01) / mean_i(‖x_i − c⁽²⁾‖² − ‖x_i − c⁽¹⁾‖²), c⁽¹⁾, c⁽²⁾ the two nearest centres of x_i. (Pytorch-NetVLAD's
/// default "vladv1" computes the gap of cosine similarities to unit-norm centres for logits α ĉ_kᵀx; that α in the
/// paper's form would double the logit gap — a 10⁴× ratio instead of 100×. Its "vladv2" means squared distances
/// but squares the indices `kneighbors(...)[1]` returns instead.)
public struct NetVLAD: Sendable, Equatable {
    /// c_k as columns, D×K.
    public let centres: Matrix
    public let alpha: Float

    public init(centres: Matrix, alpha: Float) {
        precondition(centres.columns >= 1 && centres.rows >= 1, "NetVLAD: \(centres.rows)×\(centres.columns) centres")
        precondition(alpha > 0 && alpha.isFinite, "NetVLAD: α = \(alpha) is not a positive finite number")
        self.centres = centres
        self.alpha = alpha
    }

    public var descriptorDimension: Int { centres.rows }
    public var clusters: Int { centres.columns }
    /// D·K.
    public var dimension: Int { centres.rows * centres.columns }

    /// The 1×1 convolution's weights w_k = 2α c_k (D×K).
    public var weights: Matrix {
        Matrix(rows: centres.rows, columns: centres.columns, values: centres.values.map { 2 * alpha * $0 })
    }

    /// The 1×1 convolution's biases b_k = −α‖c_k‖² (length K).
    public var biases: [Float] {
        let d = centres.rows
        return (0..<clusters).map { k in
            -alpha * centres.values[k * d ..< (k + 1) * d].reduce(0) { $0 + $1 * $1 }
        }
    }

    /// Soft assignments a_k(x_i): K×N, each column sums to 1 (softmax with the maximum logit subtracted).
    public func assignments(_ descriptors: Matrix) -> Matrix {
        precondition(descriptors.rows == descriptorDimension || descriptors.columns == 0,
                     "NetVLAD: descriptors of dimension \(descriptors.rows), centres \(descriptorDimension)")
        let k = clusters, n = descriptors.columns
        guard n > 0 else { return Matrix(rows: k, columns: 0) }
        let b = biases
        // w_kᵀx_i = 2α c_kᵀx_i: K×N products by BLAS.
        var logits = ExhaustiveSearch.similarities(database: centres, queries: descriptors)
        for i in 0..<n {
            let column = i * k
            var top = -Float.infinity
            for j in 0..<k {
                let z = 2 * alpha * logits.values[column + j] + b[j]
                logits.values[column + j] = z
                top = max(top, z)
            }
            var sum: Float = 0
            for j in 0..<k {
                let e = Float(exp(Double(logits.values[column + j] - top)))
                logits.values[column + j] = e
                sum += e
            }
            for j in 0..<k { logits.values[column + j] /= sum }
        }
        return logits
    }

    /// The NetVLAD vector (length D·K) of one image's descriptors (D×N); no descriptors give the zero vector.
    public func encode(_ descriptors: Matrix) -> [Float] {
        let d = descriptorDimension, k = clusters, n = descriptors.columns
        var v = [Float](repeating: 0, count: d * k)
        guard n > 0 else { return v }
        let a = assignments(descriptors)
        v.withUnsafeMutableBufferPointer { out in
            descriptors.values.withUnsafeBufferPointer { x in
                centres.values.withUnsafeBufferPointer { c in
                    for j in 0..<k {
                        var mass: Float = 0
                        for i in 0..<n {
                            let w = a.values[i * k + j]
                            mass += w
                            for r in 0..<d { out[j * d + r] += w * x[i * d + r] }
                        }
                        // Σ_i a_k(x_i)(x_i − c_k) = Σ_i a_k(x_i) x_i − (Σ_i a_k(x_i)) c_k
                        for r in 0..<d { out[j * d + r] -= mass * c[j * d + r] }
                    }
                }
            }
        }
        for j in 0..<k { Normalization.l2(&v[j * d ..< (j + 1) * d]) }
        Normalization.l2(&v)
        return v
    }

    /// The initial α (see the type's doc) from centres (D×K, K ≥ 2) and training descriptors (D×N). Throws when
    /// there are no descriptors or every descriptor is equally far from its two nearest centres (α = ∞).
    public static func initialAlpha(centres: Matrix, descriptors: Matrix) throws -> Float {
        precondition(centres.columns >= 2, "NetVLAD.initialAlpha: needs at least 2 centres, got \(centres.columns)")
        precondition(descriptors.rows == centres.rows || descriptors.columns == 0,
                     "NetVLAD.initialAlpha: descriptors of dimension \(descriptors.rows), centres \(centres.rows)")
        let model = "NetVLAD α initialisation"
        guard descriptors.columns > 0 else {
            throw RetrievalCoreError.tooFewTrainingVectors(model: model, count: 0, needed: 1)
        }
        let k = centres.columns, d = centres.rows
        // ‖x − c_k‖² = ‖x‖² − 2 c_kᵀx + ‖c_k‖²; ‖x‖² is common to every k and cancels in the gap.
        let norms = (0..<k).map { j in centres.values[j * d ..< (j + 1) * d].reduce(Float(0)) { $0 + $1 * $1 } }
        let dots = ExhaustiveSearch.similarities(database: centres, queries: descriptors)  // K×N
        var gap = 0.0
        for i in 0..<descriptors.columns {
            var first = Float.infinity, second = Float.infinity
            for j in 0..<k {
                let distance = norms[j] - 2 * dots.values[i * k + j]
                if distance < first { second = first; first = distance } else if distance < second { second = distance }
            }
            gap += Double(second - first)
        }
        let mean = gap / Double(descriptors.columns)
        guard mean > 0, mean.isFinite else {
            throw RetrievalCoreError.degenerateTrainingData(
                model: model, problem: "the two nearest centres are on average equally far (mean gap \(mean))")
        }
        return Float(-log(0.01) / mean)
    }
}
