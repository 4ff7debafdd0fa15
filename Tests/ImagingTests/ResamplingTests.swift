import Foundation
import Imaging
import Testing
import TestSupport

/// Decoding, grey conversion and resizing must equal Pillow 9.4 byte for byte on real photos.
@Suite struct ResamplingTests {
    static let photos = ["smvs-dvd/images/canon/001.jpg", "smvs-dvd/images/reference/017.jpg",
                         "opencv-pairs/graf1.png"]

    @Test(arguments: photos) func matchesPillow(photo: String) throws {
        guard let root = SharedData.datasetsRoot,
              FileManager.default.fileExists(atPath: root.appendingPathComponent(photo).path) else {
            print(SharedData.missingMessage(photo)); return
        }
        guard PythonReference.available(["PIL"]) else { print(PythonReference.unavailableMessage(["PIL"])); return }
        let url = root.appendingPathComponent(photo)
        var image = try ImageDecoder.decode(contentsOf: url)
        if image.channels == 1 {
            image = Image(width: image.width, height: image.height, channels: 3,
                          pixels: image.pixels.flatMap { [$0, $0, $0] })
        }
        // A non-square, non-integer downscale in both directions.
        let (w, h) = (image.width * 37 / 100 + 3, image.height * 29 / 100 + 1)
        let dir = try SharedData.temporaryDirectory("pillow")
        try PythonReference.run([PythonReference.script("ImagingTests", "pillow_reference.py"), url.path, dir.path,
                                 "\(w)", "\(h)"])
        func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))) }
        #expect(image.pixels == (try read("decoded.rgb")), "decoded pixels differ from Pillow")
        #expect(image.greyscale().pixels == (try read("grey.l")), "convert('L') differs from Pillow")
        for (name, filter) in [("bilinear", ResizeFilter.bilinearAntialias), ("bicubic", .bicubicAntialias),
                               ("lanczos", .lanczosAntialias)] {
            let resized = image.resized(width: w, height: h, filter: filter)
            let reference = try read("\(name).rgb")
            let maxDiff = zip(resized.pixels, reference).map { abs(Int($0) - Int($1)) }.max() ?? 0
            #expect(resized.pixels.count == reference.count && maxDiff == 0, "\(name): max |Δ| = \(maxDiff)")
        }
    }

    /// `.bilinear` against `torch.nn.functional.interpolate(mode="bilinear", align_corners=False)` on the same pixels:
    /// every pixel equals PyTorch's value rounded half to even, except where PyTorch's Float lies within 10⁻³ of a
    /// half (its summation order and FMA use can round such a value either way); those are counted and must be rare.
    @Test(arguments: photos) func plainBilinearMatchesPyTorchInterpolate(photo: String) throws {
        guard let root = SharedData.datasetsRoot,
              FileManager.default.fileExists(atPath: root.appendingPathComponent(photo).path) else {
            print(SharedData.missingMessage(photo)); return
        }
        guard PythonReference.available(["torch", "numpy"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        var image = try ImageDecoder.decode(contentsOf: root.appendingPathComponent(photo))
        if image.channels == 1 {
            image = Image(width: image.width, height: image.height, channels: 3, pixels: image.pixels.flatMap { [$0, $0, $0] })
        }
        let dir = try SharedData.temporaryDirectory("torch-bilinear")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(image.pixels).write(to: dir.appendingPathComponent("input.rgb"))
        // Non-integer downscales of both axes, one axis only, and an upscale.
        let sizes = [(image.width * 37 / 100 + 3, image.height * 29 / 100 + 1), (image.width / 3, image.height),
                     (image.width * 3 / 2 + 1, image.height * 5 / 4)]
        try PythonReference.run([PythonReference.script("ImagingTests", "torch_bilinear.py"), dir.path, "\(image.width)",
                                 "\(image.height)"] + sizes.map { "\($0.0)x\($0.1)" })
        for (w, h) in sizes {
            let reference = try Data(contentsOf: dir.appendingPathComponent("bilinear_\(w)x\(h).f32"))
                .withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            let ours = image.resized(width: w, height: h, filter: .bilinear).pixels
            #expect(ours.count == reference.count)
            var ties = 0, wrong = 0
            for (o, r) in zip(ours, reference) where Float(o) != min(max(r.rounded(.toNearestOrEven), 0), 255) {
                if abs(r - r.rounded(.down) - 0.5) < 1e-3 && abs(Float(o) - r) <= 0.5 + 1e-3 { ties += 1 } else { wrong += 1 }
            }
            print("\(photo) → \(w)×\(h): \(ties) of \(ours.count) values rounded the other way at a tie")
            #expect(wrong == 0, "\(photo) → \(w)×\(h): \(wrong) values differ from PyTorch beyond a rounding tie")
            #expect(ties * 1000 <= ours.count, "\(photo) → \(w)×\(h): \(ties) ties")
        }
    }
}
