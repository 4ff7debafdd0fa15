/// The unpickler's working representation. Python containers are mutable and shared through the memo (a list is
/// memoised, then APPENDS fill it; BUILD sets an object's state after it was memoised), so containers live in
/// reference boxes while the stream runs and are frozen into `PickleValue`s at STOP.
enum PickleNode {
    case value(PickleValue)
    case tuple([PickleNode])
    case list(ListBox)
    case dict(DictBox)
    case set(ListBox)
    case object(ObjectBox)

    final class ListBox {
        var items: [PickleNode]
        init(_ items: [PickleNode] = []) { self.items = items }
    }

    final class DictBox {
        var keys: [PickleValue] = []
        var values: [PickleNode] = []
        var index: [PickleValue: Int] = [:]

        func set(_ key: PickleValue, _ value: PickleNode) {
            if let i = index[key] {
                values[i] = value
            } else {
                index[key] = keys.count
                keys.append(key)
                values.append(value)
            }
        }
    }

    final class ObjectBox {
        let callable: PickleGlobal
        let args: [PickleNode]
        let kwargs: DictBox
        var state: PickleNode?
        let listItems = ListBox()
        let dictItems = DictBox()

        init(callable: PickleGlobal, args: [PickleNode], kwargs: DictBox = DictBox()) {
            self.callable = callable
            self.args = args
            self.kwargs = kwargs
        }
    }

    /// Nesting deeper than this while freezing is reported as an error (it also catches self-references such as
    /// `l.append(l)`, which have no finite value).
    static let maximumDepth = 200

    struct TooDeep: Error {}

    func freeze(depth: Int = 0) throws -> PickleValue {
        guard depth < PickleNode.maximumDepth else { throw TooDeep() }
        switch self {
        case .value(let v):
            return v
        case .tuple(let items):
            return .tuple(try items.map { try $0.freeze(depth: depth + 1) })
        case .list(let box):
            return .list(try box.items.map { try $0.freeze(depth: depth + 1) })
        case .set(let box):
            var seen = Set<PickleValue>(), items: [PickleValue] = []
            for node in box.items {
                let v = try node.freeze(depth: depth + 1)
                if seen.insert(v).inserted { items.append(v) }
            }
            return .set(items)
        case .dict(let box):
            return .dict(try box.freeze(depth: depth))
        case .object(let box):
            return try box.freeze(depth: depth)
        }
    }

    var kindName: String {
        switch self {
        case .value(let v): v.kindName
        case .tuple: "tuple"
        case .list: "list"
        case .dict: "dict"
        case .set: "set"
        case .object(let box): "object \(box.callable)"
        }
    }
}

extension PickleNode.DictBox {
    func freeze(depth: Int) throws -> PickleDictionary {
        var result = PickleDictionary()
        for (k, v) in zip(keys, values) { result[k] = try v.freeze(depth: depth + 1) }
        return result
    }
}

extension PickleNode.ObjectBox {
    /// `.object(callable, arguments (+ keyword dict), state)`; an instance of an unknown dict / list subclass
    /// (it received SETITEM(S) / APPEND(S)) freezes to its contents.
    func freeze(depth: Int) throws -> PickleValue {
        if !dictItems.keys.isEmpty { return .dict(try dictItems.freeze(depth: depth)) }
        if !listItems.items.isEmpty { return .list(try listItems.items.map { try $0.freeze(depth: depth + 1) }) }
        var arguments = try args.map { try $0.freeze(depth: depth + 1) }
        if !kwargs.keys.isEmpty { arguments.append(.dict(try kwargs.freeze(depth: depth))) }
        return .object(callable: .global(callable), arguments: arguments, state: try state?.freeze(depth: depth + 1))
    }
}
