/// A position in a configuration file: the file as displayed in messages (relative to the working directory when
/// inside it), and Yams' 1-based line and column (columns count Unicode scalars).
public struct ConfigurationLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: ConfigurationLocation, b: ConfigurationLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// Errors of the Configuration module. Every case carries where the problem was written and renders, through the
/// one `description` below, as `file:line:col: key.path: problem; expected X. hint`. The verbatim forms are listed
/// per case and tested in `Tests/ConfigurationTests`.
public enum ConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `path: cannot read the file (reason); check that it exists and is readable.`
    case unreadableFile(path: String, reason: String)
    /// `loc: invalid YAML: problem.` — a scanner/parser error of libYAML.
    case syntax(ConfigurationLocation, problem: String)
    /// `loc: path: duplicate key 'k'; each key may appear once in a mapping.`
    case duplicateKey(ConfigurationLocation, path: String, key: String)
    /// `loc: path: unknown key 'k'. Did you mean 'x'? Known: a, b.`
    case unknownKey(ConfigurationLocation, path: String, key: String, suggestion: String?, known: [String])
    /// A key the type declares but did not read here (it belongs to another `kind`):
    /// `loc: path: key 'k' does not apply here; remove it. Used here: a, b.`
    case unusedKey(ConfigurationLocation, path: String, key: String, used: [String])
    /// `loc: path: expected an integer, found 'abc'.`
    case typeMismatch(ConfigurationLocation, path: String, expected: String, found: String)
    /// `loc: path: missing required key 'k'; add it to this section.` (`loc` is where the section starts.)
    case missingKey(ConfigurationLocation, path: String, key: String)
    /// `loc: path: unknown re-ranker 'difusion'. Did you mean 'diffusion'? Known: aqe, alphaqe, dba, diffusion, sv.`
    case unknownValue(ConfigurationLocation, path: String, noun: String, value: String, suggestion: String?,
                      known: [String])
    /// A semantic problem reported by a config type (see `ConfigurationError.invalid(at:_:expected:hint:)`):
    /// `loc: path: problem; expected X. hint`. `location` is nil until the decoder or
    /// `ResolvedConfiguration.locate` fills it in from the path.
    case invalidValue(ConfigurationLocation?, path: String, problem: String, expected: String?, hint: String?)
    /// `loc: extends: cycle a.yaml → b.yaml → a.yaml; remove one of these extends.`
    case extendsCycle(ConfigurationLocation, chain: [String])
    /// `loc: extends: base file 'x.yaml' not found (chain: a.yaml → x.yaml); check the path, relative to a.yaml.`
    case missingBase(ConfigurationLocation, base: String, chain: [String])
    /// `loc: sweep: key 'a.b' does not exist in the configuration ('a' has no 'b'). Did you mean 'c'? Write the
    /// key in the configuration (with its default value) to sweep it.`
    case sweepKeyNotFound(ConfigurationLocation, key: String, parent: String, missing: String, suggestion: String?)
    /// `loc: sweep: 'a.b': problem; expected X.` — malformed sweep entries (not a list, empty, unequal zip lengths,
    /// unparsable key path).
    case invalidSweep(ConfigurationLocation, key: String, problem: String, expected: String)
    /// `--set 'key=value': problem; expected X.` — a command-line override that cannot be applied.
    case invalidOverride(argument: String, problem: String, expected: String)
    /// Several independent problems, one per line, sorted by location.
    case multiple([ConfigurationError])

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the file (\(reason)); check that it exists and is readable."
        case .syntax(let loc, let problem):
            return "\(loc): invalid YAML: \(problem)."
        case .duplicateKey(let loc, let path, let key):
            return "\(loc): \(Self.prefix(path))duplicate key '\(key)'; each key may appear once in a mapping."
        case .unknownKey(let loc, let path, let key, let suggestion, let known):
            return "\(loc): \(path): unknown key '\(key)'.\(Self.didYouMean(suggestion))"
                + (known.isEmpty ? " This section takes no keys." : " Known: \(known.joined(separator: ", ")).")
        case .unusedKey(let loc, let path, let key, let used):
            return "\(loc): \(path): key '\(key)' does not apply here; remove it. Used here: "
                + "\(used.joined(separator: ", "))."
        case .typeMismatch(let loc, let path, let expected, let found):
            return "\(loc): \(Self.prefix(path))expected \(expected), found \(found)."
        case .missingKey(let loc, let path, let key):
            return "\(loc): \(Self.prefix(path))missing required key '\(key)'; add it to this section."
        case .unknownValue(let loc, let path, let noun, let value, let suggestion, let known):
            return "\(loc): \(path): unknown \(noun) '\(value)'.\(Self.didYouMean(suggestion)) Known: "
                + "\(known.joined(separator: ", "))."
        case .invalidValue(let loc, let path, let problem, let expected, let hint):
            let head = loc.map { "\($0): " } ?? ""
            return head + Self.prefix(path) + problem + (expected.map { "; expected \($0)" } ?? "") + "."
                + (hint.map { " \($0)" } ?? "")
        case .extendsCycle(let loc, let chain):
            return "\(loc): extends: cycle \(chain.joined(separator: " → ")); remove one of these extends."
        case .missingBase(let loc, let base, let chain):
            let from = chain.count >= 2 ? chain[chain.count - 2] : "the including file"
            return "\(loc): extends: base file '\(base)' not found (chain: \(chain.joined(separator: " → "))); "
                + "check the path, relative to \(from)."
        case .sweepKeyNotFound(let loc, let key, let parent, let missing, let suggestion):
            let owner = parent.isEmpty ? "the configuration" : "'\(parent)'"
            return "\(loc): sweep: key '\(key)' does not exist in the configuration (\(owner) has no "
                + "'\(missing)').\(Self.didYouMean(suggestion)) Write the key in the configuration (with its "
                + "default value) to sweep it."
        case .invalidSweep(let loc, let key, let problem, let expected):
            return "\(loc): sweep: '\(key)': \(problem); expected \(expected)."
        case .invalidOverride(let argument, let problem, let expected):
            return "--set '\(argument)': \(problem); expected \(expected)."
        case .multiple(let errors):
            return errors.map(\.description).joined(separator: "\n")
        }
    }

    /// The individual problems (one for a single error).
    public var problems: [ConfigurationError] {
        if case .multiple(let errors) = self { return errors.flatMap(\.problems) }
        return [self]
    }

    /// The location the error points at, if any.
    public var location: ConfigurationLocation? {
        switch self {
        case .unreadableFile, .multiple, .invalidOverride: nil
        case .syntax(let l, _), .duplicateKey(let l, _, _), .unknownKey(let l, _, _, _, _), .unusedKey(let l, _, _, _),
             .typeMismatch(let l, _, _, _), .missingKey(let l, _, _), .unknownValue(let l, _, _, _, _, _),
             .extendsCycle(let l, _), .missingBase(let l, _, _), .sweepKeyNotFound(let l, _, _, _, _),
             .invalidSweep(let l, _, _, _):
            l
        case .invalidValue(let l, _, _, _, _): l
        }
    }

    /// The hook for semantic validation by config types: throw this from `init(from:)` (or from a later validation
    /// step) and the strict decoder fills in the file, line and column of `codingPath` (the nearest written ancestor
    /// when the key itself was not written, e.g. a default).
    ///
    ///     throw ConfigurationError.invalid(at: container.codingPath + [CodingKeys.dims],
    ///                                      "\(dims) exceeds the descriptor's \(d) dimensions")
    public static func invalid(at codingPath: [any CodingKey], _ problem: String, expected: String? = nil,
                               hint: String? = nil) -> ConfigurationError {
        .invalidValue(nil, path: ConfigurationPath(codingPath: codingPath).description, problem: problem,
                      expected: expected, hint: hint)
    }

    /// One error for a list of problems: nil when empty, the problem itself when single, else `.multiple` sorted by
    /// location (stable).
    static func combine(_ errors: [ConfigurationError]) -> ConfigurationError? {
        let flat = errors.flatMap(\.problems)
        if flat.count <= 1 { return flat.first }
        let sorted = flat.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }
        return .multiple(sorted.map(\.element))
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " Did you mean '\($0)'?" } ?? ""
    }

    private static func prefix(_ path: String) -> String {
        path.isEmpty ? "" : "\(path): "
    }
}
