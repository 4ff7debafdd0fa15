import CImageCodecs
import Foundation
import Synchronization

/// Decodes JPEG (libjpeg-turbo's TurboJPEG API) and PNG (libpng 1.6) files into 8-bit `Image`s.
///
/// - JPEG: decoded to RGB (grey JPEGs to 1 channel). CMYK and YCCK JPEGs are decoded to CMYK by libjpeg and converted
///   as Pillow's `Image.open(f).convert('RGB')` does (`CMYKConversion`), pixel for pixel. TurboJPEG reports a truncated file ("Premature end of JPEG
///   file") only as a *warning* and fills the rest with grey: here every warning is an error, so a damaged file never
///   yields a silently wrong descriptor.
/// - PNG: palette expanded, 16-bit stripped to 8 (libpng's `png_set_strip_16`: keeps the high byte), alpha dropped
///   (not composited), grey+alpha → grey.
/// - Size: an image of more than `pixelLimit` pixels is refused from its header, before any pixel is decoded.
public enum ImageDecoder {
    /// Pillow's decompression-bomb limit (`PIL.Image.MAX_IMAGE_PIXELS`, 1024 · 1024 · 1024 / 4 / 3 pixels).
    public static let defaultPixelLimit = 89_478_485

    /// The limit applied when a call does not pass one: `defaultPixelLimit` unless the process sets another
    /// (`cbir run --max-pixels`). It only refuses images; it never changes a decoded pixel.
    public static var pixelLimit: Int {
        get { configuredLimit.withLock { $0 } }
        set {
            precondition(newValue >= 1, "ImageDecoder.pixelLimit: \(newValue) < 1")
            configuredLimit.withLock { $0 = newValue }
        }
    }
    private static let configuredLimit = Mutex(defaultPixelLimit)

    /// Decodes the file at `url`; `name` (default: the path) is used in error messages.
    public static func decode(contentsOf url: URL, pixelLimit: Int = pixelLimit) throws -> Image {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ImagingError.unreadable(file: url.path)
        }
        return try decode(data, name: url.path, pixelLimit: pixelLimit)
    }

    /// Decodes bytes; `name` identifies them in error messages.
    public static func decode(_ data: Data, name: String, pixelLimit: Int = pixelLimit) throws -> Image {
        let bytes = [UInt8](data)
        if bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF {
            return try decodeJPEG(bytes, name: name, pixelLimit: pixelLimit)
        }
        if bytes.count >= 8 && bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return try PNGCodec.decode(bytes, name: name, pixelLimit: pixelLimit)
        }
        throw ImagingError.unsupportedFormat(file: name)
    }

    /// Throws `ImagingError.tooManyPixels` when width × height exceeds `limit`.
    static func checkSize(width: Int, height: Int, limit: Int, name: String) throws {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= limit else {
            throw ImagingError.tooManyPixels(file: name, width: width, height: height, limit: limit)
        }
    }

    static func decodeJPEG(_ bytes: [UInt8], name: String, pixelLimit: Int) throws -> Image {
        guard let handle = tjInitDecompress() else { throw ImagingError.corrupt(file: name, reason: "tjInitDecompress failed") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let header = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt(bytes.count), &width, &height, &subsampling, &colorspace)
        }
        guard header == 0, width > 0, height > 0 else {
            throw ImagingError.corrupt(file: name, reason: String(cString: tjGetErrorStr2(handle)))
        }
        try checkSize(width: Int(width), height: Int(height), limit: pixelLimit, name: name)
        if colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue) {
            return try decodeCMYK(handle, bytes, width: width, height: height, name: name)
        }
        let grey = colorspace == Int32(TJCS_GRAY.rawValue)
        let channels = grey ? 1 : 3
        var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * channels)
        let status = bytes.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                tjDecompress2(handle, src.baseAddress, UInt(bytes.count), dst.baseAddress, width,
                              width * Int32(channels), height, grey ? Int32(TJPF_GRAY.rawValue) : Int32(TJPF_RGB.rawValue),
                              Int32(TJFLAG_ACCURATEDCT))
            }
        }
        // Any status other than 0 — including TJERR_WARNING for a truncated stream — is an error.
        guard status == 0 else {
            throw ImagingError.corrupt(file: name, reason: String(cString: tjGetErrorStr2(handle)))
        }
        return Image(width: Int(width), height: Int(height), channels: channels, pixels: pixels)
    }

    /// A CMYK or YCCK JPEG: libjpeg's CMYK output (YCCK converted by libjpeg), then Pillow's conversion to RGB.
    static func decodeCMYK(_ handle: tjhandle, _ bytes: [UInt8], width: Int32, height: Int32, name: String) throws -> Image {
        var cmyk = [UInt8](repeating: 0, count: Int(width) * Int(height) * 4)
        let status = bytes.withUnsafeBufferPointer { src in
            cmyk.withUnsafeMutableBufferPointer { dst in
                tjDecompress2(handle, src.baseAddress, UInt(bytes.count), dst.baseAddress, width, width * 4, height,
                              Int32(TJPF_CMYK.rawValue), Int32(TJFLAG_ACCURATEDCT))
            }
        }
        guard status == 0 else {
            throw ImagingError.corrupt(file: name, reason: String(cString: tjGetErrorStr2(handle)))
        }
        return Image(width: Int(width), height: Int(height), channels: 3, pixels: CMYKConversion.rgb(fromAdobeCMYK: cmyk))
    }
}

/// Pillow's CMYK → RGB, as `Image.open(jpeg).convert('RGB')` computes it (Pillow 9.4, `JpegImagePlugin` and
/// `libImaging/Convert.c`): the JPEG's samples are read as inverted CMYK (raw mode `CMYK;I`, "assume Adobe
/// conventions"), then `cmyk2rgb`: with nk = 255 − K, each of R, G, B = clip(nk − muldiv255(C, nk)), where
/// muldiv255(a, b) = ((t >> 8) + t) >> 8 for t = a·b + 128 (a rounded a·b/255).
public enum CMYKConversion {
    /// `samples`: C, M, Y, K per pixel as stored in an Adobe JPEG (inverted); returns R, G, B per pixel.
    public static func rgb(fromAdobeCMYK samples: [UInt8]) -> [UInt8] {
        precondition(samples.count % 4 == 0, "CMYKConversion: \(samples.count) samples are not whole pixels")
        var out = [UInt8](repeating: 0, count: samples.count / 4 * 3)
        for p in 0 ..< samples.count / 4 {
            let nk = Int(samples[4 * p + 3])                  // 255 − K, with K = 255 − stored
            for c in 0..<3 {
                let value = 255 - Int(samples[4 * p + c])     // C (or M, Y) = 255 − stored
                let t = value * nk + 128
                out[3 * p + c] = UInt8(clamping: nk - (((t >> 8) + t) >> 8))
            }
        }
        return out
    }
}
