import CDNNL

/// Single layers through oneDNN on planar tensors (a one-layer network each: plain NCHW in, plain NCHW out), like
/// `Convolution.forward`; for tests and tools. Networks keep their activations in oneDNN's layouts instead.

/// Max or average pooling with PyTorch's semantics (`PoolingParameters`).
public enum Pooling {
    public static func forward(_ input: FeatureTensor, parameters: PoolingParameters) throws -> FeatureTensor {
        let layer = PoolingLayer(name: "pool", parameters: parameters)
        return try layer.forward(try input.dnnlTensor(layer: "pool")).featureTensor(layer: "pool")
    }
}

/// Local response normalisation across channels (`LocalResponseNormalizationParameters`).
public enum LocalResponseNormalization {
    public static func forward(_ input: FeatureTensor, parameters: LocalResponseNormalizationParameters) throws -> FeatureTensor {
        let layer = LocalResponseNormalizationLayer(name: "lrn", parameters: parameters)
        return try layer.forward(try input.dnnlTensor(layer: "lrn")).featureTensor(layer: "lrn")
    }
}

/// A fully connected layer on the NCHW-flattened input: weights O×(C·H·W) row-major, bias O; returns O×1×1.
public enum FullyConnected {
    public static func forward(_ input: FeatureTensor, outputs: Int, weights: [Float], bias: [Float],
                               activation: Activation = .none) throws -> FeatureTensor {
        let layer = InnerProductLayer(name: "fc", input: (input.channels, input.height, input.width), outputs: outputs,
                                      weights: weights, bias: bias, activation: activation)
        var x = try input.dnnlTensor(layer: "fc")
        if input.height == 1 && input.width == 1 {  // 2-D descriptors for a flat input
            x.memory = try DNNLMemory(try DNNL.descriptor([1, input.channels], dnnl_nc, layer: "fc"), layer: "fc")
            x.memory.write(input.values)
        }
        return try layer.forward(x).featureTensor(layer: "fc")
    }
}

/// Concatenation along channels (`torch.cat(xs, 1)`), inputs of equal H×W.
public enum Concatenation {
    public static func forward(_ inputs: [FeatureTensor]) throws -> FeatureTensor {
        let layer = ConcatenationLayer(name: "cat")
        return try layer.forward(try inputs.map { try $0.dnnlTensor(layer: "cat") }).featureTensor(layer: "cat")
    }
}

/// a + b, then the activation (ResNet's residual connection and ReLU).
public enum ResidualAdd {
    public static func forward(_ a: FeatureTensor, _ b: FeatureTensor, activation: Activation = .none) throws -> FeatureTensor {
        let layer = ResidualAddLayer(name: "add", activation: activation)
        return try layer.forward(try a.dnnlTensor(layer: "add"), try b.dnnlTensor(layer: "add")).featureTensor(layer: "add")
    }
}
