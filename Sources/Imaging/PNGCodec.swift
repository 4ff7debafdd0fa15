import CImageCodecs
import Foundation

/// PNG decoding and encoding through libpng's simplified API (`png_image`), which validates CRCs and reports
/// truncation as an error instead of longjmp-ing through Swift frames.
enum PNGCodec {
    static func decode(_ bytes: [UInt8], name: String, pixelLimit: Int) throws -> Image {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let ok = bytes.withUnsafeBufferPointer { png_image_begin_read_from_memory(&image, $0.baseAddress, bytes.count) }
        guard ok != 0 else { throw ImagingError.corrupt(file: name, reason: message(image)) }
        defer { png_image_free(&image) }
        try ImageDecoder.checkSize(width: Int(image.width), height: Int(image.height), limit: pixelLimit, name: name)
        // Colour PNGs → RGB, grey PNGs → grey; alpha is dropped, 16-bit reduced to 8-bit.
        let colour = (image.format & UInt32(PNG_FORMAT_FLAG_COLOR)) != 0
        image.format = colour ? UInt32(PNG_FORMAT_RGB) : UInt32(PNG_FORMAT_GRAY)
        let channels = colour ? 3 : 1
        let width = Int(image.width), height = Int(image.height)
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        let finished = pixels.withUnsafeMutableBytes {
            png_image_finish_read(&image, nil, $0.baseAddress, Int32(width * channels), nil)
        }
        guard finished != 0 else { throw ImagingError.corrupt(file: name, reason: message(image)) }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    static func encode(_ source: Image) throws -> Data {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(source.width)
        image.height = UInt32(source.height)
        image.format = source.channels == 3 ? UInt32(PNG_FORMAT_RGB) : UInt32(PNG_FORMAT_GRAY)
        var size = 0
        // First call computes the size, second writes.
        let sized = source.pixels.withUnsafeBytes {
            png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, Int32(source.width * source.channels), nil)
        }
        guard sized != 0 else { throw ImagingError.corrupt(file: "<png encoder>", reason: message(image)) }
        var out = [UInt8](repeating: 0, count: size)
        let written = out.withUnsafeMutableBytes { dst in
            source.pixels.withUnsafeBytes {
                png_image_write_to_memory(&image, dst.baseAddress, &size, 0, $0.baseAddress,
                                          Int32(source.width * source.channels), nil)
            }
        }
        guard written != 0 else { throw ImagingError.corrupt(file: "<png encoder>", reason: message(image)) }
        return Data(out.prefix(size))
    }

    private static func message(_ image: png_image) -> String {
        withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

public extension Image {
    /// PNG bytes of this image (lossless), via libpng.
    func pngData() throws -> Data { try PNGCodec.encode(self) }
}
