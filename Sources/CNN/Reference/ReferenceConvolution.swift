import CLinearAlgebra

/// The plain convolution — im2col + `cblas_sgemm` per group — used only as a test oracle for the oneDNN path.
/// out[g·O/G + o, y, x] = b[o] + Σ_{c, i, j} w[g, o, c, i, j] · in[g·I/G + c, y·s − p + i·d, x·s − p + j·d].
public enum ReferenceConvolution {
    public static func forward(_ input: FeatureTensor, parameters p: ConvolutionParameters, weights: [Float],
                               bias: [Float]?) -> FeatureTensor {
        precondition(input.channels == p.inChannels, "ReferenceConvolution: \(input.channels) channels, expected \(p.inChannels)")
        let (oh, ow) = p.outputSize(height: input.height, width: input.width)
        let pad = p.padding(height: input.height, width: input.width)
        let cg = p.inChannels / p.groups, og = p.outChannels / p.groups
        let k = cg * p.kernel.height * p.kernel.width, n = oh * ow
        var out = [Float](repeating: 0, count: p.outChannels * n)
        var columns = [Float](repeating: 0, count: k * n)
        for g in 0..<p.groups {
            // im2col: row (c, i, j), column (y, x).
            for c in 0..<cg {
                for i in 0..<p.kernel.height {
                    for j in 0..<p.kernel.width {
                        let row = (c * p.kernel.height + i) * p.kernel.width + j
                        for y in 0..<oh {
                            let sy = y * p.stride.height - pad.top + i * p.dilation.height
                            for x in 0..<ow {
                                let sx = x * p.stride.width - pad.left + j * p.dilation.width
                                let inside = sy >= 0 && sy < input.height && sx >= 0 && sx < input.width
                                columns[row * n + y * ow + x] = inside
                                    ? input.values[((g * cg + c) * input.height + sy) * input.width + sx] : 0
                            }
                        }
                    }
                }
            }
            // out_g (og × n) = W_g (og × k) · columns (k × n), row-major.
            weights.withUnsafeBufferPointer { w in
                columns.withUnsafeBufferPointer { col in
                    out.withUnsafeMutableBufferPointer { o in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(og), Int32(n), Int32(k), 1,
                                    w.baseAddress! + g * og * k, Int32(k), col.baseAddress, Int32(n), 0,
                                    o.baseAddress! + g * og * n, Int32(n))
                    }
                }
            }
        }
        for o in 0..<p.outChannels {
            let b = bias?[o] ?? 0
            for t in 0..<n {
                var v = out[o * n + t] + b
                switch p.activation {
                case .none: break
                case .relu: v = max(v, 0)
                case .relu6: v = min(max(v, 0), 6)
                }
                out[o * n + t] = v
            }
        }
        return FeatureTensor(channels: p.outChannels, height: oh, width: ow, values: out)
    }
}

/// One convolution through oneDNN (a one-layer network); for tests and tools. With `residual` (the output's shape)
/// the result is activation(conv(input) + residual), the residual added by oneDNN's sum post-op as in ResNet and
/// EfficientNet-Lite0 blocks; `residualLayout` puts it in a given layout first (reordered to the convolution's
/// output layout when they differ, used in place when they agree).
public enum Convolution {
    public static func forward(_ input: FeatureTensor, parameters: ConvolutionParameters, weights: [Float],
                               bias: [Float]?, residual: FeatureTensor? = nil,
                               residualLayout: ActivationLayout = .nchw) throws -> FeatureTensor {
        var p = parameters
        p.accumulate = residual != nil
        let layer = ConvolutionLayer(name: "conv", parameters: p, weights: weights, bias: bias)
        let accumulator = try residual.map { try $0.dnnlTensor(layer: "residual", layout: residualLayout).memory }
        let (out, h, w) = try layer.forward(try input.memory(layer: "conv"), height: input.height, width: input.width,
                                            accumulating: accumulator)
        return try FeatureTensor(out, channels: parameters.outChannels, height: h, width: w, layer: "conv")
    }
}
