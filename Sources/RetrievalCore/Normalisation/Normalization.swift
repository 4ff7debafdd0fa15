/// Vector normalisations used throughout retrieval. All act in place; a zero vector stays zero (never NaN).
public enum Normalization {
    /// x ← x / ‖x‖₂.
    public static func l2(_ x: inout ArraySlice<Float>) {
        var s: Float = 0
        for v in x { s += v * v }
        guard s > 0 else { return }
        let inv = 1 / s.squareRoot()
        for i in x.indices { x[i] *= inv }
    }

    /// x ← x / ‖x‖₂ on a whole array.
    public static func l2(_ x: inout [Float]) {
        l2(&x[...])
    }

    /// x ← x / ‖x‖₁.
    public static func l1(_ x: inout [Float]) {
        let s = x.reduce(0) { $0 + abs($1) }
        guard s > 0 else { return }
        for i in x.indices { x[i] /= s }
    }

    /// Signed power (power-law) normalisation x ← sign(x)·|x|^α (Perronnin et al. 2010; Jégou et al. 2012);
    /// α = 0.5 is the signed square root.
    public static func signedPower(_ x: inout [Float], alpha: Float) {
        for i in x.indices {
            let v = x[i]
            let m = alpha == 0.5 ? abs(v).squareRoot() : Float(pow(Double(abs(v)), Double(alpha)))
            x[i] = v < 0 ? -m : m
        }
    }

    /// L2-normalises every column of `m`.
    public static func l2Columns(_ m: inout Matrix) {
        let d = m.rows
        for j in 0..<m.columns { l2(&m.values[j * d ..< (j + 1) * d]) }
    }
}

import Foundation
