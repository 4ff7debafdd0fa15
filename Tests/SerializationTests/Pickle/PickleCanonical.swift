import Serialization

/// The canonical text of `Fixtures/pickle_reference.py`'s `render`, computed from a Swift `PickleValue`:
/// floats as IEEE-754 bit patterns, strings as UTF-8 hex, bytes as hex, dicts in order, sets sorted, numpy arrays
/// as `nd(dtype,shape,order,[C-order values])`, objects as `obj:module.Name(args){kwargs}{state}`.
enum PickleCanonical {
    static func render(_ v: PickleValue) -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return "i:\(i)"
        case .float(let d): return float(d)
        case .string(let s): return "s:" + hex(Array(s.utf8))
        case .bytes(let b): return "b:" + hex(b)
        case .list(let items): return "[" + items.map(render).joined(separator: ",") + "]"
        case .tuple(let items): return "(" + items.map(render).joined(separator: ",") + ")"
        case .dict(let d): return dict(d)
        case .set(let items): return "set{" + items.map(render).sorted().joined(separator: ",") + "}"
        case .global(let m, let n): return "global:\(m).\(n)"
        case .object(let callable, var arguments, let state):
            if NumpyArray.isArray(v) { return array(try! NumpyArray(pickled: v)) }
            // NEWOBJ_EX keywords arrive as a trailing dict argument.
            var kwargs = PickleDictionary()
            if case .dict(let d)? = arguments.last { kwargs = d; arguments.removeLast() }
            return "obj:\(callable.globalName!)" + render(.tuple(arguments)) + dict(kwargs)
                + render(state ?? .dict(PickleDictionary()))
        }
    }

    static func array(_ a: NumpyArray) -> String {
            let values: [String]
            switch a.elements {
            case .floats: values = a.doubles!.map(float)
            case .integers, .bools:
                values = a.dtype == .bool ? a.integers!.map { $0 != 0 ? "True" : "False" } : a.integers!.map { "i:\($0)" }
            case .objects(let o): values = a.cOrderObjects(o).map(render)
            }
            let order = a.isFortranOrder && a.shape.count > 1 ? "F" : "C"
            return "nd(\(a.dtype.rawValue),\(a.shape.map(String.init).joined(separator: ",")),\(order),["
                + values.joined(separator: ",") + "])"
    }

    static func dict(_ d: PickleDictionary) -> String {
        "{" + d.map { render($0) + ":" + render($1) }.joined(separator: ",") + "}"
    }

    static func float(_ d: Double) -> String {
        let hexDigits = String(d.bitPattern, radix: 16)
        return "f:" + String(repeating: "0", count: 16 - hexDigits.count) + hexDigits
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

extension NumpyArray {
    /// Object elements in C order (test helper; object arrays in the fixtures are 1-D).
    func cOrderObjects(_ o: [PickleValue]) -> [PickleValue] { o }
}
