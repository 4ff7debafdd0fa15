import CDNNL

/// Element-wise sum of two activations (a residual connection, He et al., CVPR 2016), optionally followed by ReLU
/// (ResNet's `out += identity; relu(out)`), with oneDNN's binary primitive in the layout of the first operand (the
/// second is reordered to it if needed); one primitive per input shape.
///
/// The activation is fused into the binary primitive as an eltwise post-op only for layouts without channel
/// blocks (`nchw`, `nhwc`). oneDNN 2.6.3's `jit:uni` binary with a post-op writes one channel block past the end
/// of a blocked destination whose block count is odd (e.g. `nChw8c` with 24 or 40 channels, measured with guard
/// pages: 544 bytes past a 1×24×5×7 output), corrupting the heap; there a separate eltwise primitive runs instead.
final class ResidualAddLayer: @unchecked Sendable {
    let name: String
    let activation: Activation
    private var compiled: [Int: (add: CompiledPrimitive, activation: CompiledPrimitive?)] = [:]

    init(name: String, activation: Activation = .none) {
        self.name = name
        self.activation = activation
    }

    private func compile(_ a: DNNLTensor) throws -> (add: CompiledPrimitive, activation: CompiledPrimitive?) {
        let key = (a.channels << 40) | (a.height << 20) | a.width
        if let c = compiled[key] { return c }
        var md = a.memory.descriptor
        let fuse = md.format_kind == dnnl_blocked && md.format_desc.blocking.inner_nblks == 0
        var desc = dnnl_binary_desc_t()
        try DNNL.check(dnnl_binary_desc_init(&desc, dnnl_binary_add, &md, &md, &md), "dnnl_binary_desc_init", name)
        let pd = try DNNL.primitiveDescriptor(&desc, activation: fuse ? activation : .none, layer: name)
        defer { dnnl_primitive_desc_destroy(pd) }
        let add = try CompiledPrimitive(pd, sourceQueries: [(dnnl_query_src_md, 0), (dnnl_query_src_md, 1)], layer: name)
        var separate: CompiledPrimitive?
        if !fuse && activation != .none {
            var sum = add.destination
            var eltwise = dnnl_eltwise_desc_t()
            let status = activation == .relu
                ? dnnl_eltwise_forward_desc_init(&eltwise, dnnl_forward_inference, dnnl_eltwise_relu, &sum, 0, 0)
                : dnnl_eltwise_forward_desc_init(&eltwise, dnnl_forward_inference, dnnl_eltwise_clip, &sum, 0, 6)
            try DNNL.check(status, "dnnl_eltwise_forward_desc_init", name)
            let epd = try DNNL.primitiveDescriptor(&eltwise, activation: .none, layer: name)
            defer { dnnl_primitive_desc_destroy(epd) }
            separate = try CompiledPrimitive(epd, layer: name)
        }
        compiled[key] = (add, separate)
        return (add, separate)
    }

    /// a + b (then the activation); both C×H×W.
    func forward(_ a: DNNLTensor, _ b: DNNLTensor) throws -> DNNLTensor {
        precondition(a.channels == b.channels && a.height == b.height && a.width == b.width,
                     "\(name): adding \(a.channels)×\(a.height)×\(a.width) and \(b.channels)×\(b.height)×\(b.width)")
        let c = try compile(a)
        var out = try c.add.execute([(cbir_dnnl_arg_src, a.memory), (cbir_dnnl_arg_src_1, b.memory)], layer: name)
        if let eltwise = c.activation { out = try eltwise.execute([(cbir_dnnl_arg_src, out)], layer: name) }
        return DNNLTensor(memory: out, channels: a.channels, height: a.height, width: a.width)
    }
}
