import Foundation
@testable import Serialization
import Testing
import TestSupport

/// `ZipBounds` on a ZIP64 checkpoint written byte by byte here: torch's layout (`archive/data.pkl`, `archive/data/0`,
/// stored), every central-directory entry marking its local-header offset 0xFFFFFFFF and giving it in a ZIP64
/// extended-information field (APPNOTE 4.5.3), then a ZIP64 end-of-central-directory record and locator. The valid
/// archive reads; each malformed variant is refused with the error naming the file and the problem, before
/// ZIPFoundation sees it (a ZIP64 record whose directory offset is 2⁶³ or more trapped inside `Archive.makeIterator`).
@Suite struct ZipBoundsTests {
    static func le(_ v: UInt64, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return ~c
    }

    /// `{'w': torch.tensor([1., 2.])}` as torch pickles it (protocol 2, no memo): 135 bytes.
    static let pickle: [UInt8] = {
        var p: [UInt8] = [0x80, 2, 0x7D, 0x28]  // PROTO 2, EMPTY_DICT, MARK
        func string(_ s: String) { p += [0x58] + le(UInt64(s.utf8.count), 4) + Array(s.utf8) }  // BINUNICODE
        func global(_ module: String, _ name: String) { p += [0x63] + Array("\(module)\n\(name)\n".utf8) }  // GLOBAL
        string("w")
        global("torch._utils", "_rebuild_tensor_v2")
        p += [0x28, 0x28]  // MARK (arguments), MARK (persistent id)
        string("storage"); global("torch", "FloatStorage"); string("0"); string("cpu")
        p += [0x4B, 2, 0x74, 0x51]  // numel 2, TUPLE, BINPERSID
        p += [0x4B, 0, 0x4B, 2, 0x85, 0x4B, 1, 0x85, 0x89]  // storage offset 0, size (2,), stride (1,), requires_grad False
        global("collections", "OrderedDict"); p += [0x29, 0x52]  // backward hooks: OrderedDict()
        p += [0x74, 0x52, 0x75, 0x2E]  // TUPLE, REDUCE, SETITEMS, STOP
        return p
    }()

    /// What `archive` writes where a malformed variant differs from the valid one.
    struct Layout {
        /// Whether entry 1 marks its sizes as well as its local-header offset 0xFFFFFFFF (entry 0 marks its sizes).
        var entry1MarksSizes = false
        /// Entry i's ZIP64 field data (nil: no ZIP64 field) given the valid one: the marked values in APPNOTE order
        /// (uncompressed size, compressed size, offset).
        var zip64Field: (_ entry: Int, _ valid: [UInt8]) -> [UInt8]? = { $1 }
        /// The record offset the locator gives, given where the record is.
        var locatorTarget: (UInt64) -> UInt64 = { $0 }
        /// The directory offset the ZIP64 record gives, given where the directory is.
        var directoryOffset: (UInt64) -> UInt64 = { $0 }
        /// Whether the end record's 32-bit directory size and offset are the real ones (as torch and Python write
        /// them for a small archive) rather than 0xFFFFFFFF.
        var narrowEnd = false
    }

    /// Valid: local headers at 0 (30 + 16-byte name + 135) and 181 (30 + 14 + 8), the directory at 233 (entries of
    /// 46 + 16 + 4 + 16 and 46 + 14 + 4 + 8 bytes: 154), the ZIP64 record at 387, its locator at 443, the end record
    /// (32-bit directory size and offset 0xFFFFFFFF unless `narrowEnd`: only the ZIP64 record has them) at 463;
    /// 485 bytes. With `entry1MarksSizes`, entry 1's ZIP64 field is 16 bytes longer: 501 bytes, the record at 403.
    static func archive(_ layout: Layout = Layout()) -> [UInt8] {
        let entries = [("archive/data.pkl", pickle), ("archive/data/0", le(0x3F80_0000, 4) + le(0x4000_0000, 4))]
        var out: [UInt8] = [], directory: [UInt8] = []
        for (i, (name, data)) in entries.enumerated() {
            let offset = UInt64(out.count), size = UInt64(data.count)
            // version needed 4.5, flags 0, stored, time 0, date 0, CRC-32
            let head = le(45, 2) + le(0, 8) + le(UInt64(crc32(data)), 4)
            let nameLength = le(UInt64(name.utf8.count), 2)
            out += le(0x0403_4B50, 4) + head + le(size, 4) + le(size, 4) + nameLength + le(0, 2) + Array(name.utf8) + data
            let marksSizes = i == 0 || layout.entry1MarksSizes, marksOffset = i == 1
            let valid = (marksSizes ? le(size, 8) + le(size, 8) : []) + (marksOffset ? le(offset, 8) : [])
            let extra = layout.zip64Field(i, valid).map { le(1, 2) + le(UInt64($0.count), 2) + $0 } ?? []
            // made by 4.5, …, sizes, name length, extra length, comment length 0, disk 0, attributes 0, offset
            directory += le(0x0201_4B50, 4) + le(45, 2) + head + (marksSizes ? le(0xFFFF_FFFF_FFFF_FFFF, 8) : le(size, 4) + le(size, 4))
                + nameLength + le(UInt64(extra.count), 2) + le(0, 10) + le(marksOffset ? 0xFFFF_FFFF : offset, 4)
                + Array(name.utf8) + extra
        }
        let directoryOffset = UInt64(out.count)
        out += directory
        let record = UInt64(out.count)
        out += le(0x0606_4B50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 8) + le(2, 8) + le(2, 8)
            + le(UInt64(directory.count), 8) + le(layout.directoryOffset(directoryOffset), 8)
        out += le(0x0706_4B50, 4) + le(0, 4) + le(layout.locatorTarget(record), 8) + le(1, 4)
        let narrow = layout.narrowEnd ? le(UInt64(directory.count), 4) + le(directoryOffset, 4) : le(0xFFFF_FFFF_FFFF_FFFF, 8)
        out += le(0x0605_4B50, 4) + le(0, 4) + le(2, 2) + le(2, 2) + narrow + le(0, 2)
        return out
    }

    /// Entry 1's ZIP64 field holds only its offset (as miniz writes it for a small entry past 4 GiB), or its sizes and
    /// offset. (ZipBounds used to take the first two ZIP64 values for sizes whatever was marked, and refused the first.)
    @Test(arguments: [false, true]) func validZip64ArchiveReads(entry1MarksSizes: Bool) throws {
        let bytes = Self.archive(Layout(entry1MarksSizes: entry1MarksSizes))
        #expect(bytes.count == (entry1MarksSizes ? 501 : 485) && Self.pickle.count == 135)
        #expect(ZipBounds.problem(bytes) == nil)
        let dir = try SharedData.temporaryDirectory("zip64")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("zip64.pth")
        try Data(bytes).write(to: file)
        let state = try TorchCheckpoint.load(contentsOf: file)
        #expect(state.map(\.name) == ["w"])
        #expect(state.first?.tensor.values == [1, 2] && state.first?.tensor.shape == [2])
        // Python's zipfile agrees the hand-built archive is valid, and finds the local headers where ZIP64 says.
        guard PythonReference.available(["zipfile"]) else { print(PythonReference.unavailableMessage(["zipfile"])); return }
        let offsets = try PythonReference.run(["-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
            print(*[i.header_offset for i in z.infolist()])
            """, file.path])
        #expect(offsets.trimmingCharacters(in: .whitespacesAndNewlines) == "0 181")
    }

    /// An archive of an independent writer: Python's zipfile with its ZIP64 limits lowered to 0, so that every
    /// non-zero size and offset goes to a ZIP64 field (16 or 24 bytes) and a ZIP64 end record is written.
    @Test func pythonZip64ArchiveReads() throws {
        guard PythonReference.available(["zipfile"]) else { print(PythonReference.unavailableMessage(["zipfile"])); return }
        let dir = try SharedData.temporaryDirectory("zip64")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("python-zip64.pth")
        try PythonReference.run(["-c", """
            import sys, zipfile
            zipfile.ZIP64_LIMIT = zipfile.ZIP_FILECOUNT_LIMIT = 0
            with zipfile.ZipFile(sys.argv[1], 'w') as z:
                z.writestr('archive/data.pkl', bytes.fromhex(sys.argv[2]))
                z.writestr('archive/data/0', bytes.fromhex('0000803f00000040'))
            """, file.path, Self.pickle.map { String(format: "%02x", $0) }.joined()])
        let bytes = [UInt8](try Data(contentsOf: file))
        let zip64Record: [UInt8] = [0x50, 0x4B, 0x06, 0x06]
        #expect(bytes.indices.contains { bytes[$0...].starts(with: zip64Record) })
        #expect(ZipBounds.problem(bytes) == nil)
        let state = try TorchCheckpoint.load(contentsOf: file)
        #expect(state.map(\.name) == ["w"] && state.first?.tensor.values == [1, 2])
    }

    enum Malformation: CaseIterable, Sendable {
        case zip64FieldShort, zip64FieldLong, zip64FieldMissing, zip64OffsetZero, zip64OffsetPastEnd, zip64SizeBeyondInt64,
             locatorElsewhere, directoryOffsetBeyondOffT

        var layout: Layout {
            var layout = Layout()
            switch self {
            case .zip64FieldShort: layout.zip64Field = { $0 == 0 ? Array($1.prefix(8)) : $1 }
            case .zip64FieldLong: layout.zip64Field = { $0 == 1 ? $1 + le(0, 8) : $1 }
            case .zip64FieldMissing: layout.zip64Field = { $0 == 1 ? nil : $1 }
            case .zip64OffsetZero: layout.zip64Field = { $0 == 1 ? le(0, 8) : $1 }
            case .zip64OffsetPastEnd: layout.zip64Field = { $0 == 1 ? le(1 << 62, 8) : $1 }
            case .zip64SizeBeyondInt64: layout.zip64Field = { $0 == 0 ? le(1 << 63, 8) + le(135, 8) : $1 }
            case .locatorElsewhere:  // the fuzz finding (Fuzz/regressions/torch/crash-18b2291c…), rebuilt
                layout.entry1MarksSizes = true
                layout.locatorTarget = { $0 - 16 }
                layout.directoryOffset = { $0 | 0xFA00_0000_0000_0000 }
                layout.narrowEnd = true
            case .directoryOffsetBeyondOffT: layout.directoryOffset = { $0 | 0xFA00_0000_0000_0000 }
            }
            return layout
        }

        var problem: String {
            switch self {
            case .zip64FieldShort: "entry 0: its ZIP64 extra field has 8 bytes, but the fields marked 0xFFFFFFFF need 16"
            case .zip64FieldLong: "entry 1: its ZIP64 extra field has 16 bytes, but the fields marked 0xFFFFFFFF need 8"
            case .zip64FieldMissing: "entry 1: fields marked 0xFFFFFFFF but no ZIP64 extra field"
            case .zip64OffsetZero: "entry 1: its ZIP64 local-header offset is 0, which ZIPFoundation reads as 0xFFFFFFFF"
            case .zip64OffsetPastEnd: "entry 1: no local header at byte 4611686018427387904"
            case .zip64SizeBeyondInt64:  // ZIPFoundation's Int64(size) in readUncompressed would trap
                "entry 0: a size above 2^40 bytes (uncompressed 9223372036854775808, compressed 135)"
            case .locatorElsewhere:
                // ZipBounds used to follow the locator, find no record at 387 and check the 32-bit values, which are
                // fine, while ZIPFoundation reads the record before the locator and trapped converting its directory
                // offset 0xFA000000000000E9 to off_t.
                "the ZIP64 end-of-central-directory locator points to byte 387, not to the record just before it at byte 403"
            case .directoryOffsetBeyondOffT:  // 0xFA000000000000E9, as in the fuzz finding: off_t(offset) trapped
                "the central directory (154 bytes at byte 18014398509481984233) lies outside the file"
            }
        }
    }

    @Test(arguments: Malformation.allCases) func malformedArchiveIsRefused(_ malformation: Malformation) {
        let bytes = Self.archive(malformation.layout)
        #expect(ZipBounds.problem(bytes) == malformation.problem)
        #expect(throws: SerializationError.checkpoint(
            file: "malformed.pth", key: nil, problem: "truncated: a damaged zip archive (\(malformation.problem))",
            hint: "The file is incomplete; download or save it again.")) {
            try TorchCheckpoint.loadObject(bytes, file: "malformed.pth")
        }
    }
}
