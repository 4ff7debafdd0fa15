/// A Python value decoded from a pickle stream (see Python's `Lib/pickle.py` and `Lib/pickletools.py`).
///
/// Mapping from Python:
/// | Python | case |
/// |---|---|
/// | `None`, `bool`, `int` (fits in `Int`), `float` | `.none`, `.bool`, `.int`, `.float` |
/// | `str`; Python 2 `str` (STRING/BINSTRING) that is 7-bit ASCII | `.string` |
/// | `bytes`, `bytearray`; Python 2 `str` with bytes ≥ 0x80 | `.bytes` |
/// | `list`, `tuple`, `set` / `frozenset` | `.list`, `.tuple`, `.set` (insertion order) |
/// | `dict`, `collections.OrderedDict` | `.dict` (insertion order; a later equal key replaces the value) |
/// | numpy scalars (`numpy.core.multiarray.scalar`) | `.int`, `.float`, `.bool` |
/// | a class or function reference (GLOBAL / STACK_GLOBAL) not called | `.global` |
/// | any other instance: REDUCE / NEWOBJ / NEWOBJ_EX / INST / OBJ, then BUILD | `.object` |
/// | an instance of an unknown `dict` / `list` subclass (it received SETITEM(S) / APPEND(S)) | `.dict`, `.list` |
///
/// numpy arrays stay `.object`s of `numpy.core.multiarray._reconstruct` (or `numpy.core.numeric._frombuffer`);
/// `NumpyArray(pickled:)` decodes them. NEWOBJ_EX keyword arguments, when present, are the last argument (a dict).
public indirect enum PickleValue: Hashable, Sendable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([PickleValue])
    case tuple([PickleValue])
    case dict(PickleDictionary)
    case set([PickleValue])
    /// A class or function named by GLOBAL / STACK_GLOBAL (Python 2 module names mapped, see `PickleGlobal`).
    case global(module: String, name: String)
    /// `callable(*arguments)` (REDUCE, NEWOBJ, ...) with the BUILD state, if any. `callable` is a `.global`.
    case object(callable: PickleValue, arguments: [PickleValue], state: PickleValue?)

    /// A short name of the case, for error messages ("dict", "list", "numpy.ndarray", "object collections.Foo").
    public var kindName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .bytes: "bytes"
        case .list: "list"
        case .tuple: "tuple"
        case .dict: "dict"
        case .set: "set"
        case .global(let m, let n): "global \(m).\(n)"
        case .object(let callable, _, _): "object \(callable.globalName.map { "\($0)" } ?? "?")"
        }
    }

    // MARK: Convenience accessors (nil when the case differs)

    public var int: Int? {
        switch self {
        case .int(let v): v
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    /// `.float`, or `.int` converted exactly (ints beyond 2^53 round).
    public var double: Double? {
        switch self {
        case .float(let v): v
        case .int(let v): Double(v)
        default: nil
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements of a list, tuple or set.
    public var elements: [PickleValue]? {
        switch self {
        case .list(let e), .tuple(let e), .set(let e): e
        default: nil
        }
    }

    public var dictValue: PickleDictionary? {
        if case .dict(let d) = self { return d }
        return nil
    }

    /// `self[key]` for a dict with a string key.
    public subscript(key: String) -> PickleValue? {
        dictValue?[.string(key)]
    }

    /// The string keys of a dict, in insertion order.
    public var keys: [String]? {
        dictValue?.keys.compactMap(\.string)
    }

    /// The `module.name` of a `.global`, or of an `.object`'s callable.
    public var globalName: PickleGlobal? {
        switch self {
        case .global(let m, let n): PickleGlobal(module: m, name: n)
        case .object(let callable, _, _): callable.globalName
        default: nil
        }
    }

    /// The `.global` case for `g`.
    public static func global(_ g: PickleGlobal) -> PickleValue { .global(module: g.module, name: g.name) }
}

/// A `module.name` reference as written by GLOBAL / STACK_GLOBAL. Python 2 names are mapped to Python 3
/// (`__builtin__` → `builtins`, `copy_reg` → `copyreg`) as `Lib/_compat_pickle.py` does.
public struct PickleGlobal: Hashable, Sendable, CustomStringConvertible {
    public let module: String
    public let name: String

    public init(module: String, name: String) {
        self.module = PickleGlobal.python3Modules[module] ?? module
        self.name = name
    }

    public var description: String { "\(module).\(name)" }

    static let python3Modules = ["__builtin__": "builtins", "copy_reg": "copyreg", "cPickle": "pickle"]
}

/// An insertion-ordered dictionary with `PickleValue` keys (Python dicts preserve insertion order).
public struct PickleDictionary: Hashable, Sendable, Sequence {
    public private(set) var keys: [PickleValue] = []
    public private(set) var values: [PickleValue] = []
    private var index: [PickleValue: Int] = [:]

    public init() {}

    public init(_ pairs: [(PickleValue, PickleValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }

    /// The `(key, value)` pairs in insertion order.
    public var entries: [(key: PickleValue, value: PickleValue)] { zip(keys, values).map { ($0, $1) } }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: PickleValue) -> PickleValue? {
        get { index[key].map { values[$0] } }
        set {
            if let i = index[key] {
                if let newValue { values[i] = newValue } else { remove(at: i) }
            } else if let newValue {
                index[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    private mutating func remove(at i: Int) {
        keys.remove(at: i)
        values.remove(at: i)
        index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
    }

    public func makeIterator() -> Zip2Sequence<[PickleValue], [PickleValue]>.Iterator {
        zip(keys, values).makeIterator()
    }

    public static func == (a: PickleDictionary, b: PickleDictionary) -> Bool {
        a.keys == b.keys && a.values == b.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(values)
    }
}
