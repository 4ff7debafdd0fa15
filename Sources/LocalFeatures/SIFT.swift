import CVLFeat
import Imaging
import RetrievalCore

/// Lowe's DoG SIFT (Lowe, IJCV 2004) through VLFeat (`vl_sift_*`, VLFeat 0.9.21), optionally as RootSIFT.
/// All octaves are processed (VLFeat's `noctaves = -1`: until the image is smaller than the filter support).
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `firstOctave` | 0 | 0 starts at the input resolution; −1 upsamples ×2 first (Lowe 2004) — more, smaller features |
/// | `levels` | 3 | scales per octave S (Lowe) |
/// | `peakThreshold` | 0 | minimum \|DoG\| of a peak, on the 0…255 intensity scale used here (0 = keep all; VLFeat's default) |
/// | `edgeThreshold` | 10 | Lowe's principal-curvature ratio r: larger keeps more edge-like peaks |
/// | `maxOrientations` | 4 | orientations per keypoint: VLFeat returns up to 4 histogram peaks ≥ 0.8·max, in bin order; the first n are kept |
/// | `maxFeatures` | 1500 | cap after description, by `selection` (each orientation counts as one feature) |
/// | `selection` | `.largestScale` | which features the cap keeps; see `FeatureSelection` (both deterministic) |
/// | `root` | true | RootSIFT (Arandjelović & Zisserman, CVPR 2012): L1-normalise, then element-wise √ — Hellinger kernel |
///
/// Input: the image's grey levels as Pillow's `convert("L")` (Imaging's `greyscale()`), as Float on 0…255.
/// Output: keypoints (x, y, σ, angle) and a 128×N descriptor matrix.
public struct SIFTExtractor: LocalFeatureExtractor, Sendable, Equatable {
    public var firstOctave: Int = 0
    public var levels: Int = 3
    public var peakThreshold: Double = 0
    public var edgeThreshold: Double = 10
    public var maxOrientations: Int = 4
    public var maxFeatures: Int = 1500
    public var selection: FeatureSelection = .largestScale
    public var root: Bool = true

    public init(firstOctave: Int = 0, levels: Int = 3, peakThreshold: Double = 0, edgeThreshold: Double = 10,
                maxFeatures: Int = 1500, root: Bool = true, maxOrientations: Int = 4,
                selection: FeatureSelection = .largestScale) {
        precondition(levels >= 1 && maxFeatures >= 0 && (1...4).contains(maxOrientations),
                     "SIFTExtractor: levels \(levels) ≥ 1, maxFeatures \(maxFeatures) ≥ 0, maxOrientations 1…4")
        self.firstOctave = firstOctave
        self.levels = levels
        self.peakThreshold = peakThreshold
        self.edgeThreshold = edgeThreshold
        self.maxFeatures = maxFeatures
        self.root = root
        self.maxOrientations = maxOrientations
        self.selection = selection
    }

    /// Canonical label: `RootSIFT(DoG)` or `SIFT(DoG)`.
    public var label: String { root ? "RootSIFT(DoG)" : "SIFT(DoG)" }

    public var dimension: Int { 128 }

    /// VLFeat's version string.
    public static var libraryVersion: String { String(cString: vl_get_version_string()) }

    /// Every parameter that decides the output, for cache keys (unchanged from the first version for the default
    /// orientation count and selection, so existing caches stay valid).
    public var fingerprint: String {
        var s = "sift-vlfeat-\(Self.libraryVersion) o=\(firstOctave) l=\(levels) peak=\(peakThreshold) "
            + "edge=\(edgeThreshold) max=\(maxFeatures) root=\(root)"
        if maxOrientations != 4 { s += " orient=\(maxOrientations)" }
        if selection != .largestScale { s += " select=\(selection.rawValue)" }
        return s
    }

    /// Detects and describes the features of `image` (converted to grey). A flat image gives zero features.
    /// Images too small for one octave (VLFeat needs ≥ 1 pixel at the first octave) give zero features too.
    public func extract(_ image: Image) -> LocalFeatures {
        let (width, height, grey) = greyLevels(image)
        var pixels = grey
        // vl_sift_new only fails on allocation; a NULL here is not a property of the data.
        guard let filter = vl_sift_new(Int32(width), Int32(height), -1, Int32(levels), Int32(firstOctave)) else {
            preconditionFailure("vl_sift_new returned NULL for a \(width)×\(height) image")
        }
        defer { vl_sift_delete(filter) }
        vl_sift_set_peak_thresh(filter, peakThreshold)
        vl_sift_set_edge_thresh(filter, edgeThreshold)
        var found: [ScoredFeature] = []
        var descriptor = [Float](repeating: 0, count: 128)
        var angles = [Double](repeating: 0, count: 4)
        var status = pixels.withUnsafeMutableBufferPointer { vl_sift_process_first_octave(filter, $0.baseAddress) }
        while status == VL_ERR_OK {
            vl_sift_detect(filter)
            let f = filter.pointee
            let (w, h) = (Int(f.octave_width), Int(f.octave_height))
            if let keys = f.keys, let dog = f.dog {
                for k in 0..<Int(f.nkeys) {
                    var key = keys[k]
                    // |DoG| at the keypoint's sample (levels s_min … s_max−1 are stored, s_min first).
                    let level = Int(key.is) - Int(f.s_min)
                    let peak = abs(dog[(level * h + Int(key.iy)) * w + Int(key.ix)])
                    let n = min(Int(vl_sift_calc_keypoint_orientations(filter, &angles, &key)), maxOrientations)
                    for a in 0..<n {
                        vl_sift_calc_keypoint_descriptor(filter, &descriptor, &key, angles[a])
                        found.append(ScoredFeature(
                            keypoint: Keypoint(x: key.x, y: key.y, sigma: key.sigma, angle: Float(angles[a])),
                            peak: peak, descriptor: descriptor))
                    }
                }
            }
            status = vl_sift_process_next_octave(filter)
        }
        return selection.select(found, limit: maxFeatures).features(dimension: 128, root: root)
    }

    /// RootSIFT of one descriptor: x ← √(x / ‖x‖₁); see `RootSIFT`.
    public static func rootSIFT(_ d: [Float]) -> [Float] { RootSIFT.apply(d) }
}
