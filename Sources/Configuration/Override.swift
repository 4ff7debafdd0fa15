/// `cbir run --set key=value`: a value given on the command line that replaces (or adds) one key of a configuration
/// after `extends:` and before `sweep:`, exactly as if it had been written in the file:
///
///     cbir run Configs/smvs-dvd/gem-effnet-all.yaml --set descriptor.p=5 --set 'rerank=[{kind: aqe, k: 2}]'
///
/// The value is YAML (`5`, `true`, `gem`, `[1, 2]`, `{kind: aqe, k: 2}`), typed and checked by the schema like any
/// value; its errors point at `--set <key>` (`--set descriptor.p:1:1: descriptor.p: p = 0.0 is not positive; …`).
/// The key path must lead to an existing mapping (a new last key is added, so defaults can be overridden without
/// writing them in the file). The run's name gets `[<last key>=<value>,…]` appended, as a sweep point's does, and
/// the overrides are part of the resolved configuration, hence of the run's identity.
public struct ConfigurationOverride: Sendable, Hashable {
    public var key: String
    public var path: ConfigurationPath
    /// The value's text as given and its parsed node (located at `--set <key>`).
    public var text: String
    public var value: ConfigurationNode

    /// Parses `key=value` (the first `=` separates them).
    public init(parsing argument: String) throws {
        guard let equals = argument.firstIndex(of: "=") else {
            throw ConfigurationError.invalidOverride(argument: argument, problem: "no '='",
                                                     expected: "key=value, e.g. descriptor.p=5")
        }
        key = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
        text = String(argument[argument.index(after: equals)...])
        guard let path = ConfigurationPath(parsing: key), !path.components.isEmpty else {
            throw ConfigurationError.invalidOverride(argument: argument, problem: "'\(key)' is not a key path",
                                                     expected: "keys joined by '.', list indices as [i], e.g. reduction[0].dims")
        }
        self.path = path
        value = try YAMLReader.read(text, file: "--set \(key)")
    }

    /// `tree` with the value at `path`: replacing an existing value, or added as a new key of an existing mapping.
    func apply(to tree: ConfigurationNode) throws -> ConfigurationNode {
        if tree.node(at: path) != nil { return tree.replacing(at: path.components[...], with: value) }
        let parentPath = ConfigurationPath(Array(path.components.dropLast()))
        guard case .key(let last) = path.components.last!, let parent = tree.node(at: parentPath),
              var entries = parent.entries else {
            var node = tree, missing = path.components[0], parentKeys: [String] = []
            for component in path.components {
                guard let next = node.child(component) else { missing = component; parentKeys = node.entries?.map(\.key) ?? []; break }
                node = next
            }
            var suggestion: String?
            if case .key(let k) = missing { suggestion = NearestName.suggestion(for: k, among: parentKeys) }
            throw ConfigurationError.invalidOverride(
                argument: "\(key)=\(text)", problem: "the configuration has no '\(ConfigurationPath([missing]).description)' there"
                    + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
                expected: "a key path inside an existing mapping of the configuration")
        }
        entries.append(ConfigurationNode.Entry(key: last, keyLocation: value.location, value: value))
        var replaced = parent
        replaced.content = .mapping(entries)
        return parentPath.components.isEmpty ? replaced : tree.replacing(at: parentPath.components[...], with: replaced)
    }
}
