import Foundation

/// How REDUCE / NEWOBJ / NEWOBJ_EX treat a callable (`find_class` in Python's `Unpickler`).
public enum PickleConstructor: Sendable {
    /// An empty mutable dict that SETITEM(S) fill (`collections.OrderedDict`, `dict` subclasses). Positional
    /// arguments that are a list of `(key, value)` pairs are inserted; BUILD state on it is ignored.
    case dictionary
    /// An empty mutable list that APPEND(S) fill; a first positional list argument is its initial content.
    case list
    /// A finished immutable value computed from the frozen positional arguments; BUILD state on it is ignored.
    case function(@Sendable (_ arguments: [PickleValue]) throws -> PickleValue)
    /// A generic `.object(PickleObject)` (the default for callables no rule knows).
    case object
}

/// Hooks of an `Unpickler`.
public struct UnpicklerOptions: Sendable {
    /// Consulted first for every REDUCE / NEWOBJ callable; return nil to fall back to the built-in rules
    /// (`set`, `frozenset`, `bytes`, `bytearray`, `_codecs.encode`, `collections.OrderedDict`, `dict`, `list`,
    /// `copyreg._reconstructor`, numpy scalars and arrays), then to `.object`.
    public var resolveClass: (@Sendable (PickleGlobal) -> PickleConstructor?)?
    /// Maps a persistent id (PERSID: a string; BINPERSID: any value) to the object it stands for, as
    /// `Unpickler.persistent_load` does. Without it a persistent id is an error.
    public var persistentLoad: (@Sendable (PickleValue) throws -> PickleValue)?

    public init(resolveClass: (@Sendable (PickleGlobal) -> PickleConstructor?)? = nil,
                persistentLoad: (@Sendable (PickleValue) throws -> PickleValue)? = nil) {
        self.resolveClass = resolveClass
        self.persistentLoad = persistentLoad
    }
}

/// An unpickler for pickle protocols 0–5 (semantics of CPython's `Lib/pickle.py` `_Unpickler`; opcode names as in
/// `Lib/pickletools.py`). It never executes anything: globals become `PickleGlobal`s and calls become
/// `PickleObject`s unless a rule maps them to plain values. Out-of-band buffers (NEXT_BUFFER, READONLY_BUFFER) and
/// the extension registry (EXT1/2/4) are not supported and raise an error naming the opcode.
///
///     let (value, end) = try Unpickler().load(bytes, from: 0, file: path)
public struct Unpickler: Sendable {
    public var options: UnpicklerOptions

    public init(options: UnpicklerOptions = UnpicklerOptions()) {
        self.options = options
    }

    /// Loads the single pickle at the start of the file (trailing bytes are ignored, as `pickle.load` does).
    public func load(contentsOf url: URL) throws -> PickleValue {
        try load(readFileBytes(url), from: 0, file: url.path).value
    }

    /// `Unpickler().load(contentsOf: url)`: the built-in rules, no persistent ids.
    public static func load(contentsOf url: URL) throws -> PickleValue {
        try Unpickler().load(contentsOf: url)
    }

    /// Loads one pickle starting at `offset`; returns its value and the offset just past its STOP opcode, where
    /// the next pickle of a multi-pickle stream (legacy torch files) begins.
    public func load(_ bytes: [UInt8], from offset: Int = 0, file: String = "<memory>") throws
        -> (value: PickleValue, end: Int)
    {
        var machine = PickleMachine(bytes: bytes, offset: offset, file: file, options: options)
        let value = try machine.run()
        return (value, machine.reader.offset)
    }
}

/// The running state of one `load`: the byte cursor, the stack, the mark positions and the memo.
struct PickleMachine {
    var reader: ByteReader
    let file: String
    let options: UnpicklerOptions
    var stack: [PickleNode] = []
    var marks: [Int] = []
    var memo: [Int: PickleNode] = [:]
    var opcodeOffset = 0
    var opcodeName: String?

    init(bytes: [UInt8], offset: Int, file: String, options: UnpicklerOptions) {
        reader = ByteReader(bytes, offset: offset)
        self.file = file
        self.options = options
    }

    func error(_ problem: String) -> SerializationError {
        .pickle(file: file, offset: opcodeOffset, opcode: opcodeName, problem: problem)
    }

    mutating func run() throws -> PickleValue {
        guard reader.offset >= 0, reader.offset <= reader.bytes.count else {
            throw error("start offset \(reader.offset) is outside the \(reader.bytes.count)-byte data")
        }
        do {
            while true {
                opcodeOffset = reader.offset
                opcodeName = nil
                guard !reader.isAtEnd else { throw error("the stream ends before a STOP opcode (truncated pickle?)") }
                let code = try reader.byte()
                guard let op = PickleOpcode(rawValue: code) else {
                    throw error(String(format: "unknown opcode 0x%02x; not a pickle, or corrupt", code))
                }
                opcodeName = "\(op)"
                if op == .STOP {
                    let top = try pop()
                    do {
                        return try top.freeze()
                    } catch is PickleNode.TooDeep {
                        throw error("the value nests deeper than \(PickleNode.maximumDepth) levels or refers to itself")
                    }
                }
                try execute(op)
            }
        } catch let outOfBounds as ByteReader.OutOfBounds {
            throw error("truncated: needs \(outOfBounds.needed) byte(s) at offset \(outOfBounds.offset) "
                + "but the data ends at \(reader.bytes.count)")
        } catch is PickleNode.TooDeep {
            throw error("a value nests deeper than \(PickleNode.maximumDepth) levels or refers to itself")
        }
    }

    // MARK: Stack helpers

    mutating func push(_ node: PickleNode) { stack.append(node) }
    mutating func push(_ value: PickleValue) { stack.append(.value(value)) }

    mutating func pop() throws -> PickleNode {
        if let mark = marks.last, stack.count <= mark { throw error("stack underflow (only a MARK is left)") }
        guard let top = stack.popLast() else { throw error("stack underflow") }
        return top
    }

    func top() throws -> PickleNode {
        if let mark = marks.last, stack.count <= mark { throw error("stack underflow (only a MARK is left)") }
        guard let top = stack.last else { throw error("stack underflow") }
        return top
    }

    /// The items pushed since the last MARK, removing them and the mark.
    mutating func popMark() throws -> [PickleNode] {
        guard let mark = marks.popLast() else { throw error("no MARK on the stack") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    func frozen(_ node: PickleNode) throws -> PickleValue { try node.freeze() }

    mutating func memoPut(_ index: Int) throws {
        guard index >= 0 else { throw error("negative memo index \(index)") }
        memo[index] = try top()
    }

    mutating func memoGet(_ index: Int) throws {
        guard let node = memo[index] else { throw error("memo index \(index) was never stored") }
        push(node)
    }
}
