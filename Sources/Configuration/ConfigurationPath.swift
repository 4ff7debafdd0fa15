/// A path into a configuration tree, written as in error messages and sweep keys: mapping keys joined by `.`,
/// sequence indices in brackets — `descriptor.vocabulary.k`, `reduction[0].dims`, `rerank[1].kind`. The root is the
/// empty path (rendered as the empty string).
public struct ConfigurationPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The path of a decoder's `codingPath`. Keys of unkeyed containers (`IndexCodingKey`, or keys named
    /// `Index N` with an integer value, as the standard library's) become indices.
    public init(codingPath: [any CodingKey]) {
        components = codingPath.map { key in
            if let index = key as? IndexCodingKey { return .index(index.index) }
            if let i = key.intValue, key.stringValue == "Index \(i)" { return .index(i) }
            return .key(key.stringValue)
        }
    }

    /// Parses `a.b[2].c`. Keys are non-empty runs of characters other than `.`, `[` and `]`; indices are decimal.
    /// Returns nil for malformed text (empty key, unclosed bracket, non-numeric index).
    public init?(parsing text: String) {
        var components: [Component] = []
        var chars = Substring(text)
        var expectKey = true
        while !chars.isEmpty {
            if chars.first == "[" {
                guard let close = chars.firstIndex(of: "]"),
                      let i = Int(chars[chars.index(after: chars.startIndex)..<close]), i >= 0 else { return nil }
                components.append(.index(i))
                chars = chars[chars.index(after: close)...]
                expectKey = false
            } else if chars.first == "." {
                guard !components.isEmpty else { return nil }
                chars = chars.dropFirst()
                expectKey = true
                guard !chars.isEmpty, chars.first != ".", chars.first != "[" else { return nil }
            } else {
                guard expectKey else { return nil }
                let end = chars.firstIndex { $0 == "." || $0 == "[" || $0 == "]" } ?? chars.endIndex
                guard end != chars.startIndex, chars[end...].first != "]" else { return nil }
                components.append(.key(String(chars[..<end])))
                chars = chars[end...]
                expectKey = false
            }
        }
        guard !components.isEmpty else { return nil }
        self.components = components
    }

    public func appending(_ component: Component) -> ConfigurationPath {
        ConfigurationPath(components + [component])
    }

    public func appending(key: String) -> ConfigurationPath { appending(.key(key)) }

    /// The last key of the path (`dims` for `reduction[0].dims`), or its rendering when it ends in an index.
    public var lastKey: String {
        if case .key(let k)? = components.last { return k }
        return description
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let k): text += text.isEmpty ? k : ".\(k)"
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }
}

/// The coding key of the strict decoder's unkeyed containers: element `index` of a sequence.
public struct IndexCodingKey: CodingKey, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public init?(intValue: Int) { self.index = intValue }
    public init?(stringValue: String) { return nil }
    public var intValue: Int? { index }
    public var stringValue: String { "Index \(index)" }
}

/// A coding key made from a string, for keys read from a mapping (e.g. by `allKeys`).
struct NameCodingKey: CodingKey {
    let stringValue: String
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
    var intValue: Int? { nil }
}
