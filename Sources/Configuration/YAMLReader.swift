import Yams

/// Composes YAML text with Yams (libYAML) into a `ConfigurationNode` tree whose locations name `file`.
/// The only place Yams' `Node` is read; everything else works on `ConfigurationNode`.
enum YAMLReader {
    /// The first document of `text`; an empty document is a null scalar at 1:1.
    static func read(_ text: String, file: String) throws -> ConfigurationNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw convert(error, file: file)
        }
        guard let root else {
            return ConfigurationNode(.scalar(ConfigurationScalar(text: "", kind: .null)),
                                     at: ConfigurationLocation(file: file, line: 1, column: 1))
        }
        return try convert(root, file: file, path: ConfigurationPath())
    }

    private static func location(_ mark: Mark?, _ file: String) -> ConfigurationLocation {
        ConfigurationLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func convert(_ node: Node, file: String, path: ConfigurationPath) throws -> ConfigurationNode {
        let here = location(node.mark, file)
        switch node {
        case .scalar(let scalar):
            return ConfigurationNode(.scalar(resolve(scalar, tag: node.tag.rawValue)), at: here)
        case .alias:
            // Yams dereferences aliases while composing; an alias node here has no value to read.
            throw ConfigurationError.syntax(here, problem: "unresolved alias")
        case .sequence(let sequence):
            var items: [ConfigurationNode] = []
            for (i, item) in sequence.enumerated() {
                items.append(try convert(item, file: file, path: path.appending(.index(i))))
            }
            return ConfigurationNode(.sequence(items), at: here)
        case .mapping(let mapping):
            var entries: [ConfigurationNode.Entry] = []
            for (keyNode, valueNode) in mapping {
                let keyLocation = location(keyNode.mark, file)
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConfigurationError.typeMismatch(keyLocation, path: path.description,
                                                          expected: "a plain key", found: "a \(kindName(keyNode))")
                }
                let key = keyScalar.string
                let value = try convert(valueNode, file: file, path: path.appending(key: key))
                entries.append(ConfigurationNode.Entry(key: key, keyLocation: keyLocation, value: value))
            }
            return ConfigurationNode(.mapping(entries), at: here)
        }
    }

    private static func kindName(_ node: Node) -> String {
        switch node {
        case .mapping: "mapping"
        case .sequence: "list"
        default: "scalar"
        }
    }

    /// YAML 1.1 resolution of a scalar by its (resolved) tag.
    private static func resolve(_ scalar: Node.Scalar, tag: String) -> ConfigurationScalar {
        let text = scalar.string
        switch Tag.Name(rawValue: tag) {
        case .int:
            let decimal = Int64.construct(from: scalar).map(String.init) ?? UInt64.construct(from: scalar).map(String.init)
            if let decimal { return ConfigurationScalar(text: text, kind: .integer(decimal: decimal)) }
            // Beyond 64 bits: still an integer (decoding reports it out of range); base 10 only.
            let digits = text.filter { $0 != "_" }.drop { $0 == "+" }
            if !digits.isEmpty, digits.dropFirst(digits.first == "-" ? 1 : 0).allSatisfy(\.isNumber) {
                return ConfigurationScalar(text: text, kind: .integer(decimal: String(digits)))
            }
        case .float:
            if let v = Double.construct(from: scalar) { return ConfigurationScalar(text: text, kind: .float(v)) }
        case .bool:
            if let v = Bool.construct(from: scalar) { return ConfigurationScalar(text: text, kind: .bool(v)) }
        case .null:
            return ConfigurationScalar(text: text, kind: .null)
        default:
            break
        }
        return ConfigurationScalar(text: text, kind: .string)
    }

    private static func convert(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line), column \($0.mark.column))" }
            return .syntax(location(mark, file), problem: detail ?? problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .duplicateKey(location(context.mark, file), path: "",
                                 key: duplicates.joined(separator: "', '"))
        case .reader(let problem, _, _, _):
            return .syntax(ConfigurationLocation(file: file, line: 1, column: 1), problem: problem)
        default:
            return .syntax(ConfigurationLocation(file: file, line: 1, column: 1), problem: "\(error)")
        }
    }
}
