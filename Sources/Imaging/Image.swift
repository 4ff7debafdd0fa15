/// An 8-bit image: `height` rows of `width` pixels, each `channels` interleaved samples (1 = grey, 3 = RGB),
/// rows top to bottom, no padding. This is the layout decoders produce and Pillow uses, so resizing can reproduce
/// Pillow's integer arithmetic exactly.
public struct Image: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    /// `height * width * channels` samples; pixel (x, y) channel c is at `(y * width + x) * channels + c`.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "Image: empty shape \(width)×\(height)")
        precondition(channels == 1 || channels == 3, "Image: \(channels) channels; expected 1 or 3")
        precondition(pixels.count == width * height * channels,
                     "Image: \(pixels.count) samples for \(width)×\(height)×\(channels)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Sample at column `x`, row `y`, channel `c`.
    @inlinable
    public subscript(x: Int, y: Int, c: Int) -> UInt8 {
        get { pixels[(y * width + x) * channels + c] }
        set { pixels[(y * width + x) * channels + c] = newValue }
    }
}
