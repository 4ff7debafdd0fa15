import Foundation

/// Plain bilinear interpolation without antialiasing, as PyTorch computes it —
/// `torch.nn.functional.interpolate(x.float(), size=(h, w), mode="bilinear", align_corners=False)` on the 0…255
/// values, then rounded half to even (`torch.round`) and clamped to 8 bits — the resize of pipelines that scale the
/// tensor instead of the image (cirtorch's multi-scale `extract_ms`, many `Resize`-free loaders); OpenCV's
/// `INTER_LINEAR` uses the same geometry in 11-bit fixed point (±1 level).
///
/// Geometry (half-pixel centres): per axis, scale s = in / out in Float; output i samples the input at
/// r = max(s·(i + ½) − ½, 0), computed in Double (ATen's CPU kernel, 1.13: accumulation type of Float), between
/// i₀ = ⌊r⌋ and i₁ = min(i₀ + 1, in − 1) with weights λ₁ = Float(r − i₀) and λ₀ = 1 − λ₁. An unchanged side copies.
/// Value: λʸ₀·(λˣ₀·p₀₀ + λˣ₁·p₀₁) + λʸ₁·(λˣ₀·p₁₀ + λˣ₁·p₁₁) in Float. Downscaling skips pixels between the two
/// sampled ones — what "non-antialiased" means, and why it moves retrieval numbers.
struct BilinearSampling {
    let index0: [Int]
    let index1: [Int]
    let lambda0: [Float]
    let lambda1: [Float]

    init(inSize: Int, outSize: Int) {
        guard inSize != outSize else {
            index0 = Array(0..<outSize); index1 = index0
            lambda0 = Array(repeating: 1, count: outSize); lambda1 = Array(repeating: 0, count: outSize)
            return
        }
        let scale = Double(Float(inSize) / Float(outSize))
        var i0: [Int] = [], i1: [Int] = [], l0: [Float] = [], l1: [Float] = []
        for i in 0..<outSize {
            let r = max(scale * (Double(i) + 0.5) - 0.5, 0)
            let first = min(Int(r), inSize - 1)
            let lambda = Float(min(max(r - Double(first), 0), 1))
            i0.append(first)
            i1.append(first < inSize - 1 ? first + 1 : first)
            l1.append(lambda)
            l0.append(Float(1 - Double(lambda)))
        }
        index0 = i0; index1 = i1; lambda0 = l0; lambda1 = l1
    }
}

extension Image {
    /// `resized(width:height:filter: .bilinear)`.
    func interpolatedBilinearly(width outWidth: Int, height outHeight: Int) -> Image {
        let xs = BilinearSampling(inSize: width, outSize: outWidth)
        let ys = BilinearSampling(inSize: height, outSize: outHeight)
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * channels)
        pixels.withUnsafeBufferPointer { src in
            for y in 0..<outHeight {
                let row0 = ys.index0[y] * width * channels, row1 = ys.index1[y] * width * channels
                let wy0 = ys.lambda0[y], wy1 = ys.lambda1[y]
                for x in 0..<outWidth {
                    let c0 = xs.index0[x] * channels, c1 = xs.index1[x] * channels
                    let wx0 = xs.lambda0[x], wx1 = xs.lambda1[x]
                    for c in 0..<channels {
                        let top = Float(src[row0 + c0 + c]) * wx0 + Float(src[row0 + c1 + c]) * wx1
                        let bottom = Float(src[row1 + c0 + c]) * wx0 + Float(src[row1 + c1 + c]) * wx1
                        let value = (top * wy0 + bottom * wy1).rounded(.toNearestOrEven)
                        out[(y * outWidth + x) * channels + c] = UInt8(min(max(value, 0), 255))
                    }
                }
            }
        }
        return Image(width: outWidth, height: outHeight, channels: channels, pixels: out)
    }
}
