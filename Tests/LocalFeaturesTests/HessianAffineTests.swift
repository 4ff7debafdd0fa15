import Foundation
import Imaging
import LocalFeatures
import RetrievalCore
import Testing
import TestSupport

@Suite struct HessianAffineTests {
    @Test func flatImageHasNoFeatures() throws {
        let flat = Image(width: 64, height: 48, channels: 1, pixels: Array(repeating: 90, count: 64 * 48))
        let features = try HessianAffineExtractor().extract(flat)
        #expect(features.keypoints.isEmpty && features.descriptors.rows == 128 && features.descriptors.columns == 0)
    }

    @Test func syntheticBlobsAreDetectedDeterministically() throws {
        let extractor = HessianAffineExtractor()
        let a = try extractor.extract(blobImage()), b = try extractor.extract(blobImage())
        #expect(a.descriptors.columns >= 3)
        #expect(a.keypoints == b.keypoints && a.descriptors == b.descriptors)
        for j in 0..<a.descriptors.columns {
            #expect(abs(a.descriptors.column(j).reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
        // Every kept blob centre is near a drawn blob (blobs at (30,30), (90,40), (130,90), (50,90), (110,20)).
        let centres: [(Float, Float)] = [(30, 30), (90, 40), (130, 90), (50, 90), (110, 20)]
        let near = a.keypoints.filter { k in centres.contains { abs($0.0 - 0.5 - k.x) < 12 && abs($0.1 - 0.5 - k.y) < 12 } }
        #expect(near.count >= 3)
    }

    @Test func labels() {
        #expect(HessianAffineExtractor().label == "RootSIFT(HesAff)")
        #expect(HessianAffineExtractor(affineAdaptation: false, root: false).label == "SIFT(Hes)")
    }

    /// Hessian-affine regions are built for viewpoint change: graf1 → graf3 ratio-test matches must agree with
    /// H1to3p within 5 px. Measured 2026-11-24 (first octave 0, cap 2000, ratio 0.8): 785 matches, 610 correct.
    @Test func matchesAgreeWithTheGroundTruthHomography() throws {
        guard let o = try GraffitiPair.run(HessianAffineExtractor(firstOctave: 0, maxFeatures: 2000)) else { return }
        print("HesAff graf1→graf3: \(o.matches) ratio-test matches, \(o.correct) within 5 px of H1to3p")
        #expect(o.correct >= 520)
        #expect(Double(o.correct) / Double(o.matches) >= 0.7)
    }
}
