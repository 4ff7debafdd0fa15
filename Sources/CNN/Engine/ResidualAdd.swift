import CDNNL

/// Element-wise sum of two activations (a residual connection, He et al., CVPR 2016), optionally followed by ReLU
/// fused as an eltwise post-op (ResNet's `out += identity; relu(out)`), with oneDNN's binary primitive in the layout
/// of the first operand (the second is reordered to it if needed); one primitive per input shape.
final class ResidualAddLayer: @unchecked Sendable {
    let name: String
    let activation: Activation
    private var compiled: [Int: CompiledPrimitive] = [:]

    init(name: String, activation: Activation = .none) {
        self.name = name
        self.activation = activation
    }

    /// a + b (then the activation); both C×H×W.
    func forward(_ a: DNNLTensor, _ b: DNNLTensor) throws -> DNNLTensor {
        precondition(a.channels == b.channels && a.height == b.height && a.width == b.width,
                     "\(name): adding \(a.channels)×\(a.height)×\(a.width) and \(b.channels)×\(b.height)×\(b.width)")
        let key = (a.channels << 40) | (a.height << 20) | a.width
        let c: CompiledPrimitive
        if let cached = compiled[key] { c = cached } else {
            var md = a.memory.descriptor
            var desc = dnnl_binary_desc_t()
            try DNNL.check(dnnl_binary_desc_init(&desc, dnnl_binary_add, &md, &md, &md), "dnnl_binary_desc_init", name)
            let pd = try DNNL.primitiveDescriptor(&desc, activation: activation, layer: name)
            defer { dnnl_primitive_desc_destroy(pd) }
            c = try CompiledPrimitive(pd, sourceQueries: [(dnnl_query_src_md, 0), (dnnl_query_src_md, 1)], layer: name)
            compiled[key] = c
        }
        let out = try c.execute([(cbir_dnnl_arg_src, a.memory), (cbir_dnnl_arg_src_1, b.memory)], layer: name)
        return DNNLTensor(memory: out, channels: a.channels, height: a.height, width: a.width)
    }
}
