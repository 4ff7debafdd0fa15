import Foundation

/// One run's configuration: a file after `extends:` merging and one combination of its `sweep:`.
public struct ResolvedConfiguration: Sendable {
    /// The file that was loaded.
    public var file: URL
    /// Its path as shown in messages (relative to the loader's display root when inside it).
    public var displayPath: String
    /// The loaded file's text as written.
    public var text: String
    /// Every file read: the loaded file first, then its `extends` bases in order, each with its text.
    public var sources: [ConfigurationSource]
    /// The run name: the config's `name` (else the file name without extension) plus the sweep suffix, e.g.
    /// `vlad-ablation[k=16,power=0.5]`.
    public var name: String
    /// This run's sweep values, in sweep order; empty without a sweep.
    public var assignment: [SweepAssignment]
    /// The resolved tree: bases merged, sweep values substituted, `name` suffixed, `extends`/`sweep` removed.
    public var root: ConfigurationNode
    /// `CanonicalText.render(root)`; the Experiments target hashes it (SHA-256) into the config hash.
    public var canonicalText: String

    init(file: URL, displayPath: String, sources: [ConfigurationSource], name: String,
         assignment: [SweepAssignment], root: ConfigurationNode) {
        self.file = file
        self.displayPath = displayPath
        self.text = sources.first?.text ?? ""
        self.sources = sources
        self.name = name
        self.assignment = assignment
        self.root = root
        self.canonicalText = CanonicalText.render(root)
    }

    /// Decodes the resolved tree strictly (see `StrictDecoder`).
    public func decode<T: Decodable>(_ type: T.Type = T.self,
                                     userInfo: [CodingUserInfoKey: Any] = [:]) throws -> T {
        try StrictDecoder(userInfo: userInfo).decode(type, from: root)
    }

    /// A semantic error found after decoding (e.g. by `validate`), located at `path` — the key where it was written
    /// (in whichever file of the `extends` chain), or its nearest written ancestor:
    ///
    ///     resolved.invalid(at: "reduction[0].dims", "512 exceeds the descriptor's 256 dimensions (vlad)")
    ///     // Configs/x.yaml:9:5: reduction[0].dims: 512 exceeds the descriptor's 256 dimensions (vlad).
    public func invalid(at path: String, _ problem: String, expected: String? = nil,
                        hint: String? = nil) -> ConfigurationError {
        let location = ConfigurationPath(parsing: path).map { root.location(of: $0) } ?? root.location
        return .invalidValue(location, path: path, problem: problem, expected: expected, hint: hint)
    }

    /// Fills in the location of unlocated errors (`ConfigurationError.invalid(at:…)` thrown outside decoding).
    public func locate(_ error: ConfigurationError) -> ConfigurationError {
        switch error {
        case .invalidValue(nil, let path, let problem, let expected, let hint):
            return invalid(at: path, problem, expected: expected, hint: hint)
        case .multiple(let errors):
            return .multiple(errors.map(locate))
        default:
            return error
        }
    }
}

/// Loads experiment configurations: YAML → `extends:` → `sweep:` → `ResolvedConfiguration`s.
public enum ConfigurationLoader {
    /// The runs of the configuration file at `url`: one, or one per sweep combination in sweep order.
    /// Paths in messages are relative to `displayRoot` (default: the current directory) when inside it.
    /// Throws `ConfigurationError` (unreadable file, YAML syntax, extends cycle or missing base, sweep problems).
    /// Type-level strictness is applied by `ResolvedConfiguration.decode`.
    /// `overrides` (`cbir run --set`) are applied after `extends:` and before `sweep:` (see `ConfigurationOverride`).
    public static func load(_ url: URL, displayRoot: URL? = nil,
                            overrides: [ConfigurationOverride] = []) throws -> [ResolvedConfiguration] {
        let root = displayRoot ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var resolver = InheritanceResolver(displayRoot: root)
        var tree = try resolver.load(url)
        for override in overrides { tree = try override.apply(to: tree) }
        let display = resolver.displayName(url)
        let defaultName = url.deletingPathExtension().lastPathComponent
        let sources = resolver.sources + (overrides.isEmpty ? [] : [ConfigurationSource(
            file: "--set", text: overrides.map { "\($0.key)=\($0.text)" }.joined(separator: "\n"))])
        let overridden = overrides.isEmpty ? ""
            : "[" + overrides.map { "\($0.path.lastKey)=\(Sweep.compactText($0.value))" }.joined(separator: ",") + "]"
        return try Sweep.expand(tree).map { expansion in
            var tree = expansion.root
            var name = tree.entry("name")?.value.scalar?.text ?? defaultName
            if tree.entry("name") == nil, !expansion.assignment.isEmpty {
                name += "[" + expansion.assignment.map { "\($0.label)=\($0.value)" }.joined(separator: ",") + "]"
            }
            name += overridden
            if !overridden.isEmpty, let entry = tree.entry("name") {
                tree = tree.replacing(at: [.key("name")], with: ConfigurationNode(
                    .scalar(ConfigurationScalar(text: name, kind: .string)), at: entry.value.location))
            }
            return ResolvedConfiguration(file: url.standardizedFileURL, displayPath: display, sources: sources,
                                         name: name, assignment: expansion.assignment, root: tree)
        }
    }

    /// Decodes one YAML document strictly (no `extends`/`sweep` processing): report specs, baselines.
    /// `file` is the name used in messages.
    public static func decodeYAML<T: Decodable>(_ type: T.Type = T.self, _ text: String, file: String,
                                                userInfo: [CodingUserInfoKey: Any] = [:]) throws -> T {
        try StrictDecoder(userInfo: userInfo).decode(type, from: try parse(text, file: file))
    }

    /// Decodes the YAML file at `url` strictly (no `extends`/`sweep` processing).
    public static func decodeYAML<T: Decodable>(_ type: T.Type = T.self, contentsOf url: URL,
                                                displayRoot: URL? = nil) throws -> T {
        let root = displayRoot ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let display = InheritanceResolver(displayRoot: root).displayName(url)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigurationError.unreadableFile(path: display, reason: "no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError.unreadableFile(path: display, reason: "not UTF-8 text")
        }
        return try decodeYAML(type, text, file: display)
    }

    /// The tree of one YAML document, located in `file`.
    public static func parse(_ text: String, file: String) throws -> ConfigurationNode {
        try YAMLReader.read(text, file: file)
    }
}
