import CNN
import Foundation
import Imaging
import Serialization
import Testing
import TestSupport

/// The Swift engine against the weights' own architecture package, `efficientnet-lite-pytorch` 0.1.0 built with
/// `image_size=None` (TF 'SAME' padding per input size; `Fixtures/upstream.py`), never against a re-implementation:
/// seeded random weights at even and odd sizes, the real ImageNet weights on a real photo at 224×224, 384×512,
/// 512×341 and 97×131 (features and logits ≤ 1e-4 relative, same ImageNet top-1), and the `symmetric` ablation
/// against the same package with only its padding replaced.
@Suite(.serialized) struct EfficientNetLite0Tests {
    func floats(_ url: URL) throws -> [Float] {
        try Data(contentsOf: url).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    static var weights: URL {
        let cache = ProcessInfo.processInfo.environment["CBIR_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/cbir")
        return cache.appendingPathComponent("weights/efficientnet-lite0-57934424.pth")
    }

    /// The engine's features and logits against the reference files `features_<h>x<w>.f32`, `logits_<h>x<w>.f32`.
    func expectParity(_ network: EfficientNetLite0, input: FeatureTensor, dir: URL, _ what: String) throws {
        let (h, w) = (input.height, input.width)
        let features = try network.features(input)
        #expect(features.channels == 1280 && features.height == (h + 31) / 32 && features.width == (w + 31) / 32)
        let reference = try floats(dir.appendingPathComponent("features_\(h)x\(w).f32"))
        #expect(Approximate.relativeMaxError(features.values, reference: reference) < 1e-4, "\(what) features \(h)×\(w)")
        let logits = network.logits(features: features)
        let referenceLogits = try floats(dir.appendingPathComponent("logits_\(h)x\(w).f32"))
        #expect(Approximate.relativeMaxError(logits, reference: referenceLogits) < 1e-4, "\(what) logits \(h)×\(w)")
        let ours = logits.indices.max { logits[$0] < logits[$1] }!
        let theirs = referenceLogits.indices.max { referenceLogits[$0] < referenceLogits[$1] }!
        #expect(ours == theirs, "\(what) ImageNet top-1 \(h)×\(w)")
    }

    @Test func randomWeightsMatchTheUpstreamPackageAtEvenAndOddSizes() throws {
        guard PythonReference.available(["torch", "numpy"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let dir = try SharedData.temporaryDirectory("effnet")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sizes = [(224, 224), (160, 200), (97, 131)]
        try PythonReference.run([PythonReference.script("CNNTests", "efficientnet_lite0.py"), "random", dir.path]
            + sizes.map { "\($0.0)x\($0.1)" })
        let network = try EfficientNetLite0(checkpoint: dir.appendingPathComponent("model.pth"))
        let generic = try NetworkArchitecture.efficientnetLite0.load(checkpoint: dir.appendingPathComponent("model.pth"))
        for (h, w) in sizes {
            let input = FeatureTensor(channels: 3, height: h, width: w,
                                      values: try floats(dir.appendingPathComponent("input_\(h)x\(w).f32")))
            try expectParity(network, input: input, dir: dir, "random weights")
            // The same network through the common interface.
            let viaInterface = try generic.forward(input, upTo: "logits")
            #expect(viaInterface.channels == 1000 && viaInterface.height == 1 && viaInterface.width == 1)
            #expect(Approximate.relativeMaxError(viaInterface.values, reference: try floats(dir.appendingPathComponent("logits_\(h)x\(w).f32"))) < 1e-4)
        }
    }

    @Test func aCheckpointOfAnotherArchitectureListsEveryProblem() throws {
        let wrong = [(name: "_conv_stem.weight", tensor: TorchTensor(dtype: "float32", shape: [16, 3, 3, 3], strides: [27, 9, 3, 1],
                                                                      storageOffset: 0, values: Array(repeating: 0, count: 432),
                                                                      integers: nil)),
                     (name: "classifier.weight", tensor: TorchTensor(dtype: "float32", shape: [2], strides: [1], storageOffset: 0,
                                                                      values: [0, 0], integers: nil))]
        do {
            _ = try EfficientNetLite0(wrong, source: "wrong.pth")
            Issue.record("expected an error")
        } catch let error as CNNError {
            let text = error.description
            #expect(text.hasPrefix("wrong.pth: not a checkpoint of efficientnet_lite0 ("))
            #expect(text.contains("_conv_stem.weight has shape [16, 3, 3, 3], expected [32, 3, 3, 3]"))
            #expect(text.contains("missing _bn0.weight [32]"))
            #expect(text.contains("unexpected classifier.weight"))
        }
    }

    static let photos = ["smvs-dvd/images/reference/001.jpg", "smvs-dvd/images/reference/042.jpg", "coil100/images/obj3__0.png"]
    /// Even and odd sides, both orientations (h × w).
    static let sizes = [(224, 224), (384, 512), (512, 341), (97, 131)]

    /// `photo` resized (Pillow-exact bilinear) to each size and normalised as (x − 127)/128, written for the script.
    func inputs(_ photo: URL, sizes: [(Int, Int)], dir: URL) throws -> [FeatureTensor] {
        let image = try ImageDecoder.load(photo, exif: .apply)
        let rgb = image.channels == 3 ? image : Image(width: image.width, height: image.height, channels: 3,
                                                       pixels: image.pixels.flatMap { [$0, $0, $0] })
        return try sizes.map { h, w in
            let input = InputNormalization.efficientNetLite.tensor(rgb.resized(width: w, height: h, filter: .bilinearAntialias))
            try input.values.withUnsafeBytes { Data($0) }.write(to: dir.appendingPathComponent("input_\(h)x\(w).f32"))
            return input
        }
    }

    @Test(arguments: photos) func realWeightsMatchTheUpstreamPackage(photo: String) throws {
        guard FileManager.default.fileExists(atPath: Self.weights.path) else { print("\(Self.weights.path) not found; skipping"); return }
        guard let url = SharedData.directory(photo) else { print(SharedData.missingMessage(photo)); return }
        guard PythonReference.available(["torch", "numpy"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let dir = try SharedData.temporaryDirectory("effnet-real")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sizes = photo.hasSuffix("001.jpg") ? Self.sizes : [(224, 224)]
        let inputs = try inputs(url, sizes: sizes, dir: dir)
        try PythonReference.run([PythonReference.script("CNNTests", "efficientnet_lite0.py"), "real", Self.weights.path, dir.path]
            + sizes.map { "\($0.0)x\($0.1)" })
        let network = try EfficientNetLite0(checkpoint: Self.weights)
        for input in inputs { try expectParity(network, input: input, dir: dir, photo) }
    }

    /// The ablation is the same package with only the padding replaced by (k − 1)/2 — and it is a different network:
    /// the pooled features of a real photo move visibly.
    @Test func theSymmetricAblationMatchesThePackageWithSymmetricPadding() throws {
        guard FileManager.default.fileExists(atPath: Self.weights.path) else { print("\(Self.weights.path) not found; skipping"); return }
        let photo = Self.photos[0]
        guard let url = SharedData.directory(photo) else { print(SharedData.missingMessage(photo)); return }
        guard PythonReference.available(["torch", "numpy"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let dir = try SharedData.temporaryDirectory("effnet-symmetric")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try inputs(url, sizes: [(384, 512)], dir: dir)[0]
        try PythonReference.run([PythonReference.script("CNNTests", "efficientnet_lite0.py"), "symmetric", Self.weights.path,
                                 dir.path, "384x512"])
        let symmetric = try EfficientNetLite0(checkpoint: Self.weights, padding: .symmetric)
        try expectParity(symmetric, input: input, dir: dir, "symmetric")
        let same = try EfficientNetLite0(checkpoint: Self.weights)
        func pooled(_ f: FeatureTensor) -> [Float] {
            let n = f.height * f.width
            return (0..<f.channels).map { c in f.values[c * n ..< (c + 1) * n].reduce(0, +) / Float(n) }
        }
        let a = pooled(try same.features(input)), b = pooled(try symmetric.features(input))
        func dot(_ x: [Float], _ y: [Float]) -> Float { zip(x, y).map { $0 * $1 }.reduce(0, +) }
        let cosine: Float = dot(a, b) / (dot(a, a).squareRoot() * dot(b, b).squareRoot())
        print("same vs symmetric padding, average-pooled features of \(photo) at 384×512: cosine \(cosine)")
        #expect(cosine < 0.999)
    }
}
