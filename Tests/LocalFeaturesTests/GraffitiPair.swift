import Foundation
import Imaging
import LocalFeatures
import RetrievalCore
import Testing
import TestSupport

/// graf1 → graf3 of Mikolajczyk's Graffiti sequence (40° viewpoint change; `../shared/datasets/opencv-pairs`) with
/// the ground-truth homography `H1to3p.xml`: Lowe's ratio-test nearest-neighbour matches and how many of them map
/// through H to within `tolerance` pixels.
enum GraffitiPair {
    struct Outcome { var matches: Int; var correct: Int }

    static var directory: URL? { SharedData.directory("opencv-pairs") }

    static func run(_ extractor: some LocalFeatureExtractor, ratio: Float = 0.8, tolerance: Double = 5) throws -> Outcome? {
        guard let dir = directory else { print(SharedData.missingMessage("opencv-pairs")); return nil }
        let h = try parseOpenCVMatrix(dir.appendingPathComponent("H1to3p.xml"))
        let a = try extractor.extract(try ImageDecoder.decode(contentsOf: dir.appendingPathComponent("graf1.png")))
        let b = try extractor.extract(try ImageDecoder.decode(contentsOf: dir.appendingPathComponent("graf3.png")))
        try #require(a.descriptors.columns > 100 && b.descriptors.columns > 100)
        let s = ExhaustiveSearch.similarities(database: b.descriptors, queries: a.descriptors)
        var outcome = Outcome(matches: 0, correct: 0)
        for i in 0..<a.descriptors.columns {
            let ranking = ExhaustiveSearch.ranking(similarities: s.values[i * s.rows ..< (i + 1) * s.rows], limit: 2)
            // Euclidean distance² = 2 − 2·similarity for unit vectors (RootSIFT); ratio on distances.
            let d1 = max(0, 2 - 2 * s[ranking[0], i]), d2 = max(0, 2 - 2 * s[ranking[1], i])
            guard d1 < ratio * ratio * d2 else { continue }
            outcome.matches += 1
            let p = a.keypoints[i], q = b.keypoints[ranking[0]]
            let w = h[6] * Double(p.x) + h[7] * Double(p.y) + h[8]
            let x = (h[0] * Double(p.x) + h[1] * Double(p.y) + h[2]) / w
            let y = (h[3] * Double(p.x) + h[4] * Double(p.y) + h[5]) / w
            let dx = x - Double(q.x), dy = y - Double(q.y)
            if dx * dx + dy * dy < tolerance * tolerance { outcome.correct += 1 }
        }
        return outcome
    }

    /// The 9 numbers (row-major 3×3) of an OpenCV FileStorage `<data>` element.
    static func parseOpenCVMatrix(_ url: URL) throws -> [Double] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let data = try #require(text.range(of: "<data>").flatMap { start in
            text.range(of: "</data>").map { String(text[start.upperBound..<$0.lowerBound]) }
        })
        let values = data.split(whereSeparator: { $0.isWhitespace }).compactMap { Double($0) }
        try #require(values.count == 9)
        return values
    }
}

/// A deterministic synthetic grey scene: dark square blobs of several sizes on a light background (SIFT finds them
/// as DoG extrema at their scale).
func blobImage(width: Int = 160, height: Int = 120) -> Image {
    var pixels = [UInt8](repeating: 200, count: width * height)
    let blobs = [(30, 30, 6), (90, 40, 10), (130, 90, 4), (50, 90, 8), (110, 20, 3)]
    for (cx, cy, r) in blobs {
        for y in max(0, cy - r)..<min(height, cy + r) {
            for x in max(0, cx - r)..<min(width, cx + r) { pixels[y * width + x] = 30 }
        }
    }
    return Image(width: width, height: height, channels: 1, pixels: pixels)
}
