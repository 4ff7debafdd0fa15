import Foundation
import Imaging
import Testing
import TestSupport

@Suite struct DecodingTests {
    @Test func pngRoundTrip() throws {
        let image = Image(width: 3, height: 2, channels: 3, pixels: (0..<18).map { UInt8($0 * 13) })
        #expect(try ImageDecoder.decode(try image.pngData(), name: "mem.png") == image)
        let grey = Image(width: 2, height: 2, channels: 1, pixels: [0, 50, 100, 255])
        #expect(try ImageDecoder.decode(try grey.pngData(), name: "grey.png") == grey)
    }

    @Test func truncatedJPEGIsAnErrorNamingTheFile() throws {
        guard let url = SharedData.directory("smvs-dvd/images/canon/001.jpg") else {
            print(SharedData.missingMessage("smvs-dvd")); return
        }
        let data = try Data(contentsOf: url)
        let truncated = data.prefix(data.count / 2)
        #expect(throws: ImagingError.self) { try ImageDecoder.decode(truncated, name: "cut.jpg") }
        do {
            _ = try ImageDecoder.decode(truncated, name: "cut.jpg")
        } catch let error as ImagingError {
            #expect(error.description.hasPrefix("cut.jpg: the image is truncated or corrupt ("))
            #expect(error.description.hasSuffix("); re-download or replace the file."))
        }
    }

    @Test func garbageAndEmptyFilesAreErrors() {
        #expect(throws: ImagingError.unsupportedFormat(file: "empty.jpg")) {
            try ImageDecoder.decode(Data(), name: "empty.jpg")
        }
        #expect(throws: ImagingError.unsupportedFormat(file: "noise.bin")) {
            try ImageDecoder.decode(Data((0..<1000).map { UInt8(($0 * 7919) % 251) }), name: "noise.bin")
        }
        var corrupt = Data([0xFF, 0xD8, 0xFF, 0xE0])
        corrupt.append(Data(repeating: 0x42, count: 500))
        #expect(throws: ImagingError.self) { try ImageDecoder.decode(corrupt, name: "bad.jpg") }
        #expect(throws: ImagingError.unreadable(file: "/nonexistent/x.jpg")) {
            try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: "/nonexistent/x.jpg"))
        }
    }

    @Test func pngWithBadCRCIsAnError() throws {
        var bytes = [UInt8](try Image(width: 4, height: 4, channels: 1, pixels: Array(repeating: 9, count: 16)).pngData())
        bytes[bytes.count - 20] ^= 0xFF  // inside IDAT / its CRC
        #expect(throws: ImagingError.self) { try ImageDecoder.decode(Data(bytes), name: "crc.png") }
    }

    @Test func cropRoundsHalfToEvenLikePillow() {
        let image = Image(width: 6, height: 4, channels: 1, pixels: (0..<24).map { UInt8($0) })
        // round(0.5)=0, round(1.5)=2, round(4.5)=4, round(3.5)=4 → x 0..<4, y 2..<4
        let crop = image.cropped(x1: 0.5, y1: 1.5, x2: 4.5, y2: 3.5)
        #expect(crop.width == 4 && crop.height == 2)
        #expect(crop.pixels == [12, 13, 14, 15, 18, 19, 20, 21])
    }

    @Test func fittingSizeKeepsAspectAndNeverUpscales() {
        let image = Image(width: 1024, height: 768, channels: 1, pixels: Array(repeating: 0, count: 1024 * 768))
        #expect(image.sizeFitting(maxSide: 640) == (640, 480))
        #expect(image.sizeFitting(maxSide: 300) == (300, 225))
        #expect(image.sizeFitting(maxSide: 2000) == (1024, 768))
    }

    @Test func exifOrientationsMatchTheirDefinition() {
        // 3×2 image with distinct pixels: a b c / d e f
        let image = Image(width: 3, height: 2, channels: 1, pixels: [1, 2, 3, 4, 5, 6])
        #expect(ExifOrientation.apply(1, to: image).pixels == [1, 2, 3, 4, 5, 6])
        #expect(ExifOrientation.apply(2, to: image).pixels == [3, 2, 1, 6, 5, 4])        // mirror
        #expect(ExifOrientation.apply(3, to: image).pixels == [6, 5, 4, 3, 2, 1])        // rotate 180
        #expect(ExifOrientation.apply(4, to: image).pixels == [4, 5, 6, 1, 2, 3])        // flip
        let r6 = ExifOrientation.apply(6, to: image)                                       // rotate 90° clockwise
        #expect(r6.width == 2 && r6.height == 3 && r6.pixels == [4, 1, 5, 2, 6, 3])
        let r8 = ExifOrientation.apply(8, to: image)                                       // rotate 90° anticlockwise
        #expect(r8.pixels == [3, 6, 2, 5, 1, 4])
        #expect(ExifOrientation.apply(5, to: image).pixels == [1, 4, 2, 5, 3, 6])        // transpose
        #expect(ExifOrientation.apply(7, to: image).pixels == [6, 3, 5, 2, 4, 1])        // transverse
    }
}
