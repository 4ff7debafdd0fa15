import Foundation

/// A reader of Python pickles (protocols 0–5: the opcodes of `Lib/pickle.py` / `pickletools` that data files use),
/// producing `PickleValue` trees. Globals are not imported: `GLOBAL` + `REDUCE`/`NEWOBJ`/`BUILD` become `.object`
/// values for the caller to interpret (e.g. numpy arrays, torch tensors), and `persistentLoad` resolves `PERSID` /
/// `BINPERSID` (torch storages). Malformed or truncated input throws `SerializationError.pickle` with the file, the
/// byte offset and the opcode — never a crash.
public struct Unpickler {
    public let name: String
    let bytes: [UInt8]
    var position: Int
    var stack: [PickleValue] = []
    var marks: [Int] = []
    var memo: [Int: PickleValue] = [:]
    var persistentLoad: ((PickleValue) throws -> PickleValue)?

    /// Reads the pickle that starts at `offset` of `bytes`; `name` names the source in errors.
    public init(_ bytes: [UInt8], name: String, offset: Int = 0,
                persistentLoad: ((PickleValue) throws -> PickleValue)? = nil) {
        self.bytes = bytes
        self.name = name
        self.position = offset
        self.persistentLoad = persistentLoad
    }

    /// Reads the pickle in the file at `url`.
    public static func load(contentsOf url: URL) throws -> PickleValue {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SerializationError.unreadable(file: url.path)
        }
        var unpickler = Unpickler([UInt8](data), name: url.path)
        return try unpickler.load()
    }

    /// The offset just after the last `STOP` read.
    public var endOffset: Int { position }

    func fail(_ opcode: UInt8?, _ problem: String) -> SerializationError {
        .pickle(file: name, offset: position, opcode: opcode.map { String(format: "0x%02x", $0) } ?? "-", problem: problem)
    }

    mutating func read(_ n: Int, _ op: UInt8) throws -> ArraySlice<UInt8> {
        guard n >= 0, position + n <= bytes.count else { throw fail(op, "truncated: needs \(n) more bytes") }
        defer { position += n }
        return bytes[position ..< position + n]
    }

    mutating func uint(_ n: Int, _ op: UInt8) throws -> Int {
        let b = try read(n, op)
        var v: UInt64 = 0
        for (i, x) in b.enumerated() { v |= UInt64(x) << (8 * UInt64(i)) }
        guard v <= UInt64(Int.max) else { throw fail(op, "length \(v) too large") }
        return Int(v)
    }

    mutating func line(_ op: UInt8) throws -> String {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { throw fail(op, "unterminated line") }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    mutating func pop(_ op: UInt8) throws -> PickleValue {
        guard let v = stack.popLast() else { throw fail(op, "stack underflow") }
        return v
    }

    mutating func popMark(_ op: UInt8) throws -> [PickleValue] {
        guard let mark = marks.popLast(), mark <= stack.count else { throw fail(op, "no MARK") }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    /// A LONG1/LONG4 payload: `.int` when it fits in 64 bits, else `.bigInt`.
    func long(_ b: ArraySlice<UInt8>, _ op: UInt8) throws -> PickleValue {
        b.count <= 8 ? .int(try signedInteger(b, op)) : .bigInt(Array(b))
    }

    /// Signed little-endian integer of `b` (LONG1 / LONG4 payloads).
    func signedInteger(_ b: ArraySlice<UInt8>, _ op: UInt8) throws -> Int {
        guard !b.isEmpty else { return 0 }
        guard b.count <= 8 else { throw fail(op, "integer of \(b.count) bytes does not fit in 64 bits") }
        var v: UInt64 = 0
        for (i, x) in b.enumerated() { v |= UInt64(x) << (8 * UInt64(i)) }
        if b.count < 8, b.last! & 0x80 != 0 { v |= ~UInt64(0) << (8 * UInt64(b.count)) }
        return Int(Int64(bitPattern: v))
    }

    /// Runs the pickle machine to its `STOP` and returns the value.
    public mutating func load() throws -> PickleValue {
        while true {
            guard position < bytes.count else { throw fail(nil, "truncated: no STOP") }
            let op = bytes[position]
            position += 1
            switch op {
            case 0x80: _ = try read(1, op)                                   // PROTO
            case 0x95: _ = try read(8, op)                                   // FRAME
            case 0x2E: return try pop(op)                                    // STOP
            case 0x28: marks.append(stack.count)                             // MARK
            case 0x30: _ = try pop(op)                                       // POP
            case 0x31: _ = try popMark(op)                                   // POP_MARK
            case 0x32: stack.append(try peek(op))                            // DUP
            case 0x4E: stack.append(.none)                                   // NONE
            case 0x88: stack.append(.bool(true))                             // NEWTRUE
            case 0x89: stack.append(.bool(false))                            // NEWFALSE
            case 0x4A: stack.append(.int(Int(Int32(bitPattern: UInt32(try uint(4, op))))))   // BININT
            case 0x4B: stack.append(.int(try uint(1, op)))                   // BININT1
            case 0x4D: stack.append(.int(try uint(2, op)))                   // BININT2
            case 0x8A: let n = try uint(1, op); stack.append(try long(try read(n, op), op))  // LONG1
            case 0x8B: let n = try uint(4, op); stack.append(try long(try read(n, op), op))  // LONG4
            case 0x49, 0x4C:                                                  // INT, LONG (text)
                var text = try line(op)
                if text.hasSuffix("L") { text.removeLast() }
                if text == "00" { stack.append(.bool(false)) } else if text == "01" { stack.append(.bool(true)) }
                else if let v = Int(text) { stack.append(.int(v)) } else { throw fail(op, "bad integer '\(text)'") }
            case 0x46:                                                        // FLOAT (text)
                let text = try line(op)
                guard let v = Double(text) else { throw fail(op, "bad float '\(text)'") }
                stack.append(.float(v))
            case 0x47:                                                        // BINFLOAT (big-endian)
                let b = try read(8, op)
                stack.append(.float(Double(bitPattern: b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })))
            case 0x58: stack.append(.string(try utf8(try read(try uint(4, op), op), op)))   // BINUNICODE
            case 0x8C: stack.append(.string(try utf8(try read(try uint(1, op), op), op)))   // SHORT_BINUNICODE
            case 0x8D: stack.append(.string(try utf8(try read(try uint(8, op), op), op)))   // BINUNICODE8
            case 0x56: stack.append(.string(Self.rawUnicodeEscape(try lineBytes(op))))        // UNICODE
            case 0x54: stack.append(.string(String(decoding: try read(try uint(4, op), op), as: UTF8.self)))  // BINSTRING
            case 0x55: stack.append(.string(String(decoding: try read(try uint(1, op), op), as: UTF8.self)))  // SHORT_BINSTRING
            case 0x53:                                                        // STRING (quoted repr)
                var text = try line(op)
                if text.count >= 2, let q = text.first, q == text.last, q == "'" || q == "\"" {
                    text = String(text.dropFirst().dropLast())
                }
                stack.append(.string(text))
            case 0x42: stack.append(.bytes(Array(try read(try uint(4, op), op))))             // BINBYTES
            case 0x43: stack.append(.bytes(Array(try read(try uint(1, op), op))))             // SHORT_BINBYTES
            case 0x8E: stack.append(.bytes(Array(try read(try uint(8, op), op))))             // BINBYTES8
            case 0x96: stack.append(.bytes(Array(try read(try uint(8, op), op))))             // BYTEARRAY8
            case 0x29: stack.append(.tuple([]))                                                // EMPTY_TUPLE
            case 0x74: stack.append(.tuple(try popMark(op)))                                   // TUPLE
            case 0x85: stack.append(.tuple([try pop(op)]))                                     // TUPLE1
            case 0x86: let b = try pop(op), a = try pop(op); stack.append(.tuple([a, b]))      // TUPLE2
            case 0x87: let c = try pop(op), b = try pop(op), a = try pop(op); stack.append(.tuple([a, b, c]))  // TUPLE3
            case 0x5D: stack.append(.list(PickleList()))                                       // EMPTY_LIST
            case 0x6C: stack.append(.list(PickleList(try popMark(op))))                        // LIST
            case 0x61: let v = try pop(op); try list(op).items.append(v)                       // APPEND
            case 0x65: let vs = try popMark(op); try list(op).items.append(contentsOf: vs)     // APPENDS
            case 0x7D: stack.append(.dict(PickleDict()))                                       // EMPTY_DICT
            case 0x64:                                                                          // DICT
                let vs = try popMark(op)
                let d = PickleDict()
                for i in stride(from: 0, to: vs.count - 1, by: 2) { d.set(vs[i], vs[i + 1]) }
                stack.append(.dict(d))
            case 0x73: let v = try pop(op), k = try pop(op); try dict(op).set(k, v)            // SETITEM
            case 0x75:                                                                          // SETITEMS
                let vs = try popMark(op)
                let d = try dict(op)
                guard vs.count % 2 == 0 else { throw fail(op, "odd number of items") }
                for i in stride(from: 0, to: vs.count, by: 2) { d.set(vs[i], vs[i + 1]) }
            case 0x8F: stack.append(.list(PickleList()))                                       // EMPTY_SET (as a list)
            case 0x90: let vs = try popMark(op); try list(op).items.append(contentsOf: vs)     // ADDITEMS
            case 0x91: stack.append(.tuple(try popMark(op)))                                   // FROZENSET
            case 0x70: memo[Int(try line(op)) ?? -1] = try peek(op)                            // PUT
            case 0x71: memo[try uint(1, op)] = try peek(op)                                    // BINPUT
            case 0x72: memo[try uint(4, op)] = try peek(op)                                    // LONG_BINPUT
            case 0x94: memo[memo.count] = try peek(op)                                         // MEMOIZE
            case 0x67: try pushMemo(Int(try line(op)) ?? -1, op)                               // GET
            case 0x68: try pushMemo(try uint(1, op), op)                                       // BINGET
            case 0x6A: try pushMemo(try uint(4, op), op)                                       // LONG_BINGET
            case 0x63:                                                                          // GLOBAL
                let module = try line(op), name = try line(op)
                stack.append(.global(module: module, name: name))
            case 0x93:                                                                          // STACK_GLOBAL
                let name = try pop(op), module = try pop(op)
                guard let n = name.string, let m = module.string else { throw fail(op, "non-string global") }
                stack.append(.global(module: m, name: n))
            case 0x52:                                                                          // REDUCE
                let args = try pop(op), callable = try pop(op)
                if case .global("collections", "OrderedDict") = callable, args.elements?.isEmpty ?? false {
                    stack.append(.dict(PickleDict()))  // filled by SETITEMS like a dict
                } else {
                    stack.append(.object(callable: callable, arguments: args.elements ?? [args], state: nil))
                }
            case 0x81:                                                                          // NEWOBJ
                let args = try pop(op), cls = try pop(op)
                stack.append(.object(callable: cls, arguments: args.elements ?? [args], state: nil))
            case 0x92:                                                                          // NEWOBJ_EX
                _ = try pop(op)
                let args = try pop(op), cls = try pop(op)
                stack.append(.object(callable: cls, arguments: args.elements ?? [args], state: nil))
            case 0x62:                                                                          // BUILD
                let state = try pop(op), target = try pop(op)
                guard case .object(let callable, let arguments, _) = target else {
                    // BUILD on a dict (an OrderedDict's __dict__, e.g. torch's `_metadata`) sets attributes, not items.
                    if case .dict = target { stack.append(target); break }
                    throw fail(op, "BUILD on a non-object")
                }
                stack.append(.object(callable: callable, arguments: arguments, state: state))
            case 0x50:                                                                          // PERSID
                let id = try line(op)
                guard let load = persistentLoad else { throw fail(op, "persistent id without a loader") }
                stack.append(try load(.string(id)))
            case 0x51:                                                                          // BINPERSID
                let id = try pop(op)
                guard let load = persistentLoad else { throw fail(op, "persistent id without a loader") }
                stack.append(try load(id))
            default:
                throw fail(op, "unsupported opcode")
            }
        }
    }

    mutating func lineBytes(_ op: UInt8) throws -> ArraySlice<UInt8> {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { throw fail(op, "unterminated line") }
        defer { position = end + 1 }
        return bytes[position..<end]
    }

    /// Python's `raw-unicode-escape` decoding: bytes are Latin-1 code points, except `\uXXXX` and `\UXXXXXXXX`.
    static func rawUnicodeEscape(_ b: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        var i = b.startIndex
        while i < b.endIndex {
            if b[i] == 0x5C, i + 1 < b.endIndex, b[i + 1] == 0x75 || b[i + 1] == 0x55 {
                let width = b[i + 1] == 0x75 ? 4 : 8
                let digits = b[(i + 2)..<min(b.endIndex, i + 2 + width)]
                if digits.count == width, let v = UInt32(String(decoding: digits, as: UTF8.self), radix: 16),
                   let scalar = Unicode.Scalar(v) {
                    scalars.append(scalar)
                    i += 2 + width
                    continue
                }
            }
            scalars.append(Unicode.Scalar(b[i]))
            i += 1
        }
        return String(scalars)
    }

    func peek(_ op: UInt8) throws -> PickleValue {
        guard let v = stack.last else { throw fail(op, "stack underflow") }
        return v
    }

    mutating func pushMemo(_ key: Int, _ op: UInt8) throws {
        guard let v = memo[key] else { throw fail(op, "memo key \(key) not set") }
        stack.append(v)
    }

    func list(_ op: UInt8) throws -> PickleList {
        guard case .list(let l) = stack.last else { throw fail(op, "expected a list on the stack") }
        return l
    }

    func dict(_ op: UInt8) throws -> PickleDict {
        guard case .dict(let d) = stack.last else { throw fail(op, "expected a dict on the stack") }
        return d
    }

    func utf8(_ b: ArraySlice<UInt8>, _ op: UInt8) throws -> String {
        guard let s = String(bytes: b, encoding: .utf8) else { throw fail(op, "invalid UTF-8") }
        return s
    }
}
