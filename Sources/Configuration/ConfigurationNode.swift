/// A YAML scalar after YAML 1.1 tag resolution (Yams' default resolver: `yes/no/on/off` are booleans, `0x10` and
/// `1_000` integers, `~` and the empty value null; quoted scalars are always strings). `text` is the value as written.
public struct ConfigurationScalar: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case string
        /// An integer; `decimal` is its canonical base-10 text (`0x10` → `16`, `+5` → `5`).
        case integer(decimal: String)
        case float(Double)
        case bool(Bool)
        case null
    }

    public var text: String
    public var kind: Kind

    public init(text: String, kind: Kind) {
        self.text = text
        self.kind = kind
    }

    /// The canonical text of the value: strings as written, integers in base 10, floats in Swift's shortest
    /// round-trip form (`0.50` → `0.5`, `1e3` → `1000.0`, `.inf`, `-.inf`, `.nan`), `true`/`false`, `null`.
    public var canonicalText: String {
        switch kind {
        case .string: text
        case .integer(let decimal): decimal
        case .float(let x): x.isNaN ? ".nan" : x.isInfinite ? (x < 0 ? "-.inf" : ".inf") : "\(x)"
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        }
    }
}

/// A configuration tree: the YAML document as Yams composed it, with every node remembering the file, line and
/// column where it was written (so values inherited through `extends:` still point at their own file). Mappings
/// keep their keys in file order; aliases are already dereferenced.
public struct ConfigurationNode: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(ConfigurationScalar)
        case mapping([Entry])
        case sequence([ConfigurationNode])
    }

    /// One `key: value` of a mapping; `keyLocation` is where the key was written.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var keyLocation: ConfigurationLocation
        public var value: ConfigurationNode

        public init(key: String, keyLocation: ConfigurationLocation, value: ConfigurationNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }

        /// Where a problem with this entry's value is reported: the key (`kind: difusion` → the `kind`), unless the
        /// value was written elsewhere — a sweep value, or a scalar on another line — then the value itself.
        public var anchor: ConfigurationLocation {
            guard value.location.file == keyLocation.file else { return value.location }
            if value.scalar != nil, value.location.line != keyLocation.line { return value.location }
            return keyLocation
        }
    }

    public var content: Content
    /// Where the node starts (for a block mapping: its first key).
    public var location: ConfigurationLocation

    public init(_ content: Content, at location: ConfigurationLocation) {
        self.content = content
        self.location = location
    }

    public var entries: [Entry]? {
        if case .mapping(let e) = content { return e }
        return nil
    }

    public var scalar: ConfigurationScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    public var isNull: Bool {
        if case .scalar(let s) = content, case .null = s.kind { return true }
        return false
    }

    /// The entry of a mapping with this key.
    public func entry(_ key: String) -> Entry? {
        entries?.first { $0.key == key }
    }

    /// The node at `path`, or nil when a component is missing.
    public func node(at path: ConfigurationPath) -> ConfigurationNode? {
        var node = self
        for component in path.components {
            guard let next = node.child(component) else { return nil }
            node = next
        }
        return node
    }

    func child(_ component: ConfigurationPath.Component) -> ConfigurationNode? {
        switch (component, content) {
        case (.key(let k), .mapping(let entries)): entries.first { $0.key == k }?.value
        case (.index(let i), .sequence(let items)) where i >= 0 && i < items.count: items[i]
        default: nil
        }
    }

    /// The location to report for `path`: the key where it was written, else (for a key that was not written,
    /// e.g. a default) the nearest written ancestor's key — the root's location for the empty path.
    public func location(of path: ConfigurationPath) -> ConfigurationLocation {
        var node = self
        var best = location
        for component in path.components {
            if case .key(let k) = component, let entry = node.entry(k) {
                best = entry.anchor
                node = entry.value
            } else if let next = node.child(component) {
                best = next.location
                node = next
            } else {
                break
            }
        }
        return best
    }

    /// A short description of what the node is, for "found …" in messages: `'abc'` for a scalar, `null`,
    /// `a mapping`, `a list`.
    var foundDescription: String {
        switch content {
        case .scalar(let s):
            if case .null = s.kind { return "null" }
            return "'\(s.text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// This node with `replacement` at `path` (which must exist).
    func replacing(at path: ArraySlice<ConfigurationPath.Component>, with replacement: ConfigurationNode)
        -> ConfigurationNode {
        guard let first = path.first else { return replacement }
        var copy = self
        switch (first, content) {
        case (.key(let k), .mapping(var entries)):
            if let i = entries.firstIndex(where: { $0.key == k }) {
                entries[i].value = entries[i].value.replacing(at: path.dropFirst(), with: replacement)
            }
            copy.content = .mapping(entries)
        case (.index(let i), .sequence(var items)) where i < items.count:
            items[i] = items[i].replacing(at: path.dropFirst(), with: replacement)
            copy.content = .sequence(items)
        default: break
        }
        return copy
    }
}
