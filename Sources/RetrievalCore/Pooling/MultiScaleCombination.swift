import Foundation

/// Multi-scale descriptor combination as cirtorch's `extract_ms` (Radenović, Tolias, Chum, "Fine-tuning CNN image
/// retrieval with no human annotation", TPAMI 2018, §5): the L2-normalised descriptors v_s of the S scales are
/// combined into v = ((1/S) Σ_s v_s^q)^(1/q), then L2-normalised. cirtorch's `test.py` sets q = p of GeM for a
/// GeM network without regional pooling or learned whitening and q = 1 (the mean) otherwise.
///
/// | parameter | effect |
/// |---|---|
/// | `exponent` (q) | 1: arithmetic mean (any sign); q ≠ 1: generalised mean, components must be non-negative |
public enum MultiScaleCombination {
    /// The combined, L2-normalised descriptor of `descriptors` (all the same length, one per scale).
    public static func combine(_ descriptors: [[Float]], exponent q: Double = 1) -> [Float] {
        precondition(!descriptors.isEmpty, "MultiScaleCombination: no scales")
        let d = descriptors[0].count
        precondition(descriptors.allSatisfy { $0.count == d }, "MultiScaleCombination: descriptors of unequal length")
        precondition(q > 0, "MultiScaleCombination: exponent \(q) must be positive")
        var sum = [Double](repeating: 0, count: d)
        for v in descriptors {
            for i in 0..<d {
                precondition(q == 1 || v[i] >= 0, "MultiScaleCombination: negative component with exponent \(q)")
                sum[i] += q == 1 ? Double(v[i]) : pow(Double(v[i]), q)
            }
        }
        let s = Double(descriptors.count)
        var out = sum.map { Float(q == 1 ? $0 / s : pow($0 / s, 1 / q)) }
        Normalization.l2(&out)
        return out
    }
}
