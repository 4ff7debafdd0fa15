/// Layers built from a checkpoint's tensors under torchvision's names; shapes are checked by `take`.
extension StateDict {
    /// A `Conv2d` at `prefix` (`prefix.weight` O×(I/groups)×kH×kW, and `prefix.bias` O when `bias`), with the
    /// `BatchNorm2d` at `batchNorm` (if any) folded into it (see `BatchNorm.fold`); activations in `layout` (nil:
    /// oneDNN's choice).
    mutating func convolution(_ prefix: String, _ p: ConvolutionParameters, bias: Bool, batchNorm: String? = nil,
                              epsilon: Float = 1e-5, layout: ActivationLayout? = nil) -> ConvolutionLayer {
        let w = take("\(prefix).weight", shape: [p.outChannels, p.inChannels / p.groups, p.kernel.height, p.kernel.width])
        let b = bias ? take("\(prefix).bias", shape: [p.outChannels]) : nil
        guard let bn = batchNorm else { return ConvolutionLayer(name: prefix, parameters: p, weights: w, bias: b, layout: layout) }
        let folded = self.batchNorm(bn, channels: p.outChannels, epsilon: epsilon).fold(weights: w, bias: b)
        return ConvolutionLayer(name: prefix, parameters: p, weights: folded.weights, bias: folded.bias, layout: layout)
    }

    /// A `Linear` at `prefix` (`prefix.weight` O×(C·H·W), `prefix.bias` O) on a C×H×W input, named `name`.
    mutating func linear(_ prefix: String, name: String, input: (channels: Int, height: Int, width: Int), outputs: Int,
                         activation: Activation) -> InnerProductLayer {
        let w = take("\(prefix).weight", shape: [outputs, input.channels * input.height * input.width])
        let b = take("\(prefix).bias", shape: [outputs])
        return InnerProductLayer(name: name, input: input, outputs: outputs, weights: w, bias: b, activation: activation)
    }

    /// Checks the shapes of tensors the network does not use (e.g. the ImageNet classifier after the last stop
    /// layer), so a checkpoint of another architecture is still caught, without keeping them.
    mutating func skip(_ name: String, shape: [Int]) {
        _ = take(name, shape: shape)
    }
}
