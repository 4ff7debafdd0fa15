import CDNNL

/// The activation fused after a convolution (a oneDNN eltwise post-op).
public enum Activation: String, Sendable, Equatable {
    case none, relu
    /// min(max(x, 0), 6) — MobileNet / EfficientNet-Lite.
    case relu6
}

/// How a convolution pads its input.
public enum PaddingRule: String, Sendable, Equatable {
    /// The fixed zero padding of `ConvolutionParameters.padding` (PyTorch's `padding=`).
    case explicit
    /// TensorFlow's `'SAME'`, decided per input size (what TF-trained weights such as EfficientNet-Lite expect, and
    /// `Conv2dDynamicSamePadding` of the EfficientNet PyTorch ports): per axis the output is ⌈n/s⌉ and the total
    /// padding max((⌈n/s⌉ − 1)·s + (k − 1)·d + 1 − n, 0), of which ⌊total/2⌋ goes before (top/left) and the rest after
    /// (bottom/right). For stride 2 on an even side that is (0, 1) for a 3×3 kernel and (1, 2) for 5×5.
    case tensorFlowSame
}

/// Parameters of a 2-D convolution, as `torch.nn.Conv2d` names them. Weights O×(I/groups)×kH×kW, row-major.
public struct ConvolutionParameters: Sendable, Equatable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernel: (height: Int, width: Int)
    public var stride: (height: Int, width: Int) = (1, 1)
    /// Zero padding (top, left, bottom, right); PyTorch's `padding=p` is (p, p, p, p); TF "SAME" may be asymmetric.
    public var padding: (top: Int, left: Int, bottom: Int, right: Int) = (0, 0, 0, 0)
    /// `.explicit` uses `padding`; `.tensorFlowSame` ignores it and pads per input size (`padding(height:width:)`).
    public var paddingRule: PaddingRule = .explicit
    public var dilation: (height: Int, width: Int) = (1, 1)
    public var groups: Int = 1
    public var activation: Activation = .none
    /// Adds a residual to the result before the activation (oneDNN's sum post-op): the residual is passed to
    /// `forward(_:accumulating:)` and its memory is overwritten by the output.
    public var accumulate: Bool = false

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
                groups: Int = 1, activation: Activation = .none) {
        self.inChannels = inChannels; self.outChannels = outChannels; self.kernel = (kernel, kernel)
        self.stride = (stride, stride); self.padding = (padding, padding, padding, padding)
        self.dilation = (dilation, dilation); self.groups = groups; self.activation = activation
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.inChannels == b.inChannels && a.outChannels == b.outChannels && a.kernel == b.kernel && a.stride == b.stride
            && a.padding == b.padding && a.dilation == b.dilation && a.groups == b.groups && a.activation == b.activation
            && a.accumulate == b.accumulate && a.paddingRule == b.paddingRule
    }

    /// The zero padding (top, left, bottom, right) applied to an input of `height`×`width`.
    public func padding(height: Int, width: Int) -> (top: Int, left: Int, bottom: Int, right: Int) {
        guard paddingRule == .tensorFlowSame else { return padding }
        func same(_ n: Int, _ k: Int, _ s: Int, _ d: Int) -> (before: Int, after: Int) {
            let out = (n + s - 1) / s
            let total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
            return (total / 2, total - total / 2)
        }
        let v = same(height, kernel.height, stride.height, dilation.height)
        let h = same(width, kernel.width, stride.width, dilation.width)
        return (v.before, h.before, v.after, h.after)
    }

    /// Output size for an input of `height`×`width` (floor, as PyTorch; ⌈n/s⌉ under `.tensorFlowSame`).
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        let pad = padding(height: height, width: width)
        let h = (height + pad.top + pad.bottom - dilation.height * (kernel.height - 1) - 1) / stride.height + 1
        let w = (width + pad.left + pad.right - dilation.width * (kernel.width - 1) - 1) / stride.width + 1
        return (h, w)
    }
}

/// A convolution layer executed by oneDNN: primitives are created per input size and cached; oneDNN picks the
/// memory layouts (`format_tag any`) unless the layer fixes its activations' `layout`; weights are reordered into
/// the primitive's layout once per primitive.
final class ConvolutionLayer: @unchecked Sendable {
    let name: String
    let parameters: ConvolutionParameters
    let weights: [Float]
    let bias: [Float]
    /// The layout of input and output activations (an input with fewer channels than one block: oneDNN's choice);
    /// nil: oneDNN's choice for both.
    let layout: ActivationLayout?

    private var compiled: [Int: CompiledPrimitive] = [:]

    init(name: String, parameters p: ConvolutionParameters, weights: [Float], bias: [Float]?,
         layout: ActivationLayout? = nil) {
        precondition(p.inChannels % p.groups == 0 && p.outChannels % p.groups == 0, "\(name): channels not divisible by groups")
        precondition(weights.count == p.outChannels * (p.inChannels / p.groups) * p.kernel.height * p.kernel.width,
                     "\(name): \(weights.count) weights for \(p)")
        precondition(bias == nil || bias!.count == p.outChannels, "\(name): bias of \(bias!.count) for \(p.outChannels) outputs")
        self.name = name
        self.parameters = p
        self.weights = weights
        self.bias = bias ?? [Float](repeating: 0, count: p.outChannels)
        self.layout = layout
    }

    func compile(height: Int, width: Int) throws -> CompiledPrimitive {
        let key = height << 32 | width
        if let c = compiled[key] { return c }
        let p = parameters
        let (oh, ow) = p.outputSize(height: height, width: width)
        let inputTag = layout.flatMap { p.inChannels >= $0.channelBlock ? $0.tag : nil } ?? dnnl_format_tag_any
        var src = try DNNL.descriptor([1, p.inChannels, height, width], inputTag, layer: name)
        var dst = try DNNL.descriptor([1, p.outChannels, oh, ow], layout?.tag ?? dnnl_format_tag_any, layer: name)
        let grouped = p.groups > 1
        let weightDims = grouped
            ? [p.groups, p.outChannels / p.groups, p.inChannels / p.groups, p.kernel.height, p.kernel.width]
            : [p.outChannels, p.inChannels, p.kernel.height, p.kernel.width]
        var wAny = try DNNL.descriptor(weightDims, dnnl_format_tag_any, layer: name)
        var bDesc = try DNNL.descriptor([p.outChannels], dnnl_x, layer: name)
        var desc = dnnl_convolution_desc_t()
        let strides = [dnnl_dim_t(p.stride.height), dnnl_dim_t(p.stride.width)]
        let dilates = [dnnl_dim_t(p.dilation.height - 1), dnnl_dim_t(p.dilation.width - 1)]  // oneDNN: 0 = dense
        let pad = p.padding(height: height, width: width)
        let padL = [dnnl_dim_t(pad.top), dnnl_dim_t(pad.left)]
        let padR = [dnnl_dim_t(pad.bottom), dnnl_dim_t(pad.right)]
        // Winograd F(4×4, 3×3) where oneDNN has it (dense 3×3, stride 1, ungrouped), else direct.
        var chosen: dnnl_primitive_desc_t?
        if p.kernel == (3, 3) && p.stride == (1, 1) && p.dilation == (1, 1) && p.groups == 1,
           dnnl_dilated_convolution_forward_desc_init(&desc, dnnl_forward_inference, dnnl_convolution_winograd, &src, &wAny,
                                                      &bDesc, &dst, strides, dilates, padL, padR) == dnnl_success {
            chosen = try? DNNL.primitiveDescriptor(&desc, activation: p.activation, sum: p.accumulate, layer: name)
        }
        if chosen == nil {
            try DNNL.check(dnnl_dilated_convolution_forward_desc_init(&desc, dnnl_forward_inference, dnnl_convolution_direct,
                                                                      &src, &wAny, &bDesc, &dst, strides, dilates, padL, padR),
                           "dnnl_dilated_convolution_forward_desc_init", name)
            chosen = try DNNL.primitiveDescriptor(&desc, activation: p.activation, sum: p.accumulate, layer: name)
        }
        let pd = chosen!
        defer { dnnl_primitive_desc_destroy(pd) }
        let c = try CompiledPrimitive(pd, weights: weights,
                                      plainLayout: try DNNL.descriptor(weightDims, grouped ? dnnl_goihw : dnnl_oihw, layer: name),
                                      bias: bias, layer: name)
        compiled[key] = c
        return c
    }

    /// Runs the convolution on `input` (any layout; reordered to the primitive's if needed).
    func forward(_ input: DNNLMemory, height: Int, width: Int, accumulating residual: DNNLMemory? = nil) throws
        -> (DNNLMemory, Int, Int) {
        precondition((residual != nil) == parameters.accumulate, "\(name): a residual is required exactly when accumulating")
        let output = try compile(height: height, width: width).execute([(cbir_dnnl_arg_src, input)], accumulator: residual,
                                                                         layer: name)
        let (oh, ow) = parameters.outputSize(height: height, width: width)
        return (output, oh, ow)
    }
}

extension FeatureTensor {
    /// This tensor in oneDNN memory (plain NCHW).
    func memory(layer: String) throws -> DNNLMemory {
        let m = try DNNLMemory(try DNNL.descriptor([1, channels, height, width], dnnl_nchw, layer: layer), layer: layer)
        m.write(values)
        return m
    }

    /// A tensor read back from oneDNN memory in any layout (reordered to NCHW).
    init(_ memory: DNNLMemory, channels: Int, height: Int, width: Int, layer: String) throws {
        let plain = try memory.reordered(to: try DNNL.descriptor([1, channels, height, width], dnnl_nchw, layer: layer),
                                         layer: layer)
        self.init(channels: channels, height: height, width: width, values: plain.read(channels * height * width))
    }
}

extension ConvolutionLayer {
    /// Runs the convolution on a network activation (C×H×W, any layout).
    /// With `residual` (parameters.accumulate), the output is activation(conv(x) + residual), computed in the
    /// residual's memory.
    func forward(_ x: DNNLTensor, accumulating residual: DNNLTensor? = nil) throws -> DNNLTensor {
        precondition(x.channels == parameters.inChannels, "\(name): \(x.channels) input channels, expected \(parameters.inChannels)")
        let (out, h, w) = try forward(x.memory, height: x.height, width: x.width, accumulating: residual?.memory)
        return DNNLTensor(memory: out, channels: parameters.outChannels, height: h, width: w)
    }
}
