import Imaging

/// How a network expects its input: 8-bit RGB pixels p ∈ 0…255 become planar floats
///
///     x_c = (p_c / d − mean_c) / std_c
///
/// | normalisation | d | mean | std | used by |
/// |---|---|---|---|---|
/// | `imagenetMeanStd` (`imagenet-mean-std`) | 255 | 0.485, 0.456, 0.406 | 0.229, 0.224, 0.225 | torchvision's ImageNet models (`transforms.ToTensor()` then `Normalize`) |
/// | `efficientNetLite` (`(x-127)/128`) | 1 | 127 | 128 | EfficientNet-Lite (TF TPU repository, `MEAN_RGB = 127`, `STDDEV_RGB = 128`) |
///
/// The arithmetic follows torchvision's order in float32 (p/255, then − mean, then / std), so the tensors are
/// bitwise those of the Python preprocessing on the same pixels.
public struct InputNormalization: Sendable, Equatable {
    /// Recorded with results, e.g. `imagenet-mean-std`.
    public let label: String
    /// d: divides the pixel value first (255 maps to [0, 1]).
    let divisor: Float
    public let mean: [Float]
    public let std: [Float]

    public init(label: String, divisor: Float, mean: [Float], std: [Float]) {
        precondition(mean.count == 3 && std.count == 3, "InputNormalization: mean and std need 3 channels")
        self.label = label; self.divisor = divisor; self.mean = mean; self.std = std
    }

    /// torchvision's ImageNet statistics on [0, 1] RGB.
    public static let imagenetMeanStd = InputNormalization(label: "imagenet-mean-std", divisor: 255,
                                                           mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
    /// (x − 127)/128 on 0…255 RGB (EfficientNet-Lite).
    public static let efficientNetLite = InputNormalization(label: "(x-127)/128", divisor: 1,
                                                            mean: [127, 127, 127], std: [128, 128, 128])

    /// The 3×H×W planar input of `image` (interleaved RGB, or grey replicated to three channels).
    public func tensor(_ image: Image) -> FeatureTensor {
        precondition(image.channels == 1 || image.channels == 3, "InputNormalization: \(image.channels) channels")
        let n = image.width * image.height
        var values = [Float](repeating: 0, count: 3 * n)
        for c in 0..<3 {
            let source = image.channels == 3 ? c : 0
            for i in 0..<n {
                values[c * n + i] = (Float(image.pixels[i * image.channels + source]) / divisor - mean[c]) / std[c]
            }
        }
        return FeatureTensor(channels: 3, height: image.height, width: image.width, values: values)
    }
}
