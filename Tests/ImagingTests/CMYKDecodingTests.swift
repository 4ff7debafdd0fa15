import Foundation
import Imaging
import Testing
import TestSupport

/// CMYK and YCCK JPEGs decode to the RGB Pillow gives (`Image.open(f).convert('RGB')`), pixel for pixel; images over
/// the pixel limit are refused from their header.
@Suite struct CMYKDecodingTests {
    static let modules = ["PIL"]

    @Test func cmykAndYCCKMatchPillowExactly() throws {
        guard PythonReference.available(Self.modules) else { print(PythonReference.unavailableMessage(Self.modules)); return }
        let dir = try SharedData.temporaryDirectory("cmyk")
        let listing = try PythonReference.run([PythonReference.script("ImagingTests", "cmyk_reference.py"), dir.path])
        let lines = listing.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.map { $0[0] } == ["cmyk", "ycck"] && lines.map { $0[4] } == ["0", "2"], "\(listing)")
        for line in lines {
            let name = line[0], width = Int(line[1])!, height = Int(line[2])!
            let image = try ImageDecoder.decode(contentsOf: dir.appendingPathComponent("\(name).jpg"))
            let reference = [UInt8](try Data(contentsOf: dir.appendingPathComponent("\(name).rgb")))
            #expect(image.width == width && image.height == height && image.channels == 3)
            let differing = zip(image.pixels, reference).filter { $0 != $1 }.count
            #expect(image.pixels.count == reference.count && differing == 0, "\(name): \(differing) samples differ")
        }
    }

    /// Hand-worked values of Pillow's cmyk2rgb on stored (inverted) samples.
    @Test func conversionFollowsPillowsFormula() {
        // Stored 255,255,255,255 → C=M=Y=K=0 → white; stored 0,0,0,0 → K=255 → black;
        // stored 127,255,0,200: C=128, M=0, Y=255, nk=200 → R = 200 − round(128·200/255) = 200 − 100 = 100,
        // G = 200, B = 200 − 200 = 0.
        #expect(CMYKConversion.rgb(fromAdobeCMYK: [255, 255, 255, 255, 0, 0, 0, 0, 127, 255, 0, 200])
                == [255, 255, 255, 0, 0, 0, 100, 200, 0])
    }

    @Test func imagesOverThePixelLimitAreRefusedBeforeDecoding() throws {
        let image = Image(width: 40, height: 30, channels: 1, pixels: Array(repeating: 7, count: 1200))
        let png = try image.pngData()
        #expect(try ImageDecoder.decode(png, name: "ok.png", pixelLimit: 1200) == image)
        #expect(throws: ImagingError.tooManyPixels(file: "big.png", width: 40, height: 30, limit: 1199)) {
            try ImageDecoder.decode(png, name: "big.png", pixelLimit: 1199)
        }
        #expect(ImageDecoder.defaultPixelLimit == 89_478_485)
        // A PNG header claiming 50000 × 50000 pixels (2.5 Gpx): refused by default without allocating them.
        var header = [UInt8](png.prefix(33))
        header.replaceSubrange(16..<24, with: [0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50])
        let crc = CRC32.of(header[12..<29])
        header.replaceSubrange(29..<33, with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        let bomb = Data(header + [UInt8](png.dropFirst(33)))
        #expect(throws: ImagingError.tooManyPixels(file: "bomb.png", width: 50000, height: 50000, limit: 89_478_485)) {
            try ImageDecoder.decode(bomb, name: "bomb.png")
        }
        #expect(String(describing: ImagingError.tooManyPixels(file: "bomb.png", width: 50000, height: 50000, limit: 89_478_485))
                == "bomb.png: 50000×50000 pixels exceed the limit of 89478485 (Pillow's decompression-bomb limit); "
                + "downscale the image, or raise the limit if it is genuine.")
    }

    @Test func jpegsOverThePixelLimitAreRefused() throws {
        guard PythonReference.available(Self.modules) else { print(PythonReference.unavailableMessage(Self.modules)); return }
        let dir = try SharedData.temporaryDirectory("cmyk-limit")
        _ = try PythonReference.run([PythonReference.script("ImagingTests", "cmyk_reference.py"), dir.path])
        #expect(throws: ImagingError.tooManyPixels(file: dir.appendingPathComponent("cmyk.jpg").path, width: 53, height: 41,
                                                   limit: 2000)) {
            try ImageDecoder.decode(contentsOf: dir.appendingPathComponent("cmyk.jpg"), pixelLimit: 2000)
        }
    }
}

/// The CRC-32 of PNG chunks (ISO 3309), for hand-made headers.
enum CRC32 {
    static func of(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
