import CDNNL

/// Parameters of a 2-D max or average pooling with PyTorch's semantics (`torch.nn.MaxPool2d`, `AvgPool2d`):
/// symmetric zero padding p, and `ceilMode` rounding the output size up — except that a last window starting in
/// the right padding is dropped (`pooling_output_shape` in ATen's `Pool.h`):
///
///     out = ⌊(H + 2p − k + (ceil ? s − 1 : 0)) / s⌋ + 1;  if ceil and (out − 1)·s ≥ H + p { out −= 1 }
///
/// | kind | divisor of a window |
/// |---|---|
/// | `max` | — (padding never wins) |
/// | `average(countIncludePad: true)` | k_h·k_w (windows clipped to the padded input, as PyTorch) |
/// | `average(countIncludePad: false)` | the number of input pixels in the window |
public struct PoolingParameters: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case max
        case average(countIncludePad: Bool)
    }

    public var kind: Kind
    public var kernel: (height: Int, width: Int)
    public var stride: (height: Int, width: Int)
    public var padding: (height: Int, width: Int)
    public var ceilMode: Bool

    /// PyTorch's defaults: stride = kernel, no padding, floor rounding.
    public init(_ kind: Kind, kernel: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false) {
        precondition(padding * 2 <= kernel, "PoolingParameters: padding \(padding) exceeds half the kernel \(kernel)")
        self.kind = kind; self.kernel = (kernel, kernel); self.stride = (stride ?? kernel, stride ?? kernel)
        self.padding = (padding, padding); self.ceilMode = ceilMode
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.kind == b.kind && a.kernel == b.kernel && a.stride == b.stride && a.padding == b.padding && a.ceilMode == b.ceilMode
    }

    /// E.g. `max 3×3/2 pad 0 ceil`.
    public var description: String {
        let name = switch kind {
        case .max: "max"
        case .average(let includePad): includePad ? "avg(count_include_pad)" : "avg"
        }
        return "\(name) \(kernel.height)×\(kernel.width)/\(stride.height)×\(stride.width) pad \(padding.height)×\(padding.width)"
            + (ceilMode ? " ceil" : "")
    }

    /// PyTorch's output length of one axis.
    static func outputLength(_ input: Int, kernel: Int, stride: Int, padding: Int, ceilMode: Bool) -> Int {
        var out = (input + 2 * padding - kernel + (ceilMode ? stride - 1 : 0)) / stride + 1
        if ceilMode && (out - 1) * stride >= input + padding { out -= 1 }
        return out
    }

    /// Output size for an `height`×`width` input.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        (Self.outputLength(height, kernel: kernel.height, stride: stride.height, padding: padding.height, ceilMode: ceilMode),
         Self.outputLength(width, kernel: kernel.width, stride: stride.width, padding: padding.width, ceilMode: ceilMode))
    }

    /// The right (bottom) padding oneDNN needs to produce `output` windows: p, or more in ceil mode, where the last
    /// window reaches past the padded input (oneDNN's output size is ⌊(H + p_l + p_r − k)/s⌋ + 1).
    static func rightPadding(_ input: Int, output: Int, kernel: Int, stride: Int, padding: Int) -> Int {
        max(padding, (output - 1) * stride + kernel - input - padding)
    }
}

/// Max or average pooling executed by oneDNN (`dnnl_pooling_v2_forward_desc_init`) in the layout of its input
/// (no reorder between layers); one primitive per input size and channel count.
final class PoolingLayer: @unchecked Sendable {
    let name: String
    let parameters: PoolingParameters
    private var compiled: [Int: CompiledPrimitive] = [:]

    init(name: String, parameters: PoolingParameters) {
        self.name = name
        self.parameters = parameters
    }

    private func compile(_ input: DNNLTensor) throws -> CompiledPrimitive {
        let key = (input.channels << 40) | (input.height << 20) | input.width
        if let c = compiled[key] { return c }
        let p = parameters
        let (oh, ow) = p.outputSize(height: input.height, width: input.width)
        let bottom = PoolingParameters.rightPadding(input.height, output: oh, kernel: p.kernel.height, stride: p.stride.height,
                                                    padding: p.padding.height)
        let right = PoolingParameters.rightPadding(input.width, output: ow, kernel: p.kernel.width, stride: p.stride.width,
                                                   padding: p.padding.width)
        let algorithm: dnnl_alg_kind_t
        switch p.kind {
        case .max: algorithm = dnnl_pooling_max
        case .average(let includePad):
            // oneDNN divides by k_h·k_w even where a window reaches into the extra ceil-mode padding; PyTorch clips
            // such windows to the padded input first, so that case would differ at the border.
            if includePad && (bottom > p.padding.height || right > p.padding.width) {
                throw CNNError.unsupported(layer: name, problem: "average pooling with count_include_pad and a ceil-mode "
                    + "window past the padding (input \(input.height)×\(input.width), \(p))")
            }
            algorithm = includePad ? dnnl_pooling_avg_include_padding : dnnl_pooling_avg_exclude_padding
        }
        var src = input.memory.descriptor
        var dst = try DNNL.descriptor([1, input.channels, oh, ow], dnnl_format_tag_any, layer: name)
        let strides = [dnnl_dim_t(p.stride.height), dnnl_dim_t(p.stride.width)]
        let kernel = [dnnl_dim_t(p.kernel.height), dnnl_dim_t(p.kernel.width)]
        let dilation: [dnnl_dim_t] = [0, 0]
        let padL = [dnnl_dim_t(p.padding.height), dnnl_dim_t(p.padding.width)]
        let padR = [dnnl_dim_t(bottom), dnnl_dim_t(right)]
        var desc = dnnl_pooling_v2_desc_t()
        try DNNL.check(dnnl_pooling_v2_forward_desc_init(&desc, dnnl_forward_inference, algorithm, &src, &dst, strides,
                                                         kernel, dilation, padL, padR),
                       "dnnl_pooling_v2_forward_desc_init", name)
        let pd = try DNNL.primitiveDescriptor(&desc, activation: .none, layer: name)
        defer { dnnl_primitive_desc_destroy(pd) }
        let c = try CompiledPrimitive(pd, layer: name)
        compiled[key] = c
        return c
    }

    func forward(_ input: DNNLTensor) throws -> DNNLTensor {
        let c = try compile(input)
        let (oh, ow) = parameters.outputSize(height: input.height, width: input.width)
        let out = try c.execute([(cbir_dnnl_arg_src, input.memory)], layer: name)
        return DNNLTensor(memory: out, channels: input.channels, height: oh, width: ow)
    }
}

/// `torch.nn.AdaptiveAvgPool2d((outH, outW))` on a planar tensor: output bin (i, j) averages input rows
/// ⌊i·H/outH⌋ ..< ⌈(i+1)·H/outH⌉ and columns ⌊j·W/outW⌋ ..< ⌈(j+1)·W/outW⌉ (ATen's `start_index`/`end_index`), so
/// bins may overlap or repeat pixels when the input is smaller than the output. Plain Swift: uneven bins are
/// not a oneDNN pooling, and the maps are tiny (e.g. 512×7×7 before VGG's classifier).
public enum AdaptiveAveragePooling {
    public static func forward(_ x: FeatureTensor, height outH: Int, width outW: Int) -> FeatureTensor {
        precondition(outH > 0 && outW > 0 && x.height > 0 && x.width > 0, "AdaptiveAveragePooling: empty size")
        if x.height == outH && x.width == outW { return x }
        var out = [Float](repeating: 0, count: x.channels * outH * outW)
        for c in 0..<x.channels {
            let plane = c * x.height * x.width
            for i in 0..<outH {
                let y0 = i * x.height / outH, y1 = ((i + 1) * x.height + outH - 1) / outH
                for j in 0..<outW {
                    let x0 = j * x.width / outW, x1 = ((j + 1) * x.width + outW - 1) / outW
                    var sum: Float = 0
                    for y in y0..<y1 { for xx in x0..<x1 { sum += x.values[plane + y * x.width + xx] } }
                    out[(c * outH + i) * outW + j] = sum / Float((y1 - y0) * (x1 - x0))
                }
            }
        }
        return FeatureTensor(channels: x.channels, height: outH, width: outW, values: out)
    }
}
