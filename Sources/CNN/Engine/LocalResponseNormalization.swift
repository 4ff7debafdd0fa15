import CDNNL

/// Local response normalisation across channels (Krizhevsky et al., NIPS 2012, §3.3) with the semantics of
/// `torch.nn.LocalResponseNorm(size, alpha, beta, k)`:
///
///     b_c = a_c / (k + α/n · Σ_{c' = c − ⌊n/2⌋}^{c + ⌊(n−1)/2⌋} a_{c'}²)^β     (n = size; channels outside 0..<C count 0)
///
/// oneDNN's `dnnl_lrn_across_channels` uses the same α/n scaling and, for odd n, the same centred window; for
/// even n their windows are shifted by one channel, so n must be odd (AlexNet/CaffeNet/GoogLeNet use 5).
public struct LocalResponseNormalizationParameters: Sendable, Equatable {
    public var size: Int
    public var alpha: Float
    public var beta: Float
    public var k: Float

    /// PyTorch's defaults α = 10⁻⁴, β = 0.75, k = 1.
    public init(size: Int, alpha: Float = 1e-4, beta: Float = 0.75, k: Float = 1) {
        precondition(size > 0 && size % 2 == 1, "LocalResponseNormalization: size \(size) must be odd")
        self.size = size; self.alpha = alpha; self.beta = beta; self.k = k
    }
}

/// LRN executed by oneDNN (`dnnl_lrn_forward_desc_init`) in the layout of its input; one primitive per input shape.
final class LocalResponseNormalizationLayer: @unchecked Sendable {
    let name: String
    let parameters: LocalResponseNormalizationParameters
    private var compiled: [Int: CompiledPrimitive] = [:]

    init(name: String, parameters: LocalResponseNormalizationParameters) {
        self.name = name
        self.parameters = parameters
    }

    func forward(_ input: DNNLTensor) throws -> DNNLTensor {
        let key = (input.channels << 40) | (input.height << 20) | input.width
        let c: CompiledPrimitive
        if let cached = compiled[key] { c = cached } else {
            var data = input.memory.descriptor
            var desc = dnnl_lrn_desc_t()
            let p = parameters
            try DNNL.check(dnnl_lrn_forward_desc_init(&desc, dnnl_forward_inference, dnnl_lrn_across_channels, &data,
                                                      dnnl_dim_t(p.size), p.alpha, p.beta, p.k),
                           "dnnl_lrn_forward_desc_init", name)
            let pd = try DNNL.primitiveDescriptor(&desc, activation: .none, layer: name)
            defer { dnnl_primitive_desc_destroy(pd) }
            c = try CompiledPrimitive(pd, layer: name)
            compiled[key] = c
        }
        let out = try c.execute([(cbir_dnnl_arg_src, input.memory)], layer: name)
        return DNNLTensor(memory: out, channels: input.channels, height: input.height, width: input.width)
    }
}
