import CNN
import Foundation
import Imaging
import Serialization
import Testing
import TestSupport

/// The Swift engine against PyTorch on the same weights: random weights at two input sizes (one non-square), and the
/// real ImageNet weights on real photos (same ImageNet top-1 class).
@Suite(.serialized) struct EfficientNetLite0Tests {
    func floats(_ url: URL) throws -> [Float] {
        try Data(contentsOf: url).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    @Test func randomWeightsMatchPyTorchAtTwoSizes() throws {
        guard PythonReference.available(["torch", "numpy"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let dir = try SharedData.temporaryDirectory("effnet")
        defer { try? FileManager.default.removeItem(at: dir) }
        try PythonReference.run([PythonReference.script("CNNTests", "efficientnet_lite0.py"), "random", dir.path])
        let network = try EfficientNetLite0(checkpoint: dir.appendingPathComponent("model.pth"))
        let generic = try NetworkArchitecture.efficientnetLite0.load(checkpoint: dir.appendingPathComponent("model.pth"))
        for (h, w) in [(224, 224), (160, 200)] {
            let input = FeatureTensor(channels: 3, height: h, width: w,
                                      values: try floats(dir.appendingPathComponent("input_\(h)x\(w).f32")))
            let features = try network.features(input)
            let reference = try floats(dir.appendingPathComponent("features_\(h)x\(w).f32"))
            #expect(features.channels == 1280 && features.height == (h + 31) / 32 && features.width == (w + 31) / 32)
            #expect(Approximate.relativeMaxError(features.values, reference: reference) < 1e-4, "features \(h)×\(w)")
            let logits = network.logits(features: features)
            let referenceLogits = try floats(dir.appendingPathComponent("logits_\(h)x\(w).f32"))
            #expect(Approximate.relativeMaxError(logits, reference: referenceLogits) < 1e-4, "logits \(h)×\(w)")
            // The same network through the common interface.
            let viaInterface = try generic.forward(input, upTo: "logits")
            #expect(viaInterface.channels == 1000 && viaInterface.height == 1 && viaInterface.width == 1)
            #expect(Approximate.relativeMaxError(viaInterface.values, reference: referenceLogits) < 1e-4, "logits \(h)×\(w)")
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

    @Test(arguments: photos) func realWeightsGiveTheSameImageNetClassAsPyTorch(photo: String) throws {
        let cache = ProcessInfo.processInfo.environment["CBIR_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/cbir")
        let weights = cache.appendingPathComponent("weights/efficientnet-lite0-57934424.pth")
        guard FileManager.default.fileExists(atPath: weights.path) else { print("\(weights.path) not found; skipping"); return }
        guard let url = SharedData.directory(photo) else { print(SharedData.missingMessage(photo)); return }
        guard PythonReference.available(["torch", "numpy"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        // The same 224×224 input on both sides: Pillow-exact bilinear resize, then (x − 127)/128.
        let image = try ImageDecoder.load(url, exif: .apply)
        let rgb = image.channels == 3 ? image : Image(width: image.width, height: image.height, channels: 3,
                                                       pixels: image.pixels.flatMap { [$0, $0, $0] })
        let resized = rgb.resized(width: 224, height: 224, filter: .bilinearAntialias)
        var planar = [Float](repeating: 0, count: 3 * 224 * 224)
        for c in 0..<3 { for i in 0..<(224 * 224) { planar[c * 224 * 224 + i] = (Float(resized.pixels[3 * i + c]) - 127) / 128 } }
        let dir = try SharedData.temporaryDirectory("effnet-real")
        defer { try? FileManager.default.removeItem(at: dir) }
        try planar.withUnsafeBytes { Data($0) }.write(to: dir.appendingPathComponent("input.f32"))
        try PythonReference.run([PythonReference.script("CNNTests", "efficientnet_lite0.py"), "real", weights.path, dir.path,
                                 "224", "224"])
        let network = try EfficientNetLite0(checkpoint: weights)
        let features = try network.features(FeatureTensor(channels: 3, height: 224, width: 224, values: planar))
        let logits = network.logits(features: features)
        let reference = try floats(dir.appendingPathComponent("logits.f32"))
        let ours = logits.indices.max { logits[$0] < logits[$1] }!
        let theirs = reference.indices.max { reference[$0] < reference[$1] }!
        print("\(photo): ImageNet class \(ours) (PyTorch \(theirs))")
        #expect(ours == theirs)
        #expect(Approximate.relativeMaxError(features.values, reference: try floats(dir.appendingPathComponent("features.f32"))) < 1e-4)
    }
}
