import RetrievalCore
import Imaging

/// A floating-point RGB canvas for procedural drawing, converted to an 8-bit `Image` at the end.
struct Canvas {
    let width: Int
    let height: Int
    var rgb: [Double]

    init(width: Int, height: Int, colour: (Double, Double, Double)) {
        self.width = width
        self.height = height
        rgb = Array((0..<(width * height)).map { _ in [colour.0, colour.1, colour.2] }.joined())
    }

    mutating func set(_ x: Int, _ y: Int, _ c: (Double, Double, Double)) {
        let i = 3 * (y * width + x)
        rgb[i] = c.0; rgb[i + 1] = c.1; rgb[i + 2] = c.2
    }

    func sample(_ x: Double, _ y: Double) -> (Double, Double, Double)? {
        guard x >= 0, y >= 0, x <= Double(width - 1), y <= Double(height - 1) else { return nil }
        let x0 = min(Int(x), width - 2), y0 = min(Int(y), height - 2)
        let fx = x - Double(x0), fy = y - Double(y0)
        func at(_ xx: Int, _ yy: Int, _ c: Int) -> Double { rgb[3 * (yy * width + xx) + c] }
        func mix(_ c: Int) -> Double {
            (at(x0, y0, c) * (1 - fx) + at(x0 + 1, y0, c) * fx) * (1 - fy)
                + (at(x0, y0 + 1, c) * (1 - fx) + at(x0 + 1, y0 + 1, c) * fx) * fy
        }
        return (mix(0), mix(1), mix(2))
    }

    /// Random shapes — discs, rectangles, rings, bars — in random colours: rich in blobs and corners for SIFT.
    mutating func scatterShapes(count: Int, random: inout SplitMix64, sizeRange: ClosedRange<Double>) {
        for _ in 0..<count {
            let colour = (random.uniform(0, 255), random.uniform(0, 255), random.uniform(0, 255))
            let cx = random.uniform(0, Double(width)), cy = random.uniform(0, Double(height))
            let size = random.uniform(sizeRange.lowerBound, sizeRange.upperBound)
            let kind = random.int(4)
            let aspect = random.uniform(0.3, 1.0)
            let xmin = max(0, Int(cx - size)), xmax = min(width - 1, Int(cx + size))
            let ymin = max(0, Int(cy - size)), ymax = min(height - 1, Int(cy + size))
            guard xmin <= xmax, ymin <= ymax else { continue }
            for y in ymin...ymax {
                for x in xmin...xmax {
                    let dx = Double(x) - cx, dy = Double(y) - cy
                    let inside: Bool
                    switch kind {
                    case 0: inside = dx * dx + dy * dy <= size * size
                    case 1: inside = abs(dx) <= size && abs(dy) <= size * aspect
                    case 2:
                        let r = (dx * dx + dy * dy).squareRoot()
                        inside = r <= size && r >= size * 0.6
                    default: inside = abs(dx) <= size * 0.2 || abs(dy) <= size * 0.2 * aspect
                    }
                    if inside { set(x, y, colour) }
                }
            }
        }
    }

    /// The 8-bit image, with gain, bias and Gaussian-ish noise (sum of uniforms) applied, clipped to 0…255.
    func image(gain: Double = 1, bias: Double = 0, noise: Double = 0, random: inout SplitMix64) -> Image {
        var pixels = [UInt8](repeating: 0, count: rgb.count)
        for i in 0..<rgb.count {
            var v = rgb[i] * gain + bias
            if noise > 0 { v += noise * (random.uniform() + random.uniform() + random.uniform() - 1.5) }
            pixels[i] = UInt8(max(0, min(255, v.rounded())))
        }
        return Image(width: width, height: height, channels: 3, pixels: pixels)
    }
}

/// A planar homography as a row-major 3×3 matrix.
struct Homography {
    var h: [Double]

    func apply(_ x: Double, _ y: Double) -> (Double, Double) {
        let w = h[6] * x + h[7] * y + h[8]
        return ((h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w)
    }

    /// The homography mapping the four `from` points onto the four `to` points (direct linear transform with
    /// h₃₃ = 1, solved by Gaussian elimination with partial pivoting).
    init(from: [(Double, Double)], to: [(Double, Double)]) {
        var a = [[Double]]()
        for ((x, y), (u, v)) in zip(from, to) {
            a.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
            a.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
        }
        for col in 0..<8 {
            let pivot = (col..<8).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            a.swapAt(col, pivot)
            for row in 0..<8 where row != col {
                let f = a[row][col] / a[col][col]
                for k in col...8 { a[row][k] -= f * a[col][k] }
            }
        }
        h = (0..<8).map { a[$0][8] / a[$0][$0] } + [1]
    }
}
