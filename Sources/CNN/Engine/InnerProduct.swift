import CDNNL

/// A fully connected layer (`torch.nn.Linear`, optionally followed by ReLU) executed by oneDNN's inner product.
/// Its input is a C×H×W activation, flattened in NCHW order as torchvision's `torch.flatten(x, 1)` does, so the
/// weights O×(C·H·W) of a `Linear` are the O×C×H×W weights of the primitive without any permutation. For an input
/// with H = W = 1 (the output of another fully connected layer) the descriptors are 2-D (1×C).
///
/// The primitive (and the weights reordered into oneDNN's layout) is created on first use; the input shape is
/// fixed by the architecture, so the plain weights are then released (VGG16's fc6 alone is 411 MB).
final class InnerProductLayer: @unchecked Sendable {
    let name: String
    let input: (channels: Int, height: Int, width: Int)
    let outputs: Int
    let activation: Activation
    private var weights: [Float]
    private let bias: [Float]
    private var compiled: CompiledPrimitive?

    /// `weights` O×(C·H·W) row-major, `bias` O.
    init(name: String, input: (channels: Int, height: Int, width: Int), outputs: Int, weights: [Float], bias: [Float],
         activation: Activation = .none) {
        precondition(weights.count == outputs * input.channels * input.height * input.width,
                     "\(name): \(weights.count) weights for \(outputs)×\(input)")
        precondition(bias.count == outputs, "\(name): bias of \(bias.count) for \(outputs) outputs")
        self.name = name; self.input = input; self.outputs = outputs; self.activation = activation
        self.weights = weights; self.bias = bias
    }

    private var flat: Bool { input.height == 1 && input.width == 1 }

    private func compile() throws -> CompiledPrimitive {
        if let c = compiled { return c }
        let sourceDims = flat ? [1, input.channels] : [1, input.channels, input.height, input.width]
        let weightDims = [outputs] + sourceDims.dropFirst()
        var src = try DNNL.descriptor(sourceDims, dnnl_format_tag_any, layer: name)
        var wAny = try DNNL.descriptor(weightDims, dnnl_format_tag_any, layer: name)
        var bDesc = try DNNL.descriptor([outputs], dnnl_x, layer: name)
        var dst = try DNNL.descriptor([1, outputs], dnnl_format_tag_any, layer: name)
        var desc = dnnl_inner_product_desc_t()
        try DNNL.check(dnnl_inner_product_forward_desc_init(&desc, dnnl_forward_inference, &src, &wAny, &bDesc, &dst),
                       "dnnl_inner_product_forward_desc_init", name)
        let pd = try DNNL.primitiveDescriptor(&desc, activation: activation, layer: name)
        defer { dnnl_primitive_desc_destroy(pd) }
        let c = try CompiledPrimitive(pd, weights: weights,
                                      plainLayout: try DNNL.descriptor(weightDims, flat ? dnnl_oi : dnnl_oihw, layer: name),
                                      bias: bias, layer: name)
        compiled = c
        weights = []
        return c
    }

    /// Runs the layer on `x` (C×H×W as declared; any layout, reordered to the primitive's if needed); returns O×1×1
    /// in a 2-D memory.
    func forward(_ x: DNNLTensor) throws -> DNNLTensor {
        precondition(x.channels == input.channels && x.height == input.height && x.width == input.width,
                     "\(name): input \(x.channels)×\(x.height)×\(x.width), expected \(input)")
        precondition(Int(x.memory.descriptor.ndims) == (flat ? 2 : 4), "\(name): a \(x.memory.descriptor.ndims)-D input")
        let out = try compile().execute([(cbir_dnnl_arg_src, x.memory)], layer: name)
        return DNNLTensor(memory: out, channels: outputs, height: 1, width: 1)
    }
}
