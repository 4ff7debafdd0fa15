/// The text of a decoded configuration value with every default filled in — what a run actually computes with, as
/// opposed to `CanonicalText`, which is what the file says. Two configs that differ only in spelling out a default
/// (`p: 3` where 3 is the default) get the same text; a change of a default in the code changes it.
///
/// Rendered by reflection, deterministically: `Type(field: value, …)` for structs, classes and tuples in declaration
/// order; `.case` or `.case(payload)` for enums; `[a, b]` for arrays in order; sets and dictionaries sorted by their
/// rendered text; optionals as their value or `nil`; scalars by `String(reflecting:)` (strings quoted, floating point
/// in Swift's shortest round-trip form).
public enum DecodedText {
    public static func render(_ value: Any) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: Any, into out: inout String) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first { write(wrapped.value, into: &out) } else { out += "nil" }
        case .collection:
            out += "[" + mirror.children.map { render($0.value) }.joined(separator: ", ") + "]"
        case .set:
            out += "[" + mirror.children.map { render($0.value) }.sorted().joined(separator: ", ") + "]"
        case .dictionary:
            let entries = mirror.children.map { entry -> String in
                let pair = Array(Mirror(reflecting: entry.value).children)
                return render(pair[0].value) + ": " + render(pair[1].value)
            }
            out += "[" + (entries.isEmpty ? ":" : entries.sorted().joined(separator: ", ")) + "]"
        case .enum:
            if let payload = mirror.children.first {
                // A payload of several (or labelled) values is a tuple: rendered without a second pair of parentheses.
                let text = render(payload.value)
                let tuple = Mirror(reflecting: payload.value).displayStyle == .tuple
                out += ".\(payload.label ?? "?")" + (tuple ? text : "(" + text + ")")
            } else {
                out += ".\(value)"
            }
        case .struct, .class, .tuple:
            let name = mirror.displayStyle == .tuple ? "" : String(describing: type(of: value))
            out += name + "(" + mirror.children.map { child in
                (child.label.map { "\($0): " } ?? "") + render(child.value)
            }.joined(separator: ", ") + ")"
        default:
            out += String(reflecting: value)
        }
    }
}
