import Foundation
import Serialization
import Testing
import TestSupport

/// A MAT file assembled byte by byte from the format description (uncompressed elements, small data elements,
/// every array kind), and damaged real files.
@Suite struct MATFileHandMadeTests {
    static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func padded(_ b: [UInt8]) -> [UInt8] { b + [UInt8](repeating: 0, count: (8 - b.count % 8) % 8) }
    /// A normal element: 4-byte type, 4-byte count, data padded to 8.
    static func element(_ type: Int, _ data: [UInt8]) -> [UInt8] { le32(type) + le32(data.count) + padded(data) }
    /// A small element: count and type in 4 bytes, then 4 data bytes.
    static func small(_ type: Int, _ data: [UInt8]) -> [UInt8] {
        le32(data.count << 16 | type) + data + [UInt8](repeating: 0, count: 4 - data.count)
    }
    static func matrix(_ arrayClass: Int, flags: Int = 0, _ dims: [Int], name: String, _ parts: [[UInt8]]) -> [UInt8] {
        let body = element(6, le32(arrayClass | flags) + le32(0)) + element(5, dims.flatMap(le32))
            + (name.isEmpty ? element(1, []) : small(1, Array(name.utf8))) + parts.joined()
        return element(14, body)
    }
    static func header(_ text: String = "MATLAB 5.0 MAT-file, cbir test") -> [UInt8] {
        Array(text.utf8) + [UInt8](repeating: 0x20, count: 116 - text.utf8.count) + [UInt8](repeating: 0, count: 8)
            + [0x00, 0x01, UInt8(ascii: "I"), UInt8(ascii: "M")]
    }
    static func double(_ v: Double) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64($0))) } }

    @Test func everyArrayKind() throws {
        // a = int8([1 -2; 3 4]): column-major 1, 3, -2, 4 in a small miINT8 element.
        let a = Self.matrix(8, [2, 2], name: "a", [Self.small(1, [1, 3, 0xFE, 4])])
        // c = {'hi', []}: a miUINT16 char row and an empty miMATRIX.
        let hi = Self.matrix(4, [1, 2], name: "", [Self.small(4, [0x68, 0, 0x69, 0])])
        let c = Self.matrix(1, [1, 2], name: "c", [hi, Self.element(14, [])])
        // s.x = 1.5 - 2i (complex double), s.m = ['ab'; 'cd'] (miUTF8, column-major "acbd"), s.l = logical([1 0 1]).
        let x = Self.matrix(6, flags: 0x800, [1, 1], name: "", [Self.element(9, Self.double(1.5)), Self.element(9, Self.double(-2))])
        let m = Self.matrix(4, [2, 2], name: "", [Self.small(16, Array("acbd".utf8))])
        let l = Self.matrix(9, flags: 0x200, [1, 3], name: "", [Self.small(2, [1, 0, 1])])
        let names = Array("x".utf8) + [UInt8](repeating: 0, count: 7) + Array("m".utf8) + [UInt8](repeating: 0, count: 7)
            + Array("l".utf8) + [UInt8](repeating: 0, count: 7)
        let s = Self.matrix(2, [1, 1], name: "s", [Self.small(5, Self.le32(8)), Self.element(1, names), x, m, l])
        let mat = try MATFile(bytes: Self.header() + a + c + s, file: "hand.mat")

        #expect(mat.headerText == "MATLAB 5.0 MAT-file, cbir test")
        #expect(mat.variables.map(\.name) == ["a", "c", "s"])
        #expect(mat["a"] == MATArray(arrayClass: .int8, dimensions: [2, 2], content: .numeric(real: [1, 3, -2, 4], imaginary: nil)))
        #expect(mat["c"]?.cells?.count == 2 && mat["c"]?.cell(0, 0)?.string == "hi")
        #expect(mat["c"]?.cell(0, 1) == MATArray(arrayClass: .double, dimensions: [0, 0], content: .numeric(real: [], imaginary: nil)))
        let fields = try #require(mat["s"]?.structElements?.first)
        #expect(fields["x"]?.content == .numeric(real: [1.5], imaginary: [-2]))
        #expect(fields["m"]?.content == .char(rows: ["ab", "cd"]) && fields["m"]?.string == nil)
        #expect(fields["l"]?.isLogical == true && fields["l"]?.integers == [1, 0, 1])
        if case .structure(let order, _)? = mat["s"]?.content { #expect(order == ["x", "m", "l"]) }
    }

    @Test func errorsNameFileAndOffset() throws {
        func message(_ bytes: [UInt8]) -> String {
            do { _ = try MATFile(bytes: bytes, file: "bad.mat"); return "no error" } catch { return "\(error)" }
        }
        #expect(message(Array("hello".utf8)) == "bad.mat @ byte 0: truncated: 5 bytes, shorter than the 128-byte header.")
        #expect(message(Self.header("MATLAB 7.3 MAT-file")) == "bad.mat @ byte 0: a v7.3 (HDF5) MAT file is not "
            + "supported; re-save it with save -v7.")
        let sparse = Self.matrix(5, [2, 2], name: "sp", [])
        #expect(message(Self.header() + sparse) == "bad.mat @ byte 136: variable 'sp': sparse arrays are not supported; "
            + "convert with full() / struct() before saving.")
        let a = Self.matrix(6, [1, 3], name: "v", [Self.element(9, Self.double(1) + Self.double(2))])
        #expect(message(Self.header() + a) == "bad.mat @ byte 136: variable 'v': a double array of dimensions [1, 3] holds 2 values.")
    }

    /// Prefixes and single-byte corruptions of the real compressed file throw, never trap.
    @Test func damagedRealFilesThrow() throws {
        guard let url = SharedData.directory("groundtruth/holidays/gnd_holidays.mat")
        else { print(SharedData.missingMessage("groundtruth/holidays")); return }
        let bytes = try [UInt8](Data(contentsOf: url))
        for length in stride(from: 0, to: bytes.count, by: 211) {
            #expect(throws: SerializationError.self) { try MATFile(bytes: Array(bytes[..<length])) }
        }
        for position in stride(from: 140, to: bytes.count - 8, by: 401) {
            var damaged = bytes
            damaged[position] ^= 0x5A
            #expect(throws: SerializationError.self) { try MATFile(bytes: damaged) }
        }
    }
}
