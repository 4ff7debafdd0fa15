/// A C×H×W single-image activation in planar (NCHW, N = 1) order — PyTorch's layout — at the ends of a network.
public struct FeatureTensor: Equatable, Sendable {
    public var channels: Int
    public var height: Int
    public var width: Int
    /// `channels * height * width` values; element (c, y, x) at `(c * height + y) * width + x`.
    public var values: [Float]

    public init(channels: Int, height: Int, width: Int, values: [Float]) {
        precondition(values.count == channels * height * width,
                     "FeatureTensor: \(values.count) values for \(channels)×\(height)×\(width)")
        self.channels = channels; self.height = height; self.width = width; self.values = values
    }
}
