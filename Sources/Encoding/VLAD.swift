import CVLFeat
import RetrievalCore

/// VLAD — vector of locally aggregated descriptors (Jégou, Douze, Schmid, Pérez, CVPR 2010), with the
/// normalisations of Jégou et al. TPAMI 2012 (power law) and Arandjelović & Zisserman, "All about VLAD", CVPR 2013
/// (intra-normalisation).
///
/// Input: one image's N local descriptors (D×N) and a vocabulary (D×K). Each descriptor is hard-assigned to its
/// nearest centre (`Vocabulary.assign`, ties → lowest index); v_k = Σ_{x → c_k} (x − c_k), concatenated over the K
/// words (dimension D·K, word k at `v[k·D ..< (k+1)·D]`), by VLFeat's `vl_vlad_encode`. Normalisations, **in the
/// order they are applied (VLFeat's order)**:
///
/// | step | option | formula | VLFeat |
/// |---|---|---|---|
/// | 1 | `power` α (1 = off) | x ← sign(x)·\|x\|^α | α = 0.5: `VL_VLAD_FLAG_SQUARE_ROOT`; other α applied in Swift |
/// | 2 | `intraNormalization` | v_k ← v_k / ‖v_k‖₂ per word; empty words stay 0 | `VL_VLAD_FLAG_NORMALIZE_COMPONENTS` |
/// | 3 | always | v ← v / ‖v‖₂ (zero stays zero) | default (no `VL_VLAD_FLAG_UNNORMALIZED`) |
///
/// With α = 0.5 or α = 1 the whole chain runs inside VLFeat in one call; any other α runs the same three steps in
/// Swift on VLFeat's unnormalised sums. No descriptors give the zero vector.
public struct VLADEncoder: Sendable, Equatable {
    public var vocabulary: Vocabulary
    public var intraNormalization: Bool
    public var power: Float

    public init(vocabulary: Vocabulary, intraNormalization: Bool = true, power: Float = 0.5) {
        precondition(power > 0 && power <= 1, "VLADEncoder: power α = \(power) outside (0, 1]")
        self.vocabulary = vocabulary
        self.intraNormalization = intraNormalization
        self.power = power
    }

    public var dimension: Int { vocabulary.dimension * vocabulary.size }

    /// The normalisation steps in the order they are applied, e.g. `["power(α=0.5)", "intra", "L2"]`.
    public var steps: [String] {
        (power != 1 ? ["power(α=\(Self.format(power)))"] : []) + (intraNormalization ? ["intra"] : []) + ["L2"]
    }

    /// Canonical label, e.g. `VLAD(K=64, intra, α=0.5)`, `VLAD(K=16)` (plain: no power law, no intra-norm).
    public var label: String {
        let options = ["K=\(vocabulary.size)"] + (intraNormalization ? ["intra"] : [])
            + (power != 1 ? ["α=\(Self.format(power))"] : [])
        return "VLAD(\(options.joined(separator: ", ")))"
    }

    static func format(_ x: Float) -> String {
        x == x.rounded() ? String(Int(x)) : String(describing: x)
    }

    /// The VLAD vector (length D·K) of one image's local descriptors (D×N, N ≥ 0).
    public func encode(_ descriptors: Matrix) -> [Float] {
        precondition(descriptors.rows == vocabulary.dimension || descriptors.columns == 0,
                     "VLADEncoder: descriptors of dimension \(descriptors.rows), vocabulary \(vocabulary.dimension)")
        let d = vocabulary.dimension, k = vocabulary.size
        var v = [Float](repeating: 0, count: d * k)
        guard descriptors.columns > 0 else { return v }
        let words = vocabulary.assign(descriptors)
        var assignments = [Float](repeating: 0, count: k * descriptors.columns)  // K×N hard assignments
        for (n, w) in words.enumerated() { assignments[n * k + w] = 1 }
        let inVLFeat = power == 1 || power == 0.5
        var flags: Int32 = 0
        if inVLFeat {
            if power == 0.5 { flags |= Int32(VL_VLAD_FLAG_SQUARE_ROOT) }
            if intraNormalization { flags |= Int32(VL_VLAD_FLAG_NORMALIZE_COMPONENTS) }
        } else {
            flags = Int32(VL_VLAD_FLAG_UNNORMALIZED)
        }
        vocabulary.centres.values.withUnsafeBufferPointer { means in
            descriptors.values.withUnsafeBufferPointer { data in
                assignments.withUnsafeBufferPointer { a in
                    v.withUnsafeMutableBufferPointer { out in
                        vl_vlad_encode(out.baseAddress, vl_type(VL_TYPE_FLOAT), means.baseAddress, vl_size(d),
                                       vl_size(k), data.baseAddress, vl_size(descriptors.columns), a.baseAddress,
                                       flags)
                    }
                }
            }
        }
        guard !inVLFeat else { return v }
        Normalization.signedPower(&v, alpha: power)
        if intraNormalization {
            for word in 0..<k { Normalization.l2(&v[word * d ..< (word + 1) * d]) }
        }
        Normalization.l2(&v[...])
        return v
    }
}
