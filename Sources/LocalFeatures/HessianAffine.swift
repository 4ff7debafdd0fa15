import CVLFeat
import Foundation
import Imaging
import RetrievalCore

/// Hessian-affine regions with SIFT descriptors through VLFeat's covariant detector (`vl_covdet_*`, VLFeat 0.9.21):
/// determinant-of-Hessian peaks in scale space (Mikolajczyk & Schmid, IJCV 2004 / Mikolajczyk et al. IJCV 2005),
/// Baumberg's affine adaptation of the second-moment matrix, and dominant orientations; each oriented ellipse is
/// warped to a normalised patch and described by SIFT, following VLFeat's MATLAB driver `vl_covdet`
/// (`toolbox/misc/vl_covdet.c`, descriptor `SIFT`):
///
/// 1. `vl_covdet_detect` → `vl_covdet_drop_features_outside(boundaryMargin)` → `vl_covdet_extract_affine_shape`
///    (features that do not converge are dropped) → `vl_covdet_extract_orientations` (one feature per orientation);
/// 2. per frame, `vl_covdet_extract_patch_for_frame` with resolution 15 (a 31×31 patch), relative extent 7.5 and
///    relative smoothing 1; `vl_imgradient_polar_f`; `vl_sift_calc_raw_descriptor` at the patch centre with
///    σ = 7.5 / (3·(4+1)/2) / (7.5/15) = 2 patch pixels (magnification 3, 4×4 spatial bins) and angle π/2.
///    The MATLAB driver flips the descriptor afterwards because MATLAB images are transposed; images here are
///    row-major, so no flip is needed.
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `firstOctave` | −1 | −1 doubles the image first (the MATLAB driver's `DoubleImage` default); 0 starts at input size |
/// | `octaveResolution` | 3 | scales per octave |
/// | `peakThreshold` | nil | minimum Hessian peak score on intensities in [0, 1]; nil = VLFeat's default |
/// | `edgeThreshold` | nil | edge rejection ratio; nil = VLFeat's default (10) |
/// | `boundaryMargin` | 2 | drop frames within this many σ of the border (the driver's default) |
/// | `affineAdaptation` | true | estimate the affine shape (Hessian-affine); false gives Hessian-scale discs |
/// | `orientation` | true | estimate dominant orientations; false gives upright descriptors |
/// | `maxFeatures` | 1500 | cap by `selection` (default strongest `peakScore`) |
/// | `root` | true | RootSIFT on the descriptors |
///
/// Keypoint of an oriented ellipse frame (x, y, A): σ = √|det A|, angle = atan2(a21, a11).
public struct HessianAffineExtractor: LocalFeatureExtractor, Sendable, Equatable {
    public var firstOctave: Int = -1
    public var octaveResolution: Int = 3
    public var peakThreshold: Double? = nil
    public var edgeThreshold: Double? = nil
    public var boundaryMargin: Double = 2
    public var affineAdaptation: Bool = true
    public var orientation: Bool = true
    public var maxFeatures: Int = 1500
    public var selection: FeatureSelection = .strongestPeak
    public var root: Bool = true

    public init(firstOctave: Int = -1, octaveResolution: Int = 3, peakThreshold: Double? = nil,
                edgeThreshold: Double? = nil, boundaryMargin: Double = 2, affineAdaptation: Bool = true,
                orientation: Bool = true, maxFeatures: Int = 1500, selection: FeatureSelection = .strongestPeak,
                root: Bool = true) {
        precondition(octaveResolution >= 1 && maxFeatures >= 0 && boundaryMargin >= 0,
                     "HessianAffineExtractor: octaveResolution ≥ 1, maxFeatures ≥ 0, boundaryMargin ≥ 0")
        self.firstOctave = firstOctave
        self.octaveResolution = octaveResolution
        self.peakThreshold = peakThreshold
        self.edgeThreshold = edgeThreshold
        self.boundaryMargin = boundaryMargin
        self.affineAdaptation = affineAdaptation
        self.orientation = orientation
        self.maxFeatures = maxFeatures
        self.selection = selection
        self.root = root
    }

    /// `RootSIFT(HesAff)`, `SIFT(HesAff)`; `Hes` instead of `HesAff` without affine adaptation.
    public var label: String { "\(root ? "RootSIFT" : "SIFT")(\(affineAdaptation ? "HesAff" : "Hes"))" }

    public var dimension: Int { 128 }

    public var fingerprint: String {
        "covdet-hessian-vlfeat-\(SIFTExtractor.libraryVersion) o=\(firstOctave) r=\(octaveResolution) "
            + "peak=\(peakThreshold.map { "\($0)" } ?? "default") edge=\(edgeThreshold.map { "\($0)" } ?? "default") "
            + "margin=\(boundaryMargin) affine=\(affineAdaptation) orient=\(orientation) max=\(maxFeatures) "
            + "select=\(selection.rawValue) root=\(root)"
    }

    static let patchResolution = 15
    static let patchRelativeExtent = 7.5
    static let patchRelativeSmoothing = 1.0

    public func extract(_ image: Image) throws -> LocalFeatures {
        let (width, height, grey) = greyLevels(image)
        let intensities = grey.map { $0 / 255 }
        guard let covdet = vl_covdet_new(VL_COVDET_METHOD_HESSIAN) else {
            throw LocalFeaturesError.vlfeatAllocationFailed(function: "vl_covdet_new", width: width, height: height)
        }
        defer { vl_covdet_delete(covdet) }
        vl_covdet_set_first_octave(covdet, vl_index(firstOctave))
        vl_covdet_set_octave_resolution(covdet, vl_size(octaveResolution))
        if let peakThreshold { vl_covdet_set_peak_threshold(covdet, peakThreshold) }
        if let edgeThreshold { vl_covdet_set_edge_threshold(covdet, edgeThreshold) }
        let status = intensities.withUnsafeBufferPointer {
            vl_covdet_put_image(covdet, $0.baseAddress, vl_size(width), vl_size(height))
        }
        guard status == VL_ERR_OK else {
            throw LocalFeaturesError.vlfeatCallFailed(function: "vl_covdet_put_image", status: status,
                                                      width: width, height: height)
        }
        vl_covdet_detect(covdet)
        if boundaryMargin > 0 { vl_covdet_drop_features_outside(covdet, boundaryMargin) }
        if affineAdaptation { vl_covdet_extract_affine_shape(covdet) }
        if orientation { vl_covdet_extract_orientations(covdet) }

        let count = Int(vl_covdet_get_num_features(covdet))
        guard count > 0, let raw = vl_covdet_get_features(covdet) else { return .empty(dimension: 128) }
        let features = raw.bindMemory(to: VlCovDetFeature.self, capacity: count)
        guard let sift = vl_sift_new(16, 16, 1, 3, 0) else {
            throw LocalFeaturesError.vlfeatAllocationFailed(function: "vl_sift_new", width: 16, height: 16)
        }
        defer { vl_sift_delete(sift) }
        vl_sift_set_magnif(sift, 3)
        let side = 2 * Self.patchResolution + 1
        let step = Self.patchRelativeExtent / Double(Self.patchResolution)
        let sigma = Self.patchRelativeExtent / (3.0 * (4 + 1) / 2) / step
        var patch = [Float](repeating: 0, count: side * side)
        var gradient = [Float](repeating: 0, count: 2 * side * side)
        var descriptor = [Float](repeating: 0, count: 128)
        var found: [ScoredFeature] = []
        found.reserveCapacity(count)
        for i in 0..<count {
            let feature = features[i]
            let frame = feature.frame
            patch.withUnsafeMutableBufferPointer { p in
                _ = vl_covdet_extract_patch_for_frame(covdet, p.baseAddress, vl_size(Self.patchResolution),
                                                      Self.patchRelativeExtent, Self.patchRelativeSmoothing, frame)
            }
            gradient.withUnsafeMutableBufferPointer { g in
                patch.withUnsafeBufferPointer { p in
                    vl_imgradient_polar_f(g.baseAddress, g.baseAddress! + 1, 2, vl_size(2 * side), p.baseAddress,
                                          vl_size(side), vl_size(side), vl_size(side))
                }
            }
            gradient.withUnsafeBufferPointer { g in
                vl_sift_calc_raw_descriptor(sift, g.baseAddress, &descriptor, Int32(side), Int32(side),
                                            Double(side - 1) / 2, Double(side - 1) / 2, sigma, Double.pi / 2)
            }
            let det = Double(frame.a11) * Double(frame.a22) - Double(frame.a12) * Double(frame.a21)
            let keypoint = Keypoint(x: frame.x, y: frame.y, sigma: Float(abs(det).squareRoot()),
                                    angle: Float(atan2(Double(frame.a21), Double(frame.a11))))
            found.append(ScoredFeature(keypoint: keypoint, peak: abs(feature.peakScore), descriptor: descriptor))
        }
        return selection.select(found, limit: maxFeatures).features(dimension: 128, root: root)
    }
}
