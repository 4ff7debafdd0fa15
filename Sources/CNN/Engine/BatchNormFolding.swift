/// Batch normalisation folded into the preceding convolution at load time (inference only):
/// with s_o = γ_o / √(σ²_o + ε), the convolution's weights become w_o · s_o and its bias (b_o − μ_o) · s_o + β_o,
/// so BN(conv(x)) = conv'(x) exactly up to rounding.
public struct BatchNorm: Sendable {
    public var gamma: [Float]
    public var beta: [Float]
    public var mean: [Float]
    public var variance: [Float]
    public var epsilon: Float

    public init(gamma: [Float], beta: [Float], mean: [Float], variance: [Float], epsilon: Float) {
        self.gamma = gamma; self.beta = beta; self.mean = mean; self.variance = variance; self.epsilon = epsilon
    }

    /// (weights, bias) of the folded convolution; `weights` has `gamma.count` equal blocks (one per output channel).
    public func fold(weights: [Float], bias: [Float]?) -> (weights: [Float], bias: [Float]) {
        let outputs = gamma.count
        precondition(weights.count % outputs == 0, "BatchNorm.fold: \(weights.count) weights for \(outputs) channels")
        let per = weights.count / outputs
        var w = weights
        var b = [Float](repeating: 0, count: outputs)
        for o in 0..<outputs {
            let scale = gamma[o] / (variance[o] + epsilon).squareRoot()
            for i in 0..<per { w[o * per + i] *= scale }
            b[o] = ((bias?[o] ?? 0) - mean[o]) * scale + beta[o]
        }
        return (w, b)
    }
}
