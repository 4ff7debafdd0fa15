import Imaging
import RetrievalCore

/// A detected local feature: position (pixels, x right, y down, origin at the centre of the top-left pixel),
/// scale σ (pixels) and orientation (radians, VLFeat's convention).
public struct Keypoint: Equatable, Sendable {
    public var x: Float
    public var y: Float
    public var sigma: Float
    public var angle: Float

    public init(x: Float, y: Float, sigma: Float, angle: Float) {
        self.x = x
        self.y = y
        self.sigma = sigma
        self.angle = angle
    }
}

/// Local features of one image: N keypoints and their descriptors as the columns of a D×N matrix
/// (column j describes `keypoints[j]`).
public struct LocalFeatures: Sendable {
    public var keypoints: [Keypoint]
    /// D×N (128×N for SIFT / RootSIFT).
    public var descriptors: Matrix

    public init(keypoints: [Keypoint], descriptors: Matrix) {
        precondition(keypoints.count == descriptors.columns,
                     "LocalFeatures: \(keypoints.count) keypoints for \(descriptors.columns) descriptors")
        self.keypoints = keypoints
        self.descriptors = descriptors
    }

    /// No features, D×0.
    public static func empty(dimension: Int) -> LocalFeatures {
        LocalFeatures(keypoints: [], descriptors: Matrix(rows: dimension, columns: 0))
    }
}

/// A detector + descriptor of local features. Implementations are immutable parameter sets; `extract` is pure
/// (same image, same parameters → bit-identical output) and frees every C object it creates on every path.
public protocol LocalFeatureExtractor: Sendable {
    /// The canonical label of the method, e.g. `RootSIFT(DoG)`, `RootSIFT(HesAff)`.
    var label: String { get }
    /// Every parameter that decides the output (and the library version), for cache keys.
    var fingerprint: String { get }
    /// Descriptor dimension D.
    var dimension: Int { get }
    /// The features of `image` (grey or RGB, converted to grey first). An image without structure gives zero
    /// features, not an error.
    func extract(_ image: Image) throws -> LocalFeatures
}

/// How a cap on the number of features chooses which to keep. Both orders are total (deterministic): remaining
/// ties fall back to σ descending, then y, x and angle ascending.
public enum FeatureSelection: String, Sendable, Equatable, CaseIterable {
    /// Largest scale σ first (the suite's original rule; favours stable, coarse features).
    case largestScale
    /// Strongest detector response first (|DoG| or the Hessian peak score), as in Lowe 2004 / COLMAP.
    case strongestPeak
}

/// Errors of the LocalFeatures module: failing C calls with the function, status and image.
public enum LocalFeaturesError: Error, CustomStringConvertible, Equatable {
    /// A VLFeat constructor returned NULL (out of memory or an unsupported size).
    case vlfeatAllocationFailed(function: String, width: Int, height: Int)
    /// A VLFeat processing call returned an error status.
    case vlfeatCallFailed(function: String, status: Int32, width: Int, height: Int)

    public var description: String {
        switch self {
        case let .vlfeatAllocationFailed(function, width, height):
            return "\(function) returned NULL for a \(width)×\(height) image; expected a detector object. "
                + "Check free memory or reduce image.maxSide."
        case let .vlfeatCallFailed(function, status, width, height):
            return "\(function) failed with VLFeat status \(status) on a \(width)×\(height) image; expected VL_ERR_OK. "
                + "Check the image (decoding, size) and the detector parameters."
        }
    }
}

/// RootSIFT (Arandjelović & Zisserman, "Three things everyone should know to improve object retrieval", CVPR 2012):
/// x ← √(x / ‖x‖₁). For non-negative x the result has unit L2 norm, and the dot product of two RootSIFT vectors is
/// the Hellinger (Bhattacharyya) kernel of the L1-normalised SIFT histograms. A zero vector stays zero.
public enum RootSIFT {
    public static func apply(_ d: [Float]) -> [Float] {
        let l1 = d.reduce(0) { $0 + abs($1) }
        guard l1 > 0 else { return d }
        return d.map { ($0 / l1).squareRoot() }
    }

    /// RootSIFT of every column of a D×N matrix.
    public static func apply(_ m: Matrix) -> Matrix {
        var values = [Float]()
        values.reserveCapacity(m.values.count)
        for j in 0..<m.columns { values.append(contentsOf: apply(m.column(j))) }
        return Matrix(rows: m.rows, columns: m.columns, values: values)
    }
}

/// A candidate feature before the cap: keypoint, detector response and raw descriptor.
struct ScoredFeature {
    var keypoint: Keypoint
    var peak: Float
    var descriptor: [Float]
}

extension FeatureSelection {
    /// Sorts `features` best first by this rule and keeps the first `limit`.
    func select(_ features: [ScoredFeature], limit: Int) -> [ScoredFeature] {
        let sorted = features.sorted { a, b in
            let (p, q) = (a.keypoint, b.keypoint)
            if self == .strongestPeak, a.peak != b.peak { return a.peak > b.peak }
            if p.sigma != q.sigma { return p.sigma > q.sigma }
            if p.y != q.y { return p.y < q.y }
            if p.x != q.x { return p.x < q.x }
            return p.angle < q.angle
        }
        return Array(sorted.prefix(max(0, limit)))
    }
}

extension Array where Element == ScoredFeature {
    /// Keypoints and D×N descriptors, optionally as RootSIFT.
    func features(dimension: Int, root: Bool) -> LocalFeatures {
        var values = [Float]()
        values.reserveCapacity(count * dimension)
        for f in self { values.append(contentsOf: root ? RootSIFT.apply(f.descriptor) : f.descriptor) }
        return LocalFeatures(keypoints: map(\.keypoint), descriptors: Matrix(rows: dimension, columns: count, values: values))
    }
}

/// Grey levels of `image` on 0…255 as Float, through Imaging's Pillow-exact `convert("L")`.
func greyLevels(_ image: Image) -> (width: Int, height: Int, pixels: [Float]) {
    let grey = image.greyscale()
    return (grey.width, grey.height, grey.pixels.map { Float($0) })
}
