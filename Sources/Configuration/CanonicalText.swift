/// The canonical serialisation of a resolved configuration tree, whose SHA-256 is the config hash of a run.
///
/// JSON with two-space indentation and `\n` line ends: mapping keys sorted by their UTF-8 bytes, lists in order,
/// scalars normalised by YAML 1.1 type (`ConfigurationScalar.canonicalText`): strings quoted and JSON-escaped,
/// integers in base 10 (`0x10`, `+16`, `1_6` → `16`), floats in Swift's shortest round-trip form (`0.50`, `5e-1`
/// → `0.5`; `1.0` stays `1.0`, distinct from the integer `1`), booleans `true`/`false` (`yes` → `true`), `null`;
/// non-finite floats as the bare words `.inf`, `-.inf`, `.nan` (the only departure from JSON). Comments, key order,
/// quoting style, anchors and the file layout (`extends:`) do not change it; any value change does.
public enum CanonicalText {
    public static func render(_ node: ConfigurationNode) -> String {
        var out = ""
        write(node, indent: "", into: &out)
        return out + "\n"
    }

    static func sorted(_ entries: [ConfigurationNode.Entry]) -> [ConfigurationNode.Entry] {
        entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    private static func write(_ node: ConfigurationNode, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch node.content {
        case .scalar(let s):
            if case .string = s.kind { out += quoted(s.text) } else { out += s.canonicalText }
        case .sequence(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                write(item, indent: inner, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .mapping(let entries):
            if entries.isEmpty { out += "{}"; return }
            out += "{\n"
            let ordered = sorted(entries)
            for (i, entry) in ordered.enumerated() {
                out += inner + quoted(entry.key) + ": "
                write(entry.value, indent: inner, into: &out)
                out += i + 1 < ordered.count ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`, `\r` or `\u00XX`.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
