import Foundation

/// EXIF orientation policy, recorded with every result: `apply` rotates/flips pixels to the orientation the
/// camera recorded (EXIF tag 0x0112, values 1–8); `ignore` keeps the stored pixel order.
public enum ExifPolicy: String, Sendable, CaseIterable, Codable {
    case apply, ignore
}

public enum ExifOrientation {
    /// The orientation tag (1–8) of a JPEG's APP1 Exif segment, or 1 when absent or unreadable.
    public static func read(_ data: Data) -> Int {
        let b = [UInt8](data.prefix(65_536))
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8 else { return 1 }
        var i = 2
        while i + 4 <= b.count, b[i] == 0xFF {
            let marker = b[i + 1]
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            if marker == 0xDA || length < 2 { break }  // start of scan: no more metadata
            let start = i + 4
            if marker == 0xE1, start + 14 <= b.count, b[start ..< start + 6].elementsEqual(Array("Exif\0\0".utf8)) {
                return parseTIFF(b, at: start + 6, end: min(b.count, i + 2 + length)) ?? 1
            }
            i += 2 + length
        }
        return 1
    }

    private static func parseTIFF(_ b: [UInt8], at t: Int, end: Int) -> Int? {
        guard t + 8 <= end else { return nil }
        let little = b[t] == 0x49
        func u16(_ o: Int) -> Int? {
            guard o + 2 <= end else { return nil }
            return little ? Int(b[o]) | Int(b[o + 1]) << 8 : Int(b[o]) << 8 | Int(b[o + 1])
        }
        func u32(_ o: Int) -> Int? {
            guard let hi = u16(little ? o + 2 : o), let lo = u16(little ? o : o + 2) else { return nil }
            return hi << 16 | lo
        }
        guard let ifd = u32(t + 4), let count = u16(t + ifd) else { return nil }
        for e in 0..<count {
            let entry = t + ifd + 2 + 12 * e
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112, let value = u16(entry + 8), (1...8).contains(value) { return value }
        }
        return nil
    }

    /// `image` transformed so that it displays upright for the given EXIF orientation (PIL `ImageOps.exif_transpose`).
    public static func apply(_ orientation: Int, to image: Image) -> Image {
        switch orientation {
        case 2: return image.transformed(width: image.width, height: image.height) { x, y in (image.width - 1 - x, y) }
        case 3: return image.transformed(width: image.width, height: image.height) { x, y in
            (image.width - 1 - x, image.height - 1 - y) }
        case 4: return image.transformed(width: image.width, height: image.height) { x, y in (x, image.height - 1 - y) }
        case 5: return image.transformed(width: image.height, height: image.width) { x, y in (y, x) }
        case 6: return image.transformed(width: image.height, height: image.width) { x, y in (y, image.height - 1 - x) }
        case 7: return image.transformed(width: image.height, height: image.width) { x, y in
            (image.width - 1 - y, image.height - 1 - x) }
        case 8: return image.transformed(width: image.height, height: image.width) { x, y in (image.width - 1 - y, x) }
        default: return image
        }
    }
}

extension Image {
    /// A new image whose pixel (x, y) is this image's pixel `source(x, y)`.
    func transformed(width: Int, height: Int, source: (Int, Int) -> (Int, Int)) -> Image {
        var out = [UInt8](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            for x in 0..<width {
                let (sx, sy) = source(x, y)
                for c in 0..<channels { out[(y * width + x) * channels + c] = self[sx, sy, c] }
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: out)
    }
}

public extension ImageDecoder {
    /// Decodes the file and applies the EXIF policy.
    static func load(_ url: URL, exif: ExifPolicy, pixelLimit: Int = pixelLimit) throws -> Image {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ImagingError.unreadable(file: url.path)
        }
        let image = try decode(data, name: url.path, pixelLimit: pixelLimit)
        return exif == .apply ? ExifOrientation.apply(ExifOrientation.read(data), to: image) : image
    }
}
