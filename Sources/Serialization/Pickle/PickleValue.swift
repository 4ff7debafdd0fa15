/// A value read from a Python pickle. Lists and dicts are reference types, as in Python, because a pickle fills
/// them after memoising them (`EMPTY_LIST`, `BINPUT`, …, `APPENDS`).
public indirect enum PickleValue: Sendable {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer wider than 64 bits (`LONG1`/`LONG4`), as little-endian two's-complement bytes.
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list(PickleList)
    case tuple([PickleValue])
    case dict(PickleDict)
    /// A class or function named by `GLOBAL` / `STACK_GLOBAL`.
    case global(module: String, name: String)
    /// The result of calling a global (`REDUCE`, `NEWOBJ`), with the state given by `BUILD`, if any.
    case object(callable: PickleValue, arguments: [PickleValue], state: PickleValue?)

    public var int: Int? { if case .int(let v) = self { v } else { nil } }
    public var double: Double? {
        switch self {
        case .float(let v): v
        case .int(let v): Double(v)
        default: nil
        }
    }
    public var string: String? { if case .string(let v) = self { v } else { nil } }
    /// The elements of a list or tuple.
    public var elements: [PickleValue]? {
        switch self {
        case .list(let l): l.items
        case .tuple(let t): t
        default: nil
        }
    }
    /// The value of a string key of a dict.
    public subscript(key: String) -> PickleValue? {
        guard case .dict(let d) = self else { return nil }
        return d.entries.first { $0.key.string == key }?.value
    }
    /// The string keys of a dict, in insertion order.
    public var keys: [String]? {
        guard case .dict(let d) = self else { return nil }
        return d.entries.compactMap { $0.key.string }
    }
}

public final class PickleList: @unchecked Sendable {
    public var items: [PickleValue]
    init(_ items: [PickleValue] = []) { self.items = items }
}

public final class PickleDict: @unchecked Sendable {
    public var entries: [(key: PickleValue, value: PickleValue)]
    init() { entries = [] }

    func set(_ key: PickleValue, _ value: PickleValue) {
        if let string = key.string, let i = entries.firstIndex(where: { $0.key.string == string }) {
            entries[i].value = value
        } else if let int = key.int, let i = entries.firstIndex(where: { $0.key.int == int }) {
            entries[i].value = value
        } else {
            entries.append((key, value))
        }
    }
}
