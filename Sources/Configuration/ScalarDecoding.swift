/// Decoding of the standard library's scalar types from `ConfigurationScalar`s, with the expected-type wording of
/// the error messages.
enum ScalarDecoding {
    /// The value when `T` is `String`, `Bool`, a fixed-width integer, `Double` or `Float`; nil for other types.
    static func decode<T>(_: T.Type, node: ConfigurationNode, path: ConfigurationPath,
                          at location: ConfigurationLocation) throws -> T? {
        if T.self == String.self { return try string(node, path, location) as? T }
        if T.self == Bool.self { return try bool(node, path, location) as? T }
        if T.self == Double.self { return try double(node, path, location) as? T }
        if T.self == Float.self { return Float(try double(node, path, location)) as? T }
        if let integerType = T.self as? any FixedWidthInteger.Type {
            return try integer(integerType, node, path, location) as? T
        }
        return nil
    }

    /// The `String` raw values of a `CaseIterable` enum, in declaration order; nil for other types.
    static func rawValues<T>(of _: T.Type) -> [String]? {
        guard let cases = T.self as? any CaseIterable.Type else { return nil }
        return rawValues(cases)
    }

    private static func rawValues<C: CaseIterable>(_: C.Type) -> [String]? {
        let values = C.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
        return values.count == C.allCases.count && !values.isEmpty ? values : nil
    }

    static func string(_ node: ConfigurationNode, _ path: ConfigurationPath,
                       _ location: ConfigurationLocation) throws -> String {
        guard let s = node.scalar, s.kind != .null else { throw mismatch(node, path, "a string", at: location) }
        return s.text
    }

    static func bool(_ node: ConfigurationNode, _ path: ConfigurationPath,
                       _ location: ConfigurationLocation) throws -> Bool {
        guard case .bool(let b)? = node.scalar?.kind else {
            throw mismatch(node, path, "a boolean (true or false)", at: location)
        }
        return b
    }

    static func double(_ node: ConfigurationNode, _ path: ConfigurationPath,
                       _ location: ConfigurationLocation) throws -> Double {
        switch node.scalar?.kind {
        case .float(let x)?: return x
        case .integer(let decimal)?: if let x = Double(decimal) { return x }
        default: break
        }
        throw mismatch(node, path, "a number", at: location)
    }

    static func integer<I: FixedWidthInteger>(_: I.Type, _ node: ConfigurationNode, _ path: ConfigurationPath,
                                              _ location: ConfigurationLocation) throws -> I {
        let expected = I.isSigned ? "an integer" : "a non-negative integer"
        guard case .integer(let decimal)? = node.scalar?.kind else {
            throw mismatch(node, path, expected, at: location)
        }
        if !I.isSigned, decimal.hasPrefix("-") { throw mismatch(node, path, expected, at: location) }
        guard let value = I(decimal) else {
            throw mismatch(node, path, "an integer between \(I.min) and \(I.max)", at: location)
        }
        return value
    }

    static func mismatch(_ node: ConfigurationNode, _ path: ConfigurationPath, _ expected: String,
                         at location: ConfigurationLocation) -> ConfigurationError {
        .typeMismatch(location, path: path.description, expected: expected, found: node.foundDescription)
    }
}
