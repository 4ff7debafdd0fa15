/// Global pooling of a convolutional map into one descriptor per image: the pure math of MAC, SPoC and GeM.
/// The map is C×H×W in planar (PyTorch NCHW, N = 1) order: element (c, y, x) at `(c·H + y)·W + x`.
///
/// | method | formula per channel c | paper |
/// |---|---|---|
/// | MAC | max over (y, x) | Tolias, Sicre, Jégou, ICLR 2016 (also Razavian et al. 2016) |
/// | SPoC | Σ over (y, x), optionally weighted by a centred Gaussian | Babenko & Lempitsky, ICCV 2015 |
/// | GeM(p) | (mean over (y, x) of max(x, ε)^p)^(1/p), ε = 10⁻⁶ as cirtorch | Radenović, Tolias, Chum, TPAMI 2018 |
///
/// GeM with p = 1 is average pooling (SPoC up to the factor H·W, which the L2 normalisation removes); p → ∞
/// approaches MAC. Outputs are not normalised here; the descriptor stage L2-normalises.
public enum GlobalPooling {
    /// max over the spatial positions of each channel.
    public static func mac(_ map: [Float], channels: Int, height: Int, width: Int) -> [Float] {
        let n = height * width
        precondition(map.count == channels * n, "GlobalPooling.mac: \(map.count) values for \(channels)×\(height)×\(width)")
        return (0..<channels).map { c in map[c * n ..< (c + 1) * n].max() ?? 0 }
    }

    /// Sum pooling; with `centrePrior`, each position (y, x) is weighted by exp(−d² / (2σ²)) where d is its distance
    /// to the map centre ((H−1)/2, (W−1)/2) and σ is one third of the distance from the centre to the closest border
    /// (Babenko & Lempitsky 2015, §3.2).
    public static func spoc(_ map: [Float], channels: Int, height: Int, width: Int, centrePrior: Bool = false) -> [Float] {
        let n = height * width
        precondition(map.count == channels * n, "GlobalPooling.spoc: \(map.count) values for \(channels)×\(height)×\(width)")
        var weights = [Float](repeating: 1, count: n)
        if centrePrior {
            let cy = Double(height - 1) / 2, cx = Double(width - 1) / 2
            let sigma = min(Double(height), Double(width)) / 2 / 3
            for y in 0..<height {
                for x in 0..<width {
                    let d2 = (Double(y) - cy) * (Double(y) - cy) + (Double(x) - cx) * (Double(x) - cx)
                    weights[y * width + x] = Float(exp(-d2 / (2 * sigma * sigma)))
                }
            }
        }
        return (0..<channels).map { c in
            var s: Float = 0
            for i in 0..<n { s += weights[i] * map[c * n + i] }
            return s
        }
    }

    /// Generalised mean pooling with exponent p (> 0): (1/HW · Σ max(x, ε)^p)^(1/p).
    public static func gem(_ map: [Float], channels: Int, height: Int, width: Int, p: Float, epsilon: Float = 1e-6) -> [Float] {
        let n = height * width
        precondition(map.count == channels * n, "GlobalPooling.gem: \(map.count) values for \(channels)×\(height)×\(width)")
        precondition(p > 0, "GlobalPooling.gem: p must be positive")
        return (0..<channels).map { c in
            var s = 0.0
            for i in 0..<n { s += pow(Double(max(map[c * n + i], epsilon)), Double(p)) }
            return Float(pow(s / Double(n), 1 / Double(p)))
        }
    }
}

import Foundation
