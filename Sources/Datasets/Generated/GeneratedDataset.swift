import RetrievalCore
import Crypto
import Foundation
import Imaging

/// The embedded default dataset: textured planar objects photographed under random homographies, lighting changes,
/// occlusion and noise, plus distractors — generated deterministically (SplitMix64) so the first README command and
/// the end-to-end tests need no download. Written as PNGs with a `groundtruth.csv` in the manifest layout
/// (`image,object,role,device`), loaded by the `generated` catalog entry (protocol `ref`: views query the references,
/// distractors in the database).
public enum GeneratedDataset {
    public struct Parameters: Sendable, Equatable {
        /// Seed of everything.
        public var seed: UInt64 = 2024
        /// Number of objects (each: one reference + `views` queries).
        public var objects: Int = 20
        /// Query views per object.
        public var views: Int = 3
        /// Distractor images (references of objects that are never queried).
        public var distractors: Int = 60
        /// Image size.
        public var width: Int = 320
        public var height: Int = 240

        public init() {}

        var fingerprint: String {
            "generated-v2 seed=\(seed) objects=\(objects) views=\(views) distractors=\(distractors) \(width)x\(height)"
        }
    }

    /// Writes the dataset into `directory` unless it already holds a complete copy made with the same parameters
    /// (a `COMPLETE` marker with the parameters' fingerprint and the SHA-256 of the ground truth). Returns the
    /// directory.
    @discardableResult
    public static func write(to directory: URL, parameters: Parameters = Parameters()) throws -> URL {
        let marker = directory.appendingPathComponent("COMPLETE")
        let groundTruth = directory.appendingPathComponent("groundtruth.csv")
        if let text = try? String(contentsOf: marker, encoding: .utf8),
           let csv = FileManager.default.contents(atPath: groundTruth.path),
           text == completeMarker(parameters, csv) {
            return directory
        }
        try? FileManager.default.removeItem(at: marker)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("images"),
                                                withIntermediateDirectories: true)
        var csv = "image,object,role,device\n"
        for (name, object, role, image) in render(parameters) {
            try image.pngData().write(to: directory.appendingPathComponent("images/\(name)"), options: .atomic)
            csv += "images/\(name),\(object),\(role),\(role == "query" ? "synthetic" : role)\n"
        }
        let data = Data(csv.utf8)
        try data.write(to: groundTruth, options: .atomic)
        try completeMarker(parameters, data).write(to: marker, atomically: true, encoding: .utf8)
        return directory
    }

    static func completeMarker(_ parameters: Parameters, _ csv: Data) -> String {
        parameters.fingerprint + "\n" + SHA256.hash(data: csv).map { String(format: "%02x", $0) }.joined() + "\n"
    }

    /// Every image of the dataset in a fixed order: (file name, object id, role, image).
    static func render(_ p: Parameters) -> [(String, String, String, Image)] {
        var out: [(String, String, String, Image)] = []
        let total = p.objects + p.distractors
        for object in 0..<total {
            // Each object has its own stream, so changing one count does not reshuffle the others.
            var random = SplitMix64(seed: p.seed &+ UInt64(object) &* 0x1000_0001)
            let texture = makeTexture(&random, size: 200)
            let id = String(format: "%03d", object + 1)
            let isDistractor = object >= p.objects
            let reference = view(of: texture, width: p.width, height: p.height, jitter: 0, rotation: 0, scale: 1,
                                 lighting: false, occlusion: false, random: &random)
            out.append(("\(isDistractor ? "distractor" : "reference")-\(id).png", id,
                        isDistractor ? "distractor" : "reference", reference))
            guard !isDistractor else { continue }
            for v in 0..<p.views {
                let rotation = random.uniform(-0.6, 0.6), scale = random.uniform(0.5, 1.0)
                let image = view(of: texture, width: p.width, height: p.height, jitter: 0.18, rotation: rotation,
                                 scale: scale, lighting: true, occlusion: true, random: &random)
                out.append(("query-\(id)-\(v + 1).png", id, "query", image))
            }
        }
        return out
    }

    static func makeTexture(_ random: inout SplitMix64, size: Int) -> Canvas {
        var canvas = Canvas(width: size, height: size,
                            colour: (random.uniform(40, 215), random.uniform(40, 215), random.uniform(40, 215)))
        canvas.scatterShapes(count: 60, random: &random, sizeRange: 4...30)
        canvas.scatterShapes(count: 80, random: &random, sizeRange: 2...7)
        return canvas
    }

    /// The texture mapped into a `width`×`height` frame: the centred quad rotated by `rotation` radians, scaled by
    /// `scale`, its corners perturbed by up to `jitter` of the frame size (together a random homography), over a
    /// cluttered background; optional gain/bias change, noise and an occluding block (up to a third of each side).
    static func view(of texture: Canvas, width: Int, height: Int, jitter: Double, rotation: Double, scale: Double,
                     lighting: Bool, occlusion: Bool, random: inout SplitMix64) -> Image {
        var frame = Canvas(width: width, height: height, colour: (128, 128, 128))
        frame.scatterShapes(count: jitter > 0 ? 25 : 0, random: &random, sizeRange: 3...20)
        let margin = 0.1
        let base = [(margin, margin), (1 - margin, margin), (1 - margin, 1 - margin), (margin, 1 - margin)]
        let corners = base.map { (x, y) -> (Double, Double) in
            let dx = (x - 0.5) * Double(width) * scale, dy = (y - 0.5) * Double(height) * scale
            let rx = dx * cos(rotation) - dy * sin(rotation), ry = dx * sin(rotation) + dy * cos(rotation)
            return (Double(width) / 2 + rx + random.uniform(-jitter, jitter) * 0.5 * Double(width),
                    Double(height) / 2 + ry + random.uniform(-jitter, jitter) * 0.5 * Double(height))
        }
        let s = Double(texture.width - 1)
        // Frame → texture mapping, used to pull every frame pixel from the texture.
        let h = Homography(from: corners, to: [(0, 0), (s, 0), (s, s), (0, s)])
        for y in 0..<height {
            for x in 0..<width {
                let (u, v) = h.apply(Double(x), Double(y))
                if let c = texture.sample(u, v) { frame.set(x, y, c) }
            }
        }
        if occlusion {
            let w = Int(random.uniform(0.15, 0.35) * Double(width)), hh = Int(random.uniform(0.15, 0.35) * Double(height))
            let x0 = random.int(width - w), y0 = random.int(height - hh)
            let c = (random.uniform(0, 255), random.uniform(0, 255), random.uniform(0, 255))
            for y in y0..<(y0 + hh) { for x in x0..<(x0 + w) { frame.set(x, y, c) } }
        }
        let gain = lighting ? random.uniform(0.7, 1.3) : 1
        let bias = lighting ? random.uniform(-25, 25) : 0
        return frame.image(gain: gain, bias: bias, noise: lighting ? 10 : 0, random: &random)
    }
}
