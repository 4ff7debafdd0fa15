import Foundation
import ZIPFoundation

/// A Level-5 MAT file (MATLAB ≤ 7.2 `save -v7`; The MathWorks, "MAT-File Format", 2021): a 128-byte header
/// (116 bytes of text, subsystem offset, version 0x0100, endian indicator `IM`), then data elements — each an 8-byte
/// tag (type, byte count; or the small-element form with count and type in 4 bytes and up to 4 data bytes),
/// padded to 8 bytes except inside miCOMPRESSED (zlib) elements. Top-level miMATRIX elements are the variables.
///
/// Supported: miCOMPRESSED; numeric classes in any storage type (miINT8 … miUINT64, miSINGLE, miDOUBLE), complex
/// and logical flags; char arrays (miUINT16/miUTF16, miUTF8, miUINT8, miUTF32); cell arrays; structs. Sparse and
/// object (class) arrays, big-endian files and v7.3 (HDF5) files raise an error naming the file.
///
///     let mat = try MATFile(contentsOf: url)
///     let names = mat["feature_name"]?.cells?.compactMap(\.string)
public struct MATFile: Sendable {
    /// The descriptive header text ("MATLAB 5.0 MAT-file, Platform: ..."), trailing spaces removed.
    public let headerText: String
    /// The variables in file order.
    public let variables: [(name: String, value: MATArray)]

    public subscript(name: String) -> MATArray? {
        variables.first { $0.name == name }?.value
    }

    public init(contentsOf url: URL) throws {
        try self.init(bytes: readFileBytes(url), file: url.path)
    }

    public init(bytes: [UInt8], file: String = "<memory>") throws {
        guard bytes.count >= 128 else {
            throw SerializationError.mat(file: file, offset: 0, variable: nil,
                                         problem: "truncated: \(bytes.count) bytes, shorter than the 128-byte header")
        }
        let text = String(decoding: bytes[0..<116], as: UTF8.self)
        if text.hasPrefix("MATLAB 7.3") {
            throw SerializationError.mat(file: file, offset: 0, variable: nil,
                                         problem: "a v7.3 (HDF5) MAT file is not supported; re-save it with save -v7")
        }
        guard text.hasPrefix("MATLAB 5.0") else {
            throw SerializationError.mat(file: file, offset: 0, variable: nil,
                                         problem: "not a Level-5 MAT file (the header does not start with 'MATLAB 5.0')")
        }
        guard bytes[126] == UInt8(ascii: "I"), bytes[127] == UInt8(ascii: "M") else {
            throw SerializationError.mat(file: file, offset: 126, variable: nil,
                                         problem: "a big-endian MAT file (endian indicator 'MI') is not supported")
        }
        headerText = text.trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
        var parser = MATParser(file: file)
        variables = try parser.variables(bytes, from: 128)
    }
}

/// Decodes data elements; `base` is the file offset of the buffer being parsed (inflated buffers report the
/// offset of their miCOMPRESSED element).
struct MATParser {
    let file: String
    var variable: String?

    // Data element types (mi*).
    static let miINT8 = 1, miUINT8 = 2, miINT16 = 3, miUINT16 = 4, miINT32 = 5, miUINT32 = 6, miSINGLE = 7
    static let miDOUBLE = 9, miINT64 = 12, miUINT64 = 13, miMATRIX = 14, miCOMPRESSED = 15
    static let miUTF8 = 16, miUTF16 = 17, miUTF32 = 18

    struct Element {
        var type: Int
        var data: [UInt8]
        var offset: Int
    }

    func fail(_ offset: Int, _ problem: String) -> SerializationError {
        .mat(file: file, offset: offset, variable: variable, problem: problem)
    }

    /// The next element of `bytes` at `offset` (advanced past it and its padding).
    func element(_ bytes: [UInt8], _ offset: inout Int, base: Int) throws -> Element {
        var reader = ByteReader(bytes, offset: offset)
        guard let tag = try? reader.uintLE(4) else { throw fail(base + offset, "truncated data element tag") }
        let start = offset
        if tag >> 16 != 0 {  // small data element: 2-byte count, 2-byte type, 4 data bytes
            let count = Int(tag >> 16), type = Int(tag & 0xFFFF)
            guard count <= 4, let data = try? reader.take(4) else { throw fail(base + start, "malformed small data element") }
            offset = reader.offset
            return Element(type: type, data: Array(data[0..<count]), offset: base + start)
        }
        guard let count = try? reader.uintLE(4), count <= UInt64(reader.remaining) else {
            throw fail(base + start, "truncated: a data element of type \(tag) claims more bytes than remain")
        }
        let data = try! reader.take(Int(count))
        offset = reader.offset
        if Int(tag) != MATParser.miCOMPRESSED { offset = min(bytes.count, (offset + 7) / 8 * 8) }
        return Element(type: Int(tag), data: data, offset: base + start)
    }

    mutating func variables(_ bytes: [UInt8], from start: Int) throws -> [(name: String, value: MATArray)] {
        var result: [(name: String, value: MATArray)] = []
        var offset = start
        while offset < bytes.count {
            var e = try element(bytes, &offset, base: 0)
            if e.type == MATParser.miCOMPRESSED {
                let inflated = try inflate(e.data, at: e.offset)
                var inner = 0
                e = try element(inflated, &inner, base: e.offset)
            }
            guard e.type == MATParser.miMATRIX else {
                throw fail(e.offset, "top-level data element of type \(e.type); expected miMATRIX (14) or miCOMPRESSED (15)")
            }
            variable = nil
            let (name, value) = try matrix(e.data, base: e.offset + 8)
            result.append((name, value))
        }
        return result
    }

    /// At most 1 GiB inflated from one element (a ground-truth file is a few MB; more is a decompression bomb).
    static let inflatedLimit = 1 << 30

    enum InflateError: Error, CustomStringConvertible {
        case truncated, tooLarge
        var description: String {
            switch self {
            case .truncated: "the deflate stream ends early"
            case .tooLarge: "it inflates to more than \(MATParser.inflatedLimit) bytes"
            }
        }
    }

    /// A zlib stream (2-byte header, raw deflate, big-endian Adler-32), inflated with ZIPFoundation.
    func inflate(_ data: [UInt8], at offset: Int) throws -> [UInt8] {
        guard data.count >= 6, data[0] & 0x0F == 8, (UInt16(data[0]) << 8 | UInt16(data[1])) % 31 == 0 else {
            throw fail(offset, "miCOMPRESSED data is not a zlib stream")
        }
        let deflate = Data(data[2..<(data.count - 4)])
        var out = [UInt8]()
        do {
            _ = try Data.decompress(size: Int64(deflate.count), bufferSize: 1 << 16, skipCRC32: true,
                                    provider: { position, size in
                                        // Past the end: a truncated stream (ZIPFoundation would ask forever).
                                        guard position < Int64(deflate.count) else { throw InflateError.truncated }
                                        return deflate.subdata(in: Int(position)..<min(deflate.count, Int(position) + size))
                                    }, consumer: {
                                        out.append(contentsOf: $0)
                                        guard out.count <= Self.inflatedLimit else { throw InflateError.tooLarge }
                                    })
        } catch {
            throw fail(offset, "miCOMPRESSED data does not inflate (\(error)); the file is corrupt or truncated")
        }
        var a: UInt32 = 1, b: UInt32 = 0
        for chunk in stride(from: 0, to: out.count, by: 5552) {
            for x in out[chunk..<min(out.count, chunk + 5552)] { a += UInt32(x); b += a }
            a %= 65521
            b %= 65521
        }
        let stored = data[(data.count - 4)...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard b << 16 | a == stored else { throw fail(offset, "miCOMPRESSED data fails its Adler-32 check (corrupt)") }
        return out
    }
}
