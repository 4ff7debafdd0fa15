import CVLFeat
import Imaging
import RetrievalCore

/// A detected local feature: position (pixels, x right, y down), scale σ and orientation (radians).
public struct Keypoint: Equatable, Sendable {
    public var x: Float
    public var y: Float
    public var sigma: Float
    public var angle: Float
}

/// Local features of one image: keypoints and their descriptors as the columns of a D×N matrix.
public struct LocalFeatures: Sendable {
    public var keypoints: [Keypoint]
    /// 128×N for SIFT / RootSIFT.
    public var descriptors: Matrix
}

/// Lowe's DoG SIFT through VLFeat (`vl_sift_*`, VLFeat 0.9.21), optionally as RootSIFT.
///
/// | parameter | effect |
/// |---|---|
/// | `firstOctave` | 0 starts at the input resolution; −1 upsamples ×2 first (Lowe 2004) — more, smaller features |
/// | `levels` | scales per octave (3, Lowe) |
/// | `peakThreshold` | minimum |DoG| of a peak, on the 0…255 intensity scale used here (0 = VLFeat's default) |
/// | `edgeThreshold` | Lowe's principal-curvature ratio r (10): larger keeps more edge-like peaks |
/// | `maxFeatures` | keep the features of the largest σ (ties by y, x, angle) — deterministic |
/// | `root` | RootSIFT (Arandjelović & Zisserman, CVPR 2012): L1-normalise, then element-wise √ — Hellinger kernel |
///
/// Input: the image's grey levels as Pillow's `convert("L")`, as Float on 0…255.
public struct SIFTExtractor: Sendable, Equatable {
    public var firstOctave: Int = 0
    public var levels: Int = 3
    public var peakThreshold: Double = 0
    public var edgeThreshold: Double = 10
    public var maxFeatures: Int = 1500
    public var root: Bool = true

    public init(firstOctave: Int = 0, levels: Int = 3, peakThreshold: Double = 0, edgeThreshold: Double = 10,
                maxFeatures: Int = 1500, root: Bool = true) {
        self.firstOctave = firstOctave
        self.levels = levels
        self.peakThreshold = peakThreshold
        self.edgeThreshold = edgeThreshold
        self.maxFeatures = maxFeatures
        self.root = root
    }

    /// Canonical label: `RootSIFT(DoG)` or `SIFT(DoG)`.
    public var label: String { root ? "RootSIFT(DoG)" : "SIFT(DoG)" }

    /// VLFeat's version string.
    public static var libraryVersion: String { String(cString: vl_get_version_string()) }

    /// Every parameter that decides the output, for cache keys.
    public var fingerprint: String {
        "sift-vlfeat-\(Self.libraryVersion) o=\(firstOctave) l=\(levels) peak=\(peakThreshold) "
            + "edge=\(edgeThreshold) max=\(maxFeatures) root=\(root)"
    }

    /// Detects and describes the features of `image` (converted to grey). A flat image gives zero features.
    public func extract(_ image: Image) -> LocalFeatures {
        let grey = image.greyscale()
        var pixels = grey.pixels.map { Float($0) }
        guard let filter = vl_sift_new(Int32(grey.width), Int32(grey.height), -1, Int32(levels), Int32(firstOctave)) else {
            preconditionFailure("vl_sift_new failed for a \(grey.width)×\(grey.height) image")
        }
        defer { vl_sift_delete(filter) }
        vl_sift_set_peak_thresh(filter, peakThreshold)
        vl_sift_set_edge_thresh(filter, edgeThreshold)
        var found: [(Keypoint, [Float])] = []
        var descriptor = [Float](repeating: 0, count: 128)
        var angles = [Double](repeating: 0, count: 4)
        var status = pixels.withUnsafeMutableBufferPointer { vl_sift_process_first_octave(filter, $0.baseAddress) }
        while status == VL_ERR_OK {
            vl_sift_detect(filter)
            let count = Int(filter.pointee.nkeys)
            if let keys = filter.pointee.keys {
                for k in 0..<count {
                    var key = keys[k]
                    let n = Int(vl_sift_calc_keypoint_orientations(filter, &angles, &key))
                    for a in 0..<n {
                        vl_sift_calc_keypoint_descriptor(filter, &descriptor, &key, angles[a])
                        found.append((Keypoint(x: key.x, y: key.y, sigma: key.sigma, angle: Float(angles[a])),
                                      descriptor))
                    }
                }
            }
            status = vl_sift_process_next_octave(filter)
        }
        found.sort { a, b in
            let (p, q) = (a.0, b.0)
            if p.sigma != q.sigma { return p.sigma > q.sigma }
            if p.y != q.y { return p.y < q.y }
            if p.x != q.x { return p.x < q.x }
            return p.angle < q.angle
        }
        if found.count > maxFeatures { found.removeLast(found.count - maxFeatures) }
        var values = [Float]()
        values.reserveCapacity(found.count * 128)
        for (_, d) in found { values.append(contentsOf: root ? Self.rootSIFT(d) : d) }
        return LocalFeatures(keypoints: found.map(\.0), descriptors: Matrix(rows: 128, columns: found.count, values: values))
    }

    /// RootSIFT of one descriptor: x ← √(x / ‖x‖₁) (SIFT values are non-negative); zero stays zero.
    public static func rootSIFT(_ d: [Float]) -> [Float] {
        let l1 = d.reduce(0) { $0 + abs($1) }
        guard l1 > 0 else { return d }
        return d.map { ($0 / l1).squareRoot() }
    }
}
