extension PickleMachine {
    /// REDUCE / NEWOBJ / NEWOBJ_EX / INST / OBJ: `callable(*arguments, **keywords)` under the resolution rules.
    func construct(_ callable: PickleNode, arguments: [PickleNode], keywords: PickleNode?) throws -> PickleNode {
        guard case .value(.global(let module, let name)) = callable else {
            throw error("the callable must be a global (GLOBAL/STACK_GLOBAL), found \(callable.kindName)")
        }
        let global = PickleGlobal(module: module, name: name)
        let constructor = options.resolveClass?(global) ?? PickleMachine.builtinConstructor(global)
        switch constructor {
        case .dictionary:
            let box = PickleNode.DictBox()
            if let first = arguments.first {
                for pair in try frozen(first).elements ?? [] {
                    guard let kv = pair.elements, kv.count == 2 else {
                        throw error("\(global) expects (key, value) pairs, found \(pair.kindName)")
                    }
                    box.set(kv[0], .value(kv[1]))
                }
            }
            return .dict(box)
        case .list:
            if let first = arguments.first, case .list(let box) = first { return .list(.init(box.items)) }
            return .list(.init(try arguments.first.map { try frozen($0).elements ?? [] }?.map { .value($0) } ?? []))
        case .function(let function):
            do {
                return .value(try function(try arguments.map(frozen)))
            } catch let e as SerializationError {
                throw e
            } catch let e as PickleCallError {
                throw error("\(global): \(e.problem)")
            }
        case .object:
            if global == PickleGlobal(module: "copyreg", name: "_reconstructor") {
                // copyreg._reconstructor(cls, base, state): a bare instance of cls (protocols 0 and 1).
                guard let first = arguments.first, case .value(.global(let m, let n)) = first else {
                    throw error("copyreg._reconstructor expects a class as its first argument")
                }
                return .object(.init(callable: PickleGlobal(module: m, name: n), args: []))
            }
            if global == PickleGlobal(module: "copyreg", name: "__newobj__"), let first = arguments.first,
               case .value(.global(let m, let n)) = first {
                return .object(.init(callable: PickleGlobal(module: m, name: n), args: Array(arguments.dropFirst())))
            }
            let kwargs = PickleNode.DictBox()
            if let keywords {
                guard case .dict(let box) = keywords else {
                    throw error("NEWOBJ_EX keyword arguments must be a dict, found \(keywords.kindName)")
                }
                for (k, v) in zip(box.keys, box.values) { kwargs.set(k, v) }
            }
            return .object(.init(callable: global, args: arguments, kwargs: kwargs))
        }
    }

    /// BUILD: sets an object's state (`__setstate__` / `__dict__.update`).
    func build(_ target: PickleNode, state: PickleNode) throws {
        switch target {
        case .object(let box):
            box.state = state
        case .dict, .list, .value, .set, .tuple:
            // Attributes of dict / list subclasses (OrderedDict's `_metadata` in torch state dicts) and of values
            // produced by a `.function` constructor are not represented; the container contents are kept.
            break
        }
    }

    func appendItems(_ items: [PickleNode], to target: PickleNode) throws {
        switch target {
        case .list(let box): box.items += items
        case .object(let box): box.listItems.items += items
        default: throw error("APPEND(S) needs a list, found \(target.kindName)")
        }
    }

    func dictTarget(_ node: PickleNode) throws -> PickleNode.DictBox {
        switch node {
        case .dict(let box): return box
        case .object(let box): return box.dictItems
        default: throw error("SETITEM(S) needs a dict, found \(node.kindName)")
        }
    }

    func setItems(_ items: [PickleNode], in box: PickleNode.DictBox) throws {
        guard items.count % 2 == 0 else { throw error("odd number of items (\(items.count)) for key/value pairs") }
        for i in stride(from: 0, to: items.count, by: 2) {
            box.set(try frozen(items[i]), items[i + 1])
        }
    }

    /// Rules for the standard-library and numpy callables real pickles use.
    static func builtinConstructor(_ global: PickleGlobal) -> PickleConstructor {
        switch (global.module, global.name) {
        case ("collections", "OrderedDict"), ("builtins", "dict"), ("collections", "defaultdict"):
            return .dictionary
        case ("builtins", "list"):
            return .list
        case ("builtins", "set"), ("builtins", "frozenset"):
            return .function { args in .set(try args.first.map { try PickleCallError.elements($0) } ?? []) }
        case ("builtins", "bytes"), ("builtins", "bytearray"), ("_codecs", "encode"):
            return .function(pythonBytes)
        case ("builtins", "tuple"):
            return .function { args in .tuple(try args.first.map { try PickleCallError.elements($0) } ?? []) }
        default:
            if NumpyArray.isScalar(global) { return .function(NumpyArray.scalar) }
            return .object
        }
    }

    /// `bytes(...)`, `bytearray(...)`, `_codecs.encode(str, encoding)` as Python 3 pickles bytes in protocols < 3.
    @Sendable static func pythonBytes(_ args: [PickleValue]) throws -> PickleValue {
        guard let first = args.first else { return .bytes([]) }
        switch first {
        case .bytes(let b): return .bytes(b)
        case .list(let items):
            return .bytes(try items.map {
                guard let v = $0.int, (0...255).contains(v) else { throw PickleCallError("bytes must be in 0…255") }
                return UInt8(v)
            })
        case .string(let s):
            let encoding = args.count > 1 ? (args[1].string ?? "") : "utf-8"
            switch encoding.lowercased() {
            case "latin1", "latin-1", "iso-8859-1":
                return .bytes(try s.unicodeScalars.map {
                    guard $0.value < 256 else { throw PickleCallError("'\(encoding)' cannot encode U+\($0.value)") }
                    return UInt8($0.value)
                })
            case "utf-8", "utf8": return .bytes(Array(s.utf8))
            default: throw PickleCallError("unsupported encoding '\(encoding)'; expected latin1 or utf-8")
            }
        case .int(let n) where n >= 0 && n < 1 << 32: return .bytes([UInt8](repeating: 0, count: n))
        default: throw PickleCallError("cannot make bytes from \(first.kindName)")
        }
    }
}

/// A failure inside a constructor rule; the machine adds the file, offset and opcode.
public struct PickleCallError: Error {
    public let problem: String
    public init(_ problem: String) { self.problem = problem }

    static func elements(_ value: PickleValue) throws -> [PickleValue] {
        guard let e = value.elements else { throw PickleCallError("expected an iterable, found \(value.kindName)") }
        return e
    }
}
