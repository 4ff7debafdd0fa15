import Foundation

/// A chain of layers run in order — torchvision's `features` → `avgpool` → `classifier` of AlexNet and VGG — that
/// can stop after any step carrying a stop-layer name. Convolutions and fully connected layers have their ReLU
/// fused; activations stay in oneDNN's layouts except around the adaptive average pooling (plain NCHW, in Swift).
final class Sequential: @unchecked Sendable {
    enum Step {
        case convolution(ConvolutionLayer)
        case pooling(PoolingLayer)
        /// `torch.nn.AdaptiveAvgPool2d((height, width))`.
        case adaptiveAveragePooling(height: Int, width: Int)
        case fullyConnected(InnerProductLayer)
    }

    let architecture: NetworkArchitecture
    let steps: [(step: Step, stopLayer: String?)]
    private let lock = NSLock()

    /// `steps` carry the architecture's stop layers in order — all of them, or the leading ones when the checkpoint
    /// has no classifier.
    init(_ architecture: NetworkArchitecture, steps: [(step: Step, stopLayer: String?)]) {
        let stops = steps.compactMap(\.stopLayer)
        precondition(Array(architecture.stopLayers.prefix(stops.count)) == stops, "Sequential: stop layers of \(architecture)")
        self.architecture = architecture
        self.steps = steps
    }

    /// The output of the step named `layer` for a 3×H×W input.
    func forward(_ input: FeatureTensor, upTo layer: String) throws -> FeatureTensor {
        try architecture.validateStopLayer(layer)
        let available = steps.compactMap(\.stopLayer)
        guard available.contains(layer) else {
            throw CNNError.layerNotInCheckpoint(architecture: architecture.rawValue, layer: layer, available: available)
        }
        precondition(input.channels == 3, "\(architecture): \(input.channels) input channels")
        return try lock.withLock {
            var x = try input.dnnlTensor(layer: "input")
            var name = "input"
            for (step, stop) in steps {
                switch step {
                case .convolution(let conv): x = try conv.forward(x); name = conv.name
                case .pooling(let pool): x = try pool.forward(x); name = pool.name
                case .adaptiveAveragePooling(let h, let w):
                    name = "avgpool"
                    let plain = try x.featureTensor(layer: name)
                    x = try AdaptiveAveragePooling.forward(plain, height: h, width: w).dnnlTensor(layer: name)
                case .fullyConnected(let fc): x = try fc.forward(x); name = fc.name
                }
                if stop == layer { return try x.featureTensor(layer: name) }
            }
            preconditionFailure("\(architecture): stop layer \(layer) not reached")
        }
    }
}
