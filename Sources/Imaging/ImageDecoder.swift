import CImageCodecs
import Foundation

/// Decodes JPEG (libjpeg-turbo's TurboJPEG API) and PNG (libpng 1.6) files into 8-bit `Image`s.
///
/// - JPEG: decoded to RGB (grey JPEGs to 1 channel). TurboJPEG reports a truncated file ("Premature end of JPEG
///   file") only as a *warning* and fills the rest with grey: here every warning is an error, so a damaged file never
///   yields a silently wrong descriptor.
/// - PNG: palette expanded, 16-bit stripped to 8 (libpng's `png_set_strip_16`: keeps the high byte), alpha dropped
///   (not composited), grey+alpha → grey.
public enum ImageDecoder {
    /// Decodes the file at `url`; `name` (default: the path) is used in error messages.
    public static func decode(contentsOf url: URL) throws -> Image {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ImagingError.unreadable(file: url.path)
        }
        return try decode(data, name: url.path)
    }

    /// Decodes bytes; `name` identifies them in error messages.
    public static func decode(_ data: Data, name: String) throws -> Image {
        let bytes = [UInt8](data)
        if bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF {
            return try decodeJPEG(bytes, name: name)
        }
        if bytes.count >= 8 && bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return try PNGCodec.decode(bytes, name: name)
        }
        throw ImagingError.unsupportedFormat(file: name)
    }

    static func decodeJPEG(_ bytes: [UInt8], name: String) throws -> Image {
        guard let handle = tjInitDecompress() else { throw ImagingError.corrupt(file: name, reason: "tjInitDecompress failed") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let header = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt(bytes.count), &width, &height, &subsampling, &colorspace)
        }
        guard header == 0, width > 0, height > 0 else {
            throw ImagingError.corrupt(file: name, reason: String(cString: tjGetErrorStr2(handle)))
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
}
