import Foundation
import Imaging
import LocalFeatures
import RetrievalCore
import Testing
import TestSupport

@Suite struct SIFTTests {
    @Test func rootSIFTIsTheSquareRootOfTheL1NormalisedDescriptor() {
        let r = SIFTExtractor.rootSIFT([1, 3, 0, 12])
        #expect(r == [0.25, 0.4330127, 0, 0.8660254].map { Float($0) } || zip(r, [0.25, 0.4330127, 0, 0.8660254])
            .allSatisfy { abs($0 - Float($1)) < 1e-6 })
        // ‖√(x/‖x‖₁)‖₂ = 1 (Hellinger)
        #expect(abs(r.reduce(0) { $0 + $1 * $1 } - 1) < 1e-6)
    }

    @Test func flatImageHasNoFeatures() {
        let flat = Image(width: 64, height: 48, channels: 1, pixels: Array(repeating: 128, count: 64 * 48))
        let features = SIFTExtractor().extract(flat)
        #expect(features.keypoints.isEmpty && features.descriptors.columns == 0 && features.descriptors.rows == 128)
    }

    /// graf1 → graf3 (Mikolajczyk's Graffiti, 40° viewpoint change) with the ground-truth homography H1to3p:
    /// ratio-test matches of RootSIFT must map through H to within 5 px.
    @Test func matchesAgreeWithTheGroundTruthHomography() throws {
        guard let dir = SharedData.directory("opencv-pairs") else { print(SharedData.missingMessage("opencv-pairs")); return }
        let h = try parseOpenCVMatrix(dir.appendingPathComponent("H1to3p.xml"))
        let extractor = SIFTExtractor(maxFeatures: 3000)
        let a = extractor.extract(try ImageDecoder.decode(contentsOf: dir.appendingPathComponent("graf1.png")))
        let b = extractor.extract(try ImageDecoder.decode(contentsOf: dir.appendingPathComponent("graf3.png")))
        #expect(a.descriptors.columns > 500 && b.descriptors.columns > 500)
        let s = ExhaustiveSearch.similarities(database: b.descriptors, queries: a.descriptors)
        var matches = 0, correct = 0
        for i in 0..<a.descriptors.columns {
            let ranking = ExhaustiveSearch.ranking(similarities: s.values[i * s.rows ..< (i + 1) * s.rows], limit: 2)
            // Euclidean distance² = 2 − 2·similarity for unit vectors; Lowe's ratio 0.8 on distances.
            let d1 = max(0, 2 - 2 * s[ranking[0], i]), d2 = max(0, 2 - 2 * s[ranking[1], i])
            guard d1 < 0.64 * d2 else { continue }
            matches += 1
            let p = a.keypoints[i], q = b.keypoints[ranking[0]]
            let w = h[6] * Double(p.x) + h[7] * Double(p.y) + h[8]
            let x = (h[0] * Double(p.x) + h[1] * Double(p.y) + h[2]) / w
            let y = (h[3] * Double(p.x) + h[4] * Double(p.y) + h[5]) / w
            if (x - Double(q.x)) * (x - Double(q.x)) + (y - Double(q.y)) * (y - Double(q.y)) < 25 { correct += 1 }
        }
        print("graf1→graf3: \(matches) ratio-test matches, \(correct) within 5 px of H1to3p")
        #expect(correct >= 100)
        #expect(Double(correct) / Double(matches) >= 0.5)
    }

    /// The 9 numbers of an OpenCV FileStorage `<data>` element.
    func parseOpenCVMatrix(_ url: URL) throws -> [Double] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let data = try #require(text.range(of: "<data>").flatMap { start in
            text.range(of: "</data>").map { String(text[start.upperBound..<$0.lowerBound]) }
        })
        let values = data.split(whereSeparator: { $0.isWhitespace }).compactMap { Double($0) }
        try #require(values.count == 9)
        return values
    }
}
