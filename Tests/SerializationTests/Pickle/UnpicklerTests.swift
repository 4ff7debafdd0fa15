import Foundation
import Serialization
import Testing
import TestSupport

/// Pickles written by CPython (`Fixtures/pickle_reference.py write`) in protocols 0, 2, 4, 5 must load to the same
/// canonical text as CPython's own `pickle` renders them (`pickle_reference.py render`).
@Suite struct UnpicklerPythonTests {
    static let script = PythonReference.script("SerializationTests", "pickle_reference.py")
    static let hook = UnpicklerOptions(persistentLoad: { .tuple([.string("pid"), $0]) })

    @Test func everyProtocolMatchesCPython() throws {
        guard PythonReference.available(["numpy"]) else { print(PythonReference.unavailableMessage(["numpy"])); return }
        let dir = try SharedData.temporaryDirectory("pickle")
        defer { try? FileManager.default.removeItem(at: dir) }
        let listing = try PythonReference.run([Self.script, "write", dir.path])
        var opcodes = Set<String>()
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            opcodes.formUnion(fields.dropFirst())
            let file = dir.appendingPathComponent("\(fields[0]).pkl")
            let expected = try PythonReference.run([Self.script, "render", file.path])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let value = try Unpickler(options: Self.hook).load(contentsOf: file)
            let rendered = PickleCanonical.render(value)
            let agreeing = zip(rendered, expected).prefixCount(while: { $0 == $1 })
            #expect(rendered == expected, "protocol \(fields[0]): first difference at character \(agreeing)")
        }
        // The Python-written files exercise these families; the rest are covered by hand-made streams below.
        let needed: Set = ["MARK", "STOP", "FLOAT", "BINFLOAT", "INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1",
                           "BINBYTES", "SHORT_BINBYTES", "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "NONE",
                           "NEWTRUE", "NEWFALSE", "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3", "EMPTY_TUPLE", "LIST",
                           "EMPTY_LIST", "APPEND", "APPENDS", "DICT", "EMPTY_DICT", "SETITEM", "SETITEMS", "EMPTY_SET",
                           "ADDITEMS", "FROZENSET", "GET", "BINGET", "LONG_BINGET", "PUT", "BINPUT", "LONG_BINPUT",
                           "MEMOIZE", "GLOBAL", "STACK_GLOBAL", "REDUCE", "BUILD", "NEWOBJ", "NEWOBJ_EX", "PERSID",
                           "BINPERSID", "PROTO", "FRAME", "BYTEARRAY8"]
        let missing = needed.subtracting(opcodes).sorted()
        #expect(missing.isEmpty, "not exercised: \(missing)")
    }

    @Test(arguments: ["oxford5k/gnd_oxford5k.pkl", "paris6k/gnd_paris6k.pkl"])
    func realGroundTruthMatchesCPython(_ relative: String) throws {
        guard let url = SharedData.directory("groundtruth/\(relative)") else {
            print(SharedData.missingMessage("groundtruth/\(relative)")); return
        }
        guard PythonReference.available(["numpy"]) else { print(PythonReference.unavailableMessage(["numpy"])); return }
        let value = try Unpickler().load(contentsOf: url)
        let expected = try PythonReference.run([Self.script, "render", url.path])
        #expect(PickleCanonical.render(value) == expected.trimmingCharacters(in: .whitespacesAndNewlines))
        let imlist = try #require(value["imlist"]?.elements), qimlist = try #require(value["qimlist"]?.elements)
        let gnd = try #require(value["gnd"]?.elements)
        #expect(imlist.count == (relative.hasPrefix("oxford") ? 5063 : 6392))
        #expect(qimlist.count == 55 && gnd.count == 55)
        #expect(gnd.allSatisfy { $0["bbx"]?.elements?.count == 4 && $0["ok"] != nil && $0["junk"] != nil })
    }
}

/// Hand-assembled streams for the opcodes CPython 3 never writes, worked out byte by byte.
@Suite struct UnpicklerHandMadeTests {
    func load(_ bytes: [UInt8], options: UnpicklerOptions = UnpicklerOptions()) throws -> PickleValue {
        try Unpickler(options: options).load(bytes).value
    }

    func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func python2Strings() throws {
        // PROTO 2; SHORT_BINSTRING 'abc'; BINSTRING b'\xffx'; TUPLE2; STOP.
        let v = try load([0x80, 2, 0x55, 3] + ascii("abc") + [0x54, 2, 0, 0, 0, 0xFF, 0x78, 0x86, 0x2E])
        #expect(v == .tuple([.string("abc"), .bytes([0xFF, 0x78])]))
        // STRING 'it\'s\x41\n\101' → "it'sA\nA".
        #expect(try load(ascii("S'it\\'s\\x41\\n\\101'\n.")) == .string("it's" + "A\nA"))
    }

    @Test func eightByteLengths() throws {
        // BINUNICODE8 "hé" (3 UTF-8 bytes), BINBYTES8 [1, 2], TUPLE2.
        let v = try load([0x8D, 3, 0, 0, 0, 0, 0, 0, 0, 0x68, 0xC3, 0xA9, 0x8E, 2, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0x86, 0x2E])
        #expect(v == .tuple([.string("hé"), .bytes([1, 2])]))
    }

    @Test func stackOpcodes() throws {
        // MARK K1 DUP MARK K5 K6 POP_MARK K7 POP TUPLE STOP → (1, 1).
        #expect(try load([0x28, 0x4B, 1, 0x32, 0x28, 0x4B, 5, 0x4B, 6, 0x31, 0x4B, 7, 0x30, 0x74, 0x2E])
            == .tuple([.int(1), .int(1)]))
        // MARK MARK POP (drops the empty inner mark) K2 TUPLE STOP → (2,).
        #expect(try load([0x28, 0x28, 0x30, 0x4B, 2, 0x74, 0x2E]) == .tuple([.int(2)]))
    }

    @Test func integers() throws {
        #expect(try load([0x8B, 2, 0, 0, 0, 0x2C, 0x01, 0x2E]) == .int(300))  // LONG4 0x012c
        #expect(try load([0x8A, 9] + [UInt8](repeating: 0xFF, count: 9) + [0x2E]) == .int(-1))  // sign-extended
        #expect(try load([0x8A, 0, 0x2E]) == .int(0))
        #expect(try load([0x8A, 2, 0x00, 0x80, 0x2E]) == .int(-32768))
        #expect(try load(ascii("L12345678901L\n.")) == .int(12_345_678_901))
        #expect(try load(ascii("I01\n.")) == .bool(true))
        #expect(try load(ascii("I-7\n.")) == .int(-7))
        #expect(try load([0x4A, 0xFE, 0xFF, 0xFF, 0xFF, 0x2E]) == .int(-2))  // BININT
    }

    @Test func instAndObj() throws {
        // INST: MARK K1 i"m\nC\n" STOP → object m.C(1); OBJ: MARK GLOBAL m.D K2 OBJ STOP → object m.D(2).
        let inst = try load([0x28, 0x4B, 1, 0x69] + ascii("m\nC\n") + [0x2E])
        #expect(inst == .object(callable: .global(module: "m", name: "C"), arguments: [.int(1)], state: nil))
        let obj = try load([0x28, 0x63] + ascii("m\nD\n") + [0x4B, 2, 0x6F, 0x2E])
        #expect(obj == .object(callable: .global(module: "m", name: "D"), arguments: [.int(2)], state: nil))
    }

    @Test func backToBackPickles() throws {
        // Two pickles: K7 STOP, then PROTO 2 NONE STOP.
        let bytes: [UInt8] = [0x4B, 7, 0x2E, 0x80, 2, 0x4E, 0x2E]
        let first = try Unpickler().load(bytes)
        #expect(first.value == .int(7) && first.end == 3)
        let second = try Unpickler().load(bytes, from: first.end)
        #expect(second.value == .none && second.end == 7)
    }

    @Test func classResolutionHook() throws {
        // GLOBAL m.Point EMPTY_TUPLE REDUCE → the hook turns it into a string.
        let options = UnpicklerOptions(resolveClass: { g in
            g.name == "Point" ? .function { _ in .string("a point") } : nil
        })
        #expect(try load([0x63] + ascii("m\nPoint\n") + [0x29, 0x52, 0x2E], options: options) == .string("a point"))
    }
}

@Suite struct UnpicklerErrorTests {
    func message(_ bytes: [UInt8]) -> String? {
        do {
            _ = try Unpickler().load(bytes, file: "x.pkl")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func messagesNameFileOffsetAndOpcode() {
        #expect(message([0xFF]) == "x.pkl @ byte 0: unknown opcode 0xff; not a pickle, or corrupt.")
        #expect(message([0x80, 2, 0x4B]) == "x.pkl @ byte 2: opcode BININT1: truncated: needs 1 byte(s) at offset 3 "
            + "but the data ends at 3.")
        #expect(message([0x8A, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x2E])
            == "x.pkl @ byte 0: opcode LONG1: a 9-byte integer does not fit in a 64-bit Int.")
        #expect(message([0x4B, 1]) == "x.pkl @ byte 2: the stream ends before a STOP opcode (truncated pickle?).")
        #expect(message([0x68, 3, 0x2E]) == "x.pkl @ byte 0: opcode BINGET: memo index 3 was never stored.")
        #expect(message([0x51, 0x2E]) == "x.pkl @ byte 0: opcode BINPERSID: stack underflow.")
        // EMPTY_LIST BINPUT 0 BINGET 0 APPEND STOP: a list containing itself has no finite value.
        #expect(message([0x5D, 0x71, 0, 0x68, 0, 0x61, 0x2E])
            == "x.pkl @ byte 6: opcode STOP: the value nests deeper than 200 levels or refers to itself.")
    }

    /// Every prefix of a real protocol-2 pickle and seeded garbage must throw (or load), never trap.
    @Test func truncatedAndGarbageInputThrow() throws {
        guard PythonReference.available(["numpy"]) else { print(PythonReference.unavailableMessage(["numpy"])); return }
        let dir = try SharedData.temporaryDirectory("pickle")
        defer { try? FileManager.default.removeItem(at: dir) }
        try PythonReference.run([UnpicklerPythonTests.script, "write", dir.path])
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent("p2.pkl")))
        let unpickler = Unpickler(options: UnpicklerPythonTests.hook)
        for length in stride(from: 0, to: bytes.count - 1, by: 7) {
            #expect(throws: SerializationError.self) { try unpickler.load(Array(bytes[..<length])) }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            let garbage = (0..<64).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            _ = try? unpickler.load(garbage)
            var mutated = bytes
            mutated[Int(state % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: state >> 32) | 1
            _ = try? unpickler.load(mutated)
        }
    }
}

extension Sequence {
    func prefixCount(while predicate: (Element) -> Bool) -> Int {
        var n = 0
        for e in self { if predicate(e) { n += 1 } else { break } }
        return n
    }
}
