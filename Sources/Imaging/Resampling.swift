/// Resampling filters, reproducing Pillow 9.4's `Image.resize` (`libImaging/Resample.c`) for 8-bit images pixel for
/// pixel: separable convolution, horizontal pass then vertical pass, the kernel support widened by the scale when
/// downscaling (antialiasing), coefficients normalised then converted to fixed point with 22 fractional bits
/// (`PRECISION_BITS = 32 − 8 − 2`), rounding by adding ½ and clipping to 0…255 after each pass.
public enum ResizeFilter: String, Sendable, CaseIterable, Codable {
    /// Pillow `BILINEAR` (triangle kernel, support 1), antialiased when downscaling.
    case bilinearAntialias = "bilinear-antialias"
    /// Pillow `BICUBIC` (Keys cubic, a = −0.5, support 2), antialiased when downscaling.
    case bicubicAntialias = "bicubic-antialias"
    /// Pillow `LANCZOS` (a = 3), antialiased when downscaling — what `thumbnail` / `ANTIALIAS` use.
    case lanczosAntialias = "lanczos-antialias"
    /// Plain bilinear without antialiasing, as `torch.nn.functional.interpolate(mode="bilinear",
    /// align_corners=False)` computes it (`BilinearSampling`), rounded to 8 bits — not Pillow.
    case bilinear

    var support: Double {
        switch self {
        case .bilinearAntialias, .bilinear: 1
        case .bicubicAntialias: 2
        case .lanczosAntialias: 3
        }
    }

    func weight(_ x: Double) -> Double {
        switch self {
        case .bilinearAntialias, .bilinear:
            let x = abs(x)
            return x < 1 ? 1 - x : 0
        case .bicubicAntialias:
            let a = -0.5, x = abs(x)
            if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
            if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0
        case .lanczosAntialias:
            // sinc(x) · sinc(x/3) for |x| < 3 (Pillow's lanczos_filter)
            guard x > -3 && x < 3 else { return 0 }
            return Self.sinc(x) * Self.sinc(x / 3)
        }
    }

    private static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let px = x * Double.pi
        return sin(px) / px
    }
}

import Foundation

/// Fixed-point coefficients of one axis: for each output position, the first input index and its weights.
struct ResampleCoefficients {
    static let precisionBits = 32 - 8 - 2
    let bounds: [(start: Int, count: Int)]
    let kernelSize: Int
    let weights: [Int32]  // outSize × kernelSize

    /// Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for the whole input range [0, inSize).
    init(inSize: Int, outSize: Int, filter: ResizeFilter) {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = max(scale, 1.0)
        let support = filter.support * filterScale
        let kernelSize = Int(support.rounded(.up)) * 2 + 1
        var bounds: [(Int, Int)] = []
        var weights = [Int32](repeating: 0, count: outSize * kernelSize)
        let ss = 1.0 / filterScale
        for xx in 0..<outSize {
            let center = (Double(xx) + 0.5) * scale
            var xmin = Int(center - support + 0.5)  // C (int) truncates toward zero
            if xmin < 0 { xmin = 0 }
            var xmax = Int(center + support + 0.5)
            if xmax > inSize { xmax = inSize }
            xmax -= xmin
            var k = [Double](repeating: 0, count: xmax)
            var ww = 0.0
            for x in 0..<xmax {
                let w = filter.weight((Double(x + xmin) - center + 0.5) * ss)
                k[x] = w
                ww += w
            }
            for x in 0..<xmax {
                let v = ww != 0 ? k[x] / ww : k[x]
                let scaled = v * Double(1 << Self.precisionBits)
                weights[xx * kernelSize + x] = Int32(v < 0 ? (-0.5 + scaled) : (0.5 + scaled))
            }
            bounds.append((xmin, xmax))
        }
        self.bounds = bounds.map { (start: $0.0, count: $0.1) }
        self.kernelSize = kernelSize
        self.weights = weights
    }

    @inline(__always)
    static func clip8(_ value: Int32) -> UInt8 {
        if value >= Int32(1) << (precisionBits + 8) { return 255 }
        if value <= 0 { return 0 }
        return UInt8(value >> precisionBits)
    }
}

public extension Image {
    /// This image resized to exactly `width`×`height` with `filter` — Pillow's `Image.resize((width, height),
    /// filter)` pixel for pixel (no `reducing_gap`); `.bilinear` as PyTorch's `interpolate` (`BilinearSampling`).
    func resized(width: Int, height: Int, filter: ResizeFilter) -> Image {
        precondition(width > 0 && height > 0, "resized: empty target \(width)×\(height)")
        if width == self.width && height == self.height { return self }
        if filter == .bilinear { return interpolatedBilinearly(width: width, height: height) }
        let horizontal = ResampleCoefficients(inSize: self.width, outSize: width, filter: filter)
        let vertical = ResampleCoefficients(inSize: self.height, outSize: height, filter: filter)
        var source = self
        if width != self.width {
            // Pillow computes only the rows the vertical pass needs; the values of those rows are the same.
            source = source.resampledHorizontally(horizontal, width: width)
        }
        if height != self.height {
            source = source.resampledVertically(vertical, height: height)
        }
        return source
    }

    private func resampledHorizontally(_ c: ResampleCoefficients, width outWidth: Int) -> Image {
        var out = [UInt8](repeating: 0, count: outWidth * height * channels)
        let half = Int32(1) << (ResampleCoefficients.precisionBits - 1)
        pixels.withUnsafeBufferPointer { src in
            c.weights.withUnsafeBufferPointer { w in
                for y in 0..<height {
                    let row = y * width * channels
                    for xx in 0..<outWidth {
                        let (start, count) = c.bounds[xx]
                        for ch in 0..<channels {
                            var ss = half
                            for x in 0..<count {
                                ss &+= Int32(src[row + (start + x) * channels + ch]) &* w[xx * c.kernelSize + x]
                            }
                            out[(y * outWidth + xx) * channels + ch] = ResampleCoefficients.clip8(ss)
                        }
                    }
                }
            }
        }
        return Image(width: outWidth, height: height, channels: channels, pixels: out)
    }

    private func resampledVertically(_ c: ResampleCoefficients, height outHeight: Int) -> Image {
        var out = [UInt8](repeating: 0, count: width * outHeight * channels)
        let half = Int32(1) << (ResampleCoefficients.precisionBits - 1)
        let stride = width * channels
        pixels.withUnsafeBufferPointer { src in
            c.weights.withUnsafeBufferPointer { w in
                for yy in 0..<outHeight {
                    let (start, count) = c.bounds[yy]
                    for i in 0..<stride {
                        var ss = half
                        for y in 0..<count {
                            ss &+= Int32(src[(start + y) * stride + i]) &* w[yy * c.kernelSize + y]
                        }
                        out[yy * stride + i] = ResampleCoefficients.clip8(ss)
                    }
                }
            }
        }
        return Image(width: width, height: outHeight, channels: channels, pixels: out)
    }
}
