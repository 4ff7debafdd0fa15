import CDNNL

/// Single layers through oneDNN on planar tensors (a one-layer network each: plain NCHW in, plain NCHW out), like
/// `Convolution.forward`; for tests and tools. Inside a network, activations arrive in whatever layout the previous
/// primitive chose, which depends on the CPU (e.g. `nhwc` with AVX-512, `nChw8c` with AVX2); `layout` puts the
/// input in such a layout first, so every layout path can be tested on any machine.

/// A oneDNN activation layout (`dnnl_format_tag_t`).
public enum ActivationLayout: String, CaseIterable, Sendable {
    /// Planar, PyTorch's.
    case nchw
    /// Channels last.
    case nhwc
    /// Channels in blocks of 8 (zero-padded to a multiple of 8), then H, W, then the 8 channels.
    case nChw8c
    /// Channels in blocks of 16.
    case nChw16c

    /// Channels blocked by this CPU's vector width as oneDNN uses it: `nChw16c` with AVX-512, `nChw8c` with AVX2,
    /// nil (oneDNN's choice) otherwise.
    static let cpuBlocked: ActivationLayout? = {
        let isa = dnnl_get_effective_cpu_isa().rawValue
        if isa & dnnl_cpu_isa_avx512_core.rawValue == dnnl_cpu_isa_avx512_core.rawValue { return .nChw16c }
        if isa & dnnl_cpu_isa_avx2.rawValue == dnnl_cpu_isa_avx2.rawValue { return .nChw8c }
        return nil
    }()

    /// Channels per block (1 for the unblocked layouts).
    var channelBlock: Int {
        switch self {
        case .nchw, .nhwc: 1
        case .nChw8c: 8
        case .nChw16c: 16
        }
    }

    var tag: dnnl_format_tag_t {
        switch self {
        case .nchw: dnnl_nchw
        case .nhwc: dnnl_nhwc
        case .nChw8c: dnnl_nChw8c
        case .nChw16c: dnnl_nChw16c
        }
    }
}

extension FeatureTensor {
    /// This tensor as a network activation in `layout`.
    func dnnlTensor(layer: String, layout: ActivationLayout) throws -> DNNLTensor {
        var x = try dnnlTensor(layer: layer)
        x.memory = try x.memory.reordered(to: try DNNL.descriptor([1, channels, height, width], layout.tag, layer: layer),
                                          layer: layer)
        return x
    }
}

/// Max or average pooling with PyTorch's semantics (`PoolingParameters`).
public enum Pooling {
    public static func forward(_ input: FeatureTensor, parameters: PoolingParameters,
                               layout: ActivationLayout = .nchw) throws -> FeatureTensor {
        let layer = PoolingLayer(name: "pool", parameters: parameters)
        return try layer.forward(try input.dnnlTensor(layer: "pool", layout: layout)).featureTensor(layer: "pool")
    }
}

/// Local response normalisation across channels (`LocalResponseNormalizationParameters`).
public enum LocalResponseNormalization {
    public static func forward(_ input: FeatureTensor, parameters: LocalResponseNormalizationParameters,
                               layout: ActivationLayout = .nchw) throws -> FeatureTensor {
        let layer = LocalResponseNormalizationLayer(name: "lrn", parameters: parameters)
        return try layer.forward(try input.dnnlTensor(layer: "lrn", layout: layout)).featureTensor(layer: "lrn")
    }
}

/// A fully connected layer on the NCHW-flattened input: weights O×(C·H·W) row-major, bias O; returns O×1×1.
/// `layout` applies to a C×H×W input with H·W > 1 (a 1×1 input is a flat 2-D vector).
public enum FullyConnected {
    public static func forward(_ input: FeatureTensor, outputs: Int, weights: [Float], bias: [Float],
                               activation: Activation = .none, layout: ActivationLayout = .nchw) throws -> FeatureTensor {
        let layer = InnerProductLayer(name: "fc", input: (input.channels, input.height, input.width), outputs: outputs,
                                      weights: weights, bias: bias, activation: activation)
        var x = try input.dnnlTensor(layer: "fc", layout: layout)
        if input.height == 1 && input.width == 1 {  // 2-D descriptors for a flat input
            x.memory = try DNNLMemory(try DNNL.descriptor([1, input.channels], dnnl_nc, layer: "fc"), layer: "fc")
            x.memory.write(input.values)
        }
        return try layer.forward(x).featureTensor(layer: "fc")
    }
}

/// Concatenation along channels (`torch.cat(xs, 1)`), inputs of equal H×W.
public enum Concatenation {
    public static func forward(_ inputs: [FeatureTensor], layout: ActivationLayout = .nchw) throws -> FeatureTensor {
        let layer = ConcatenationLayer(name: "cat")
        return try layer.forward(try inputs.map { try $0.dnnlTensor(layer: "cat", layout: layout) }).featureTensor(layer: "cat")
    }
}
