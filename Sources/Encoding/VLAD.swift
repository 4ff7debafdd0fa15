import CVLFeat
import RetrievalCore

/// VLAD — vector of locally aggregated descriptors (Jégou, Douze, Schmid, Pérez, CVPR 2010), with the
/// normalisations of Jégou et al. TPAMI 2012 (power law) and Arandjelović & Zisserman, "All about VLAD", CVPR 2013
/// (intra-normalisation).
///
/// v_k = Σ_{x assigned to c_k} (x − c_k), concatenated over the K words (dimension D·K), computed by VLFeat's
/// `vl_vlad_encode` (unnormalised), then, **in VLFeat's order**:
///
/// | step | option | formula |
/// |---|---|---|
/// | 1 | `power` α (1 = off) | x ← sign(x)·|x|^α (α = 0.5 is VLFeat's `VL_VLAD_FLAG_SQUARE_ROOT`) |
/// | 2 | `intraNormalization` | v_k ← v_k / ‖v_k‖₂ per word (`VL_VLAD_FLAG_NORMALIZE_COMPONENTS`); empty words stay 0 |
/// | 3 | always | v ← v / ‖v‖₂ (zero stays zero) |
public struct VLADEncoder: Sendable, Equatable {
    public var vocabulary: Vocabulary
    public var intraNormalization: Bool
    public var power: Float

    public init(vocabulary: Vocabulary, intraNormalization: Bool = true, power: Float = 0.5) {
        self.vocabulary = vocabulary
        self.intraNormalization = intraNormalization
        self.power = power
    }

    public var dimension: Int { vocabulary.dimension * vocabulary.size }

    /// The VLAD vector of one image's local descriptors (D×N, N ≥ 0).
    public func encode(_ descriptors: Matrix) -> [Float] {
        let d = vocabulary.dimension, k = vocabulary.size
        var v = [Float](repeating: 0, count: d * k)
        guard descriptors.columns > 0 else { return v }
        let words = vocabulary.assign(descriptors)
        var assignments = [Float](repeating: 0, count: k * descriptors.columns)  // K×N hard assignments
        for (n, w) in words.enumerated() { assignments[n * k + w] = 1 }
        vocabulary.centres.values.withUnsafeBufferPointer { means in
            descriptors.values.withUnsafeBufferPointer { data in
                assignments.withUnsafeBufferPointer { a in
                    v.withUnsafeMutableBufferPointer { out in
                        vl_vlad_encode(out.baseAddress, vl_type(VL_TYPE_FLOAT), means.baseAddress, vl_size(d),
                                       vl_size(k), data.baseAddress, vl_size(descriptors.columns), a.baseAddress,
                                       Int32(VL_VLAD_FLAG_UNNORMALIZED))
                    }
                }
            }
        }
        if power != 1 { Normalization.signedPower(&v, alpha: power) }
        if intraNormalization {
            for word in 0..<k { Normalization.l2(&v[word * d ..< (word + 1) * d]) }
        }
        Normalization.l2(&v[...])
        return v
    }
}
