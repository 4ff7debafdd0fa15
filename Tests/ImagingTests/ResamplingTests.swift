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
}
