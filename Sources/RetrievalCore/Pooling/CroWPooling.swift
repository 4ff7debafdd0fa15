import Foundation

/// CroW — cross-dimensional weighting and pooling (Kalantidis, Mellina, Osindero, "Cross-dimensional weighting for
/// aggregated deep convolutional features", ECCV Workshops 2016, §3), exactly as the authors' reference code
/// (`crow.py`, YahooArchive/crow: `compute_crow_spatial_weight`, `compute_crow_channel_weight`,
/// `apply_crow_aggregation`), on a non-negative (post-ReLU) C×H×W map X in `GlobalPooling`'s planar layout:
///
/// - spatial weights: Z = Σ_c X_c (an H×W map), S = (Z / ‖Z‖_a)^(1/b), ‖Z‖_a = (Σ Z^a)^(1/a) over all positions;
/// - channel weights: Q_k = (non-zero positions of X_k)/(H·W), C_k = log(Σ_j Q_j / Q_k), and 0 when Q_k = 0;
/// - f_k = C_k · Σ_(y,x) S(y,x) · X_k(y,x).
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `a` | 2 | norm of the spatial normalisation (the paper's best: a = 2) |
/// | `b` | 2 | power 1/b of the normalised spatial weights (b = 2: square root; b = 1: none) |
///
/// The output is not normalised; the paper then L2-normalises, optionally PCA-whitens and re-normalises. A map
/// with Z = 0 everywhere gets S = 0 (the reference code would divide 0 by 0).
public enum CroWPooling {
    /// S (H·W values, row-major).
    public static func spatialWeights(_ map: [Float], channels: Int, height: Int, width: Int, a: Double = 2,
                                      b: Double = 2) -> [Float] {
        let n = height * width
        precondition(map.count == channels * n, "CroWPooling: \(map.count) values for \(channels)×\(height)×\(width)")
        precondition(a > 0 && b > 0, "CroWPooling: a = \(a), b = \(b) must be positive")
        var z = [Double](repeating: 0, count: n)
        for c in 0..<channels { for i in 0..<n { z[i] += Double(map[c * n + i]) } }
        let norm = pow(z.reduce(0) { $0 + pow($1, a) }, 1 / a)
        guard norm > 0 else { return [Float](repeating: 0, count: n) }
        return z.map { Float(b == 1 ? $0 / norm : pow($0 / norm, 1 / b)) }
    }

    /// C (one weight per channel).
    public static func channelWeights(_ map: [Float], channels: Int, height: Int, width: Int) -> [Float] {
        let n = height * width
        precondition(map.count == channels * n, "CroWPooling: \(map.count) values for \(channels)×\(height)×\(width)")
        let fractions = (0..<channels).map { c in
            Double(map[c * n ..< (c + 1) * n].reduce(0) { $0 + ($1 != 0 ? 1 : 0) }) / Double(n)
        }
        let total = fractions.reduce(0, +)
        return fractions.map { $0 > 0 ? Float(log(total / $0)) : 0 }
    }

    /// The CroW vector f (length C), not normalised.
    public static func crow(_ map: [Float], channels: Int, height: Int, width: Int, a: Double = 2,
                            b: Double = 2) -> [Float] {
        let n = height * width
        let s = spatialWeights(map, channels: channels, height: height, width: width, a: a, b: b)
        let weights = channelWeights(map, channels: channels, height: height, width: width)
        return (0..<channels).map { c in
            var sum: Float = 0
            for i in 0..<n { sum += s[i] * map[c * n + i] }
            return weights[c] * sum
        }
    }
}
