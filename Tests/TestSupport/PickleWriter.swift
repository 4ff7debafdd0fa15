import Foundation

/// A minimal Python pickle writer (protocol 2) for test fixtures in the layout of revisitop's `gnd_r*.pkl`:
/// dicts with string keys, lists of strings, ints and floats. Python's own `pickle.load` reads the output; the
/// suite's `Serialization.Unpickler` is tested against Python-written files elsewhere.
public enum PickleWriter {
    public indirect enum Value {
        case string(String)
        case int(Int32)
        case float(Double)
        case list([Value])
        case dict([(String, Value)])
    }

    /// The bytes of `pickle.dumps(value, protocol=2)` up to memoisation (no MEMO/PUT opcodes are written).
    public static func data(_ value: Value) -> Data {
        var out: [UInt8] = [0x80, 2]
        write(value, into: &out)
        out.append(UInt8(ascii: "."))
        return Data(out)
    }

    /// `{"imlist": …, "qimlist": …, "gnd": [{"bbx": [x1, y1, x2, y2], "easy": […], "hard": […], "junk": […]}]}`,
    /// indices into `imlist` (0-based), as revisitop's `gnd_roxford5k.pkl`.
    public static func revisited(imlist: [String], qimlist: [String],
                                 gnd: [(bbx: [Double], easy: [Int], hard: [Int], junk: [Int])]) -> Data {
        func ints(_ xs: [Int]) -> Value { .list(xs.map { .int(Int32($0)) }) }
        return data(.dict([
            ("imlist", .list(imlist.map { .string($0) })),
            ("qimlist", .list(qimlist.map { .string($0) })),
            ("gnd", .list(gnd.map { g in
                .dict([("bbx", .list(g.bbx.map { .float($0) })), ("easy", ints(g.easy)), ("hard", ints(g.hard)),
                       ("junk", ints(g.junk))])
            })),
        ]))
    }

    private static func write(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .string(let s):
            let bytes = Array(s.utf8)
            out.append(UInt8(ascii: "X"))
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: bytes)
        case .int(let i):
            out.append(UInt8(ascii: "J"))
            withUnsafeBytes(of: i.littleEndian) { out.append(contentsOf: $0) }
        case .float(let d):
            out.append(UInt8(ascii: "G"))
            withUnsafeBytes(of: d.bitPattern.bigEndian) { out.append(contentsOf: $0) }
        case .list(let items):
            out.append(UInt8(ascii: "]"))
            guard !items.isEmpty else { return }
            out.append(UInt8(ascii: "("))
            for item in items { write(item, into: &out) }
            out.append(UInt8(ascii: "e"))
        case .dict(let entries):
            out.append(UInt8(ascii: "}"))
            guard !entries.isEmpty else { return }
            out.append(UInt8(ascii: "("))
            for (key, item) in entries {
                write(.string(key), into: &out)
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "u"))
        }
    }
}
