/// Sizes, crops and colour conversion, each rule named as the reference implementation has it.
public extension Image {
    /// The size with the longer side equal to `maxSide`, preserving the aspect ratio, the shorter side rounded
    /// half away from zero (`max(1, round(short · maxSide / long))`). Never upscales when `upscale` is false.
    func sizeFitting(maxSide: Int, upscale: Bool = false) -> (width: Int, height: Int) {
        let long = max(width, height)
        guard maxSide > 0, upscale || long > maxSide else { return (width, height) }
        let scale = Double(maxSide) / Double(long)
        if width >= height {
            return (maxSide, max(1, Int((Double(height) * scale).rounded())))
        }
        return (max(1, Int((Double(width) * scale).rounded())), maxSide)
    }

    /// Crop to the box `[x1, x2) × [y1, y2)` after rounding each coordinate as Pillow's `Image.crop` does for float
    /// boxes (Python's `round`: half to even), clamped to the image. cirtorch crops Oxford/Paris queries this way.
    func cropped(x1: Double, y1: Double, x2: Double, y2: Double) -> Image {
        let left = max(0, min(width, Int(x1.rounded(.toNearestOrEven))))
        let top = max(0, min(height, Int(y1.rounded(.toNearestOrEven))))
        let right = max(left + 1, min(width, Int(x2.rounded(.toNearestOrEven))))
        let bottom = max(top + 1, min(height, Int(y2.rounded(.toNearestOrEven))))
        let w = right - left, h = bottom - top
        var out = [UInt8]()
        out.reserveCapacity(w * h * channels)
        for y in top..<bottom {
            let start = (y * width + left) * channels
            out.append(contentsOf: pixels[start ..< start + w * channels])
        }
        return Image(width: w, height: h, channels: channels, pixels: out)
    }

    /// Grey levels as Pillow's `convert("L")` computes them from RGB (ITU-R 601-2 luma in 16-bit fixed point):
    /// `L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16`. A grey image is returned unchanged.
    func greyscale() -> Image {
        guard channels == 3 else { return self }
        var out = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeBufferPointer { p in
            for i in 0..<(width * height) {
                let r = UInt32(p[3 * i]), g = UInt32(p[3 * i + 1]), b = UInt32(p[3 * i + 2])
                out[i] = UInt8((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16)
            }
        }
        return Image(width: width, height: height, channels: 1, pixels: out)
    }

    /// Grey levels as Float in [0, 1] (sample / 255), row-major — the input VLFeat's SIFT expects.
    func greyFloats() -> [Float] {
        greyscale().pixels.map { Float($0) / 255 }
    }
}
