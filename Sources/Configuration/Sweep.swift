/// One swept key's value in one combination of a sweep.
public struct SweepAssignment: Sendable, Hashable {
    /// The dotted key as written under `sweep:`, e.g. `descriptor.vocabulary.k`.
    public var key: String
    /// The key's label in the run name: its last key (`k`), or the whole dotted key when two swept keys share
    /// their last key.
    public var label: String
    /// The value in compact canonical form (see `Sweep.compactText`), e.g. `16`, `0.5`, `true`, `gem`.
    public var value: String
    /// The value's node, located in the `sweep:` list where it was written.
    public var node: ConfigurationNode
}

/// `sweep:` — a grid of runs over one configuration.
///
///     sweep:
///       descriptor.vocabulary.k: [16, 32, 64, 128]
///       descriptor.power: [1.0, 0.5]
///       zip:                          # optional: lists of equal length, advanced together as one factor
///         reduction[0].dims: [128, 256]
///         rerank[0].k: [1, 2]
///
/// Keys are dotted paths (`a.b.c`, indices as `reduction[0].dims`) that must already exist in the configuration
/// (after `extends:`); each maps to a list of values (any YAML value, which replaces the key's value). The runs
/// are the Cartesian product of the factors — each plain key one factor, each `zip:` group one factor — in file
/// order, the **first factor varying slowest** and values in list order (nested loops in the order written).
/// `[k, power]` above gives `k=16,power=1.0`, `k=16,power=0.5`, `k=32,power=1.0`, …
///
/// Every run's `name` is the configuration's `name` followed by its assignment,
/// `<name>[<label>=<value>,<label>=<value>,…]` in factor order (zip keys in their order), e.g.
/// `vlad-ablation[k=16,power=1.0]`; labels are last keys unless two swept keys share one, values are
/// `Sweep.compactText`. The resolved tree's `name` value is replaced by that name.
enum Sweep {
    struct Expansion {
        var root: ConfigurationNode
        var assignment: [SweepAssignment]
    }

    /// One swept key with its values.
    private struct Axis {
        var key: String
        var path: ConfigurationPath
        var values: [ConfigurationNode]
    }

    /// The runs of `root` (which still holds its `sweep:` key); one run without assignment when there is none.
    static func expand(_ root: ConfigurationNode) throws -> [Expansion] {
        guard var entries = root.entries, let index = entries.firstIndex(where: { $0.key == "sweep" }) else {
            return [Expansion(root: root, assignment: [])]
        }
        let sweep = entries.remove(at: index)
        var base = root
        base.content = .mapping(entries)
        if sweep.value.isNull { return [Expansion(root: base, assignment: [])] }
        guard let sweepEntries = sweep.value.entries else {
            throw ConfigurationError.typeMismatch(sweep.value.location, path: "sweep",
                                                  expected: "a mapping of dotted keys to lists of values",
                                                  found: sweep.value.foundDescription)
        }
        var factors: [[Axis]] = []
        var seen: Set<ConfigurationPath> = []
        for entry in sweepEntries {
            var group: [Axis] = []
            if entry.key == "zip" {
                guard let zipEntries = entry.value.entries, !zipEntries.isEmpty else {
                    throw ConfigurationError.invalidSweep(entry.value.location, key: "zip", problem: "not a mapping",
                                                          expected: "a mapping of dotted keys to lists of equal length")
                }
                group = try zipEntries.map { try axis($0, in: base, seen: &seen) }
                if let bad = group.first(where: { $0.values.count != group[0].values.count }) {
                    let location = zipEntries.first { $0.key == bad.key }!.keyLocation
                    throw ConfigurationError.invalidSweep(
                        location, key: bad.key, problem: "\(bad.values.count) values but '\(group[0].key)' has "
                            + "\(group[0].values.count)", expected: "lists of equal length under zip")
                }
            } else {
                group = [try axis(entry, in: base, seen: &seen)]
            }
            factors.append(group)
        }
        let labels = labelsByKey(factors.flatMap { $0 })
        let baseName = base.entry("name")?.value.scalar?.text
        var expansions: [Expansion] = []
        for choice in combinations(factors.map { $0[0].values.count }) {
            var tree = base
            var assignment: [SweepAssignment] = []
            for (factor, valueIndex) in zip(factors, choice) {
                for axis in factor {
                    let value = axis.values[valueIndex]
                    tree = tree.replacing(at: axis.path.components[...], with: value)
                    assignment.append(SweepAssignment(key: axis.key, label: labels[axis.key]!,
                                                      value: compactText(value), node: value))
                }
            }
            if let nameEntry = tree.entry("name"), let baseName {
                let suffix = "[" + assignment.map { "\($0.label)=\($0.value)" }.joined(separator: ",") + "]"
                tree = tree.replacing(at: [.key("name")], with: ConfigurationNode(
                    .scalar(ConfigurationScalar(text: baseName + suffix, kind: .string)), at: nameEntry.value.location))
            }
            expansions.append(Expansion(root: tree, assignment: assignment))
        }
        return expansions
    }

    /// Index tuples of the Cartesian product, first position slowest.
    static func combinations(_ counts: [Int]) -> [[Int]] {
        var result: [[Int]] = [[]]
        for count in counts {
            result = result.flatMap { prefix in (0..<count).map { prefix + [$0] } }
        }
        return result
    }

    /// A value in one line for run names: scalars by their canonical text (strings unquoted), lists as `[a,b]`,
    /// mappings as `{k:v,…}` with sorted keys.
    static func compactText(_ node: ConfigurationNode) -> String {
        switch node.content {
        case .scalar(let s): s.canonicalText
        case .sequence(let items): "[" + items.map(compactText).joined(separator: ",") + "]"
        case .mapping(let entries):
            "{" + CanonicalText.sorted(entries).map { "\($0.key):\(compactText($0.value))" }
                .joined(separator: ",") + "}"
        }
    }

    private static func axis(_ entry: ConfigurationNode.Entry, in base: ConfigurationNode,
                             seen: inout Set<ConfigurationPath>) throws -> Axis {
        guard let path = ConfigurationPath(parsing: entry.key) else {
            throw ConfigurationError.invalidSweep(entry.keyLocation, key: entry.key, problem: "not a key path",
                                                  expected: "keys joined by '.', list indices as [i], e.g. "
                                                      + "reduction[0].dims")
        }
        guard seen.insert(path).inserted else {
            throw ConfigurationError.invalidSweep(entry.keyLocation, key: entry.key, problem: "swept twice",
                                                  expected: "each key once")
        }
        try requireExisting(path, key: entry.key, in: base, at: entry.keyLocation)
        guard case .sequence(let values) = entry.value.content else {
            throw ConfigurationError.invalidSweep(entry.value.location, key: entry.key,
                                                  problem: "found \(entry.value.foundDescription)",
                                                  expected: "a list of values, e.g. [16, 32, 64]")
        }
        guard !values.isEmpty else {
            throw ConfigurationError.invalidSweep(entry.value.location, key: entry.key, problem: "empty list",
                                                  expected: "at least one value")
        }
        return Axis(key: entry.key, path: path, values: values)
    }

    private static func requireExisting(_ path: ConfigurationPath, key: String, in root: ConfigurationNode,
                                        at location: ConfigurationLocation) throws {
        var node = root
        for (i, component) in path.components.enumerated() {
            if let next = node.child(component) {
                node = next
                continue
            }
            let parent = ConfigurationPath(Array(path.components[..<i])).description
            let missing = ConfigurationPath([component]).description
            var suggestion: String?
            if case .key(let k) = component {
                suggestion = NearestName.suggestion(for: k, among: node.entries?.map(\.key) ?? [])
            }
            throw ConfigurationError.sweepKeyNotFound(location, key: key, parent: parent, missing: missing,
                                                      suggestion: suggestion)
        }
    }

    /// Last keys as labels, the full key for labels that would collide.
    private static func labelsByKey(_ axes: [Axis]) -> [String: String] {
        var counts: [String: Int] = [:]
        for axis in axes { counts[axis.path.lastKey, default: 0] += 1 }
        var labels: [String: String] = [:]
        for axis in axes { labels[axis.key] = counts[axis.path.lastKey]! > 1 ? axis.key : axis.path.lastKey }
        return labels
    }
}
