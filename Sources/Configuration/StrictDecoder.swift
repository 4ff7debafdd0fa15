/// A config enum's name for its values in error messages: `unknown re-ranker 'difusion'` instead of the default
/// `unknown value 'difusion'`. Adopt it on the `Kind` enums of config types.
public protocol ConfigurationValueNaming {
    /// A lower-case noun, e.g. `re-ranker`, `descriptor`, `reduction step`.
    static var configurationNoun: String { get }
}

/// Strict decoding of any `Decodable` from a `ConfigurationNode` tree. Unlike Yams' `YAMLDecoder` (which ignores
/// keys a type does not read), every problem is one error naming `file:line:col` and the key path:
///
/// - **Unknown key** — a key of a mapping that the type never asked for (`decode`, `decodeIfPresent`, `contains`,
///   nested containers). The valid keys listed and searched for "Did you mean" are the type's `CodingKeys` when they
///   are `CaseIterable` — **the project convention: declare every `CodingKeys` enum `CaseIterable`** — else the keys
///   the type asked for. A declared key the type did not ask for (a parameter of another `kind`) is reported as
///   "does not apply here". Checked for every mapping at every depth, including elements of lists.
/// - **Wrong type** — `expected an integer, found 'abc'` (also `a non-negative integer`, `an integer between A and
///   B`, `a number`, `a boolean (true or false)`, `a string`, `a mapping`, `a list`).
/// - **Missing required key** — pointing at the key that opens the section; when an unknown key of that mapping is
///   a near miss of the missing one (`alpah` for `alpha`) the single error is that unknown key, with the suggestion.
/// - **Invalid enum value** — for `CaseIterable` enums with `String` raw values: the known raw values in
///   declaration order, a suggestion, and the noun of `ConfigurationValueNaming`.
/// - **Semantic problems** — a type throws `ConfigurationError.invalid(at: codingPath, …)` and the decoder adds the
///   location; any other error thrown by a type is reported at the value being decoded.
///
/// Unknown keys do not stop decoding: all of them, plus the first error that does, are thrown together
/// (`ConfigurationError.multiple`, sorted by location) — one error per problem.
///
/// Scalars: a `String` accepts any non-null scalar as written; integers need an integer scalar that fits the type
/// (`16.0` is not an integer); `Double`/`Float` accept integers and floats; `Bool` needs a YAML boolean. A null
/// value (`key:` or `key: ~`) counts as absent for `decodeIfPresent`. Types should not probe with `try?` (a failed
/// probe can leave unknown-key reports behind).
///
/// ## Config enums with `kind:` and per-kind parameters
/// Write the enum with a `CodingKeys` of just `kind`, decode the `Kind` (a `String`, `CaseIterable` enum adopting
/// `ConfigurationValueNaming`), then hand **the same decoder** to the case's parameter struct, whose own
/// `CaseIterable` `CodingKeys` lists `kind` plus its parameters. Unknown-key checking then knows exactly the keys of
/// the chosen kind: a parameter of another kind is an unknown key with the right "Known:" list.
///
///     public enum RerankStep: Decodable {
///         case aqe(AverageQueryExpansionConfig)
///         public enum Kind: String, Decodable, CaseIterable, ConfigurationValueNaming {
///             case aqe, alphaqe
///             public static let configurationNoun = "re-ranker"
///         }
///         enum CodingKeys: String, CodingKey, CaseIterable { case kind }
///         public init(from decoder: any Decoder) throws {
///             switch try decoder.container(keyedBy: CodingKeys.self).decode(Kind.self, forKey: .kind) {
///             case .aqe: self = .aqe(try AverageQueryExpansionConfig(from: decoder))
///             …
///     public struct AverageQueryExpansionConfig: Decodable {
///         public var k: Int
///         enum CodingKeys: String, CodingKey, CaseIterable { case kind, k }   // `kind` is read by the enum
///
/// A single `CodingKeys` for all kinds also works (a key of another kind is then reported as "does not apply
/// here"). `Tests/ConfigurationTests/KindConfigTests.swift` is the worked example.
public struct StrictDecoder {
    /// Passed to every `Decoder` as `userInfo`.
    public var userInfo: [CodingUserInfoKey: Any]

    public init(userInfo: [CodingUserInfoKey: Any] = [:]) {
        self.userInfo = userInfo
    }

    /// Decodes `type` from `root`; throws `ConfigurationError` (`.multiple` for several problems).
    public func decode<T: Decodable>(_ type: T.Type, from root: ConfigurationNode) throws -> T {
        let session = DecodingSession(root: root, userInfo: userInfo)
        var thrown: ConfigurationError?
        var value: T?
        do {
            value = try session.decode(T.self, node: root, path: ConfigurationPath(), codingPath: [],
                                       anchor: root.location)
        } catch let error as ConfigurationError {
            thrown = error
        } catch {
            thrown = .invalidValue(root.location, path: "", problem: "\(error)", expected: nil, hint: nil)
        }
        if let error = ConfigurationError.combine(session.problems + (thrown.map { [$0] } ?? [])) { throw error }
        return value!
    }
}

extension Decoder {
    /// Where the value being decoded was written, when decoding through `StrictDecoder`; nil otherwise.
    public var configurationLocation: ConfigurationLocation? {
        (self as? NodeDecoder)?.node.location
    }
}

/// State shared by all decoders of one `StrictDecoder.decode` call.
final class DecodingSession {
    let root: ConfigurationNode
    let userInfo: [CodingUserInfoKey: Any]
    /// Unknown/unused keys found so far (they do not stop decoding).
    var problems: [ConfigurationError] = []

    init(root: ConfigurationNode, userInfo: [CodingUserInfoKey: Any]) {
        self.root = root
        self.userInfo = userInfo
    }

    /// Decodes one value at `node`. `anchor` is where problems with the value itself are reported: the key that
    /// introduced it (see `ConfigurationNode.Entry.anchor`), or the node itself in lists and at the root.
    func decode<T: Decodable>(_ type: T.Type, node: ConfigurationNode, path: ConfigurationPath,
                              codingPath: [any CodingKey], anchor: ConfigurationLocation) throws -> T {
        if let value = try ScalarDecoding.decode(T.self, node: node, path: path, at: anchor) { return value }
        if let known = ScalarDecoding.rawValues(of: T.self) {
            guard let scalar = node.scalar, scalar.kind != .null else {
                throw ConfigurationError.typeMismatch(anchor, path: path.description,
                                                      expected: "one of \(known.joined(separator: ", "))",
                                                      found: node.foundDescription)
            }
            if !known.contains(scalar.text) {
                let noun = (T.self as? any ConfigurationValueNaming.Type)?.configurationNoun ?? "value"
                throw ConfigurationError.unknownValue(
                    anchor, path: path.description, noun: noun, value: scalar.text,
                    suggestion: NearestName.suggestion(for: scalar.text, among: known), known: known)
            }
        }
        let decoder = NodeDecoder(node: node, path: path, codingPath: codingPath, anchor: anchor, session: self)
        let value: T
        do {
            value = try T(from: decoder)
        } catch {
            throw locate(error, in: decoder)
        }
        decoder.checkKeys()
        return value
    }

    /// Gives an error thrown while decoding at `decoder` its location (innermost first; located errors pass).
    func locate(_ error: any Error, in decoder: NodeDecoder) -> ConfigurationError {
        switch error {
        case let error as ConfigurationError:
            guard case .invalidValue(nil, let path, let problem, let expected, let hint) = error else { return error }
            let location = ConfigurationPath(parsing: path).map { root.location(of: $0) } ?? decoder.node.location
            return .invalidValue(location, path: path, problem: problem, expected: expected, hint: hint)
        case let error as DecodingError:
            return convert(error, decoder: decoder)
        default:
            return .invalidValue(decoder.node.location, path: decoder.path.description, problem: "\(error)",
                                 expected: nil, hint: nil)
        }
    }

    private func convert(_ error: DecodingError, decoder: NodeDecoder) -> ConfigurationError {
        func at(_ context: DecodingError.Context) -> (ConfigurationLocation, ConfigurationPath, ConfigurationNode?) {
            let path = ConfigurationPath(codingPath: context.codingPath)
            return (root.location(of: path), path, root.node(at: path))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let (location, path, _) = at(context)
            return .missingKey(location, path: path.description, key: key.stringValue)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let (location, path, node) = at(context)
            return .typeMismatch(location, path: path.description, expected: "\(type)",
                                 found: node?.foundDescription ?? "nothing")
        case .dataCorrupted(let context):
            let (location, path, _) = at(context)
            return .invalidValue(location, path: path.description, problem: context.debugDescription,
                                 expected: nil, hint: nil)
        @unknown default:
            return .invalidValue(decoder.node.location, path: decoder.path.description, problem: "\(error)",
                                 expected: nil, hint: nil)
        }
    }
}

/// Which keys of a mapping a type declared (its `CaseIterable` `CodingKeys`) and asked for.
final class KeyUsage {
    private(set) var declared: [String] = []
    private(set) var asked: [String] = []
    private var declaredSet: Set<String> = []
    private var askedSet: Set<String> = []
    var keyed = false
    var allKeysRead = false
    /// Decoders of nested containers / super decoders, checked with their parent.
    var children: [NodeDecoder] = []

    func declare<Key: CodingKey>(_: Key.Type) {
        keyed = true
        guard let cases = Key.self as? any CaseIterable.Type else { return }
        for name in Self.names(cases) where declaredSet.insert(name).inserted { declared.append(name) }
    }

    private static func names<C: CaseIterable>(_: C.Type) -> [String] {
        C.allCases.compactMap { ($0 as? any CodingKey)?.stringValue }
    }

    func ask(_ key: String) {
        if askedSet.insert(key).inserted { asked.append(key) }
    }

    func isDeclared(_ key: String) -> Bool { declaredSet.contains(key) }
    func isAsked(_ key: String) -> Bool { askedSet.contains(key) }

    /// The valid keys for messages: the declared ones, else those asked for.
    var known: [String] { declared.isEmpty ? asked : declared }
}
