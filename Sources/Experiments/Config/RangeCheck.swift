import Configuration

/// The declared range of every numeric config key, checked as it is decoded, so that no user value reaches a
/// `precondition` (or silently changes meaning). A value outside its range is
/// `file:line:col: key.path: <key> = <value> is out of range; expected <range>.`
extension KeyedDecodingContainer {
    /// The value of `key` (or `defaultValue` when absent), required to satisfy `isValid`; `expected` states the range.
    func decode<T: Decodable & Sendable>(_ type: T.Type, forKey key: Key, default defaultValue: T, expected: String,
                                         where isValid: (T) -> Bool) throws -> T {
        let value = try decodeIfPresent(type, forKey: key) ?? defaultValue
        try check(value, forKey: key, expected: expected, isValid)
        return value
    }

    /// Like `decode(_:forKey:default:expected:where:)` for a required key.
    func decode<T: Decodable & Sendable>(_ type: T.Type, forKey key: Key, expected: String,
                                         where isValid: (T) -> Bool) throws -> T {
        let value = try decode(type, forKey: key)
        try check(value, forKey: key, expected: expected, isValid)
        return value
    }

    /// Throws the out-of-range error for `key` unless `isValid(value)`.
    func check<T>(_ value: T, forKey key: Key, expected: String, _ isValid: (T) -> Bool) throws {
        guard !isValid(value) else { return }
        let shown = (value as? Double).map(formatParameter) ?? "\(value)"
        throw ConfigurationError.invalid(at: codingPath + [key], "\(key.stringValue) = \(shown) is out of range",
                                         expected: expected)
    }
}

/// Common ranges.
enum ValidRange {
    /// A finite x with lower < x ≤ upper.
    static func open(_ lower: Double, closed upper: Double) -> (Double) -> Bool {
        { $0.isFinite && $0 > lower && $0 <= upper }
    }

    /// A finite x with lower ≤ x ≤ upper.
    static func closed(_ lower: Double, _ upper: Double) -> (Double) -> Bool {
        { $0.isFinite && $0 >= lower && $0 <= upper }
    }
}
