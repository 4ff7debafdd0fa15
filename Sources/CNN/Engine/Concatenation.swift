import CDNNL

/// Concatenation along channels (`torch.cat(xs, 1)`, e.g. the two expand branches of a SqueezeNet fire module)
/// executed by oneDNN (`dnnl_concat_primitive_desc_create`) from the inputs' own layouts into one oneDNN picks;
/// one primitive per input size.
final class ConcatenationLayer: @unchecked Sendable {
    let name: String
    private var compiled: [Int: CompiledPrimitive] = [:]

    init(name: String) { self.name = name }

    /// `inputs` all H×W; the output has Σ C_i channels, input i's channels first-to-last in order.
    func forward(_ inputs: [DNNLTensor]) throws -> DNNLTensor {
        precondition(!inputs.isEmpty, "\(name): nothing to concatenate")
        let (h, w) = (inputs[0].height, inputs[0].width)
        precondition(inputs.allSatisfy { $0.height == h && $0.width == w && $0.memory.descriptor.ndims == 4 },
                     "\(name): inputs of different sizes")
        let channels = inputs.reduce(0) { $0 + $1.channels }
        let key = (channels << 40) | (h << 20) | w
        let c: CompiledPrimitive
        if let cached = compiled[key] { c = cached } else {
            var dst = try DNNL.descriptor([1, channels, h, w], dnnl_format_tag_any, layer: name)
            let sources = inputs.map { $0.memory.descriptor }
            let attr = try DNNL.attributes(activation: .none, layer: name)
            defer { dnnl_primitive_attr_destroy(attr) }
            var pd: dnnl_primitive_desc_t?
            try DNNL.check(dnnl_concat_primitive_desc_create(&pd, &dst, Int32(sources.count), 1, sources, attr,
                                                             DNNL.shared.engine),
                           "dnnl_concat_primitive_desc_create", name)
            defer { dnnl_primitive_desc_destroy(pd) }
            c = try CompiledPrimitive(pd!, sourceQueries: sources.indices.map { (dnnl_query_src_md, Int32($0)) }, layer: name)
            compiled[key] = c
        }
        let args = inputs.enumerated().map { (cbir_dnnl_arg_multiple_src + Int32($0.offset), $0.element.memory) }
        let out = try c.execute(args.map { (argument: $0.0, memory: $0.1) }, layer: name)
        return DNNLTensor(memory: out, channels: channels, height: h, width: w)
    }
}
