import CDNNL

/// Element-wise sum of two activations (a residual connection) with oneDNN's binary primitive, in the layout of
/// the first operand (the second is reordered to it if needed).
enum ResidualAdd {
    static func forward(_ a: DNNLMemory, _ b: DNNLMemory, layer: String) throws -> DNNLMemory {
        var md = a.descriptor
        let second = try b.reordered(to: md, layer: layer)
        var desc = dnnl_binary_desc_t()
        try DNNL.check(dnnl_binary_desc_init(&desc, dnnl_binary_add, &md, &md, &md), "dnnl_binary_desc_init", layer)
        var pd: dnnl_primitive_desc_t?
        try DNNL.check(dnnl_primitive_desc_create(&pd, &desc, nil, DNNL.shared.engine, nil), "dnnl_primitive_desc_create(binary)", layer)
        defer { dnnl_primitive_desc_destroy(pd) }
        var primitive: dnnl_primitive_t?
        try DNNL.check(dnnl_primitive_create(&primitive, pd), "dnnl_primitive_create(binary)", layer)
        defer { dnnl_primitive_destroy(primitive) }
        let out = try DNNLMemory(md, layer: layer)
        var args = [dnnl_exec_arg_t(arg: cbir_dnnl_arg_src, memory: a.memory),
                    dnnl_exec_arg_t(arg: cbir_dnnl_arg_src_1, memory: second.memory),
                    dnnl_exec_arg_t(arg: cbir_dnnl_arg_dst, memory: out.memory)]
        try DNNL.check(dnnl_primitive_execute(primitive, DNNL.shared.stream, 3, &args), "dnnl_primitive_execute(binary)", layer)
        try DNNL.check(dnnl_stream_wait(DNNL.shared.stream), "dnnl_stream_wait", layer)
        return out
    }
}
