import Foundation

/// A file read while loading a configuration: its display path and its text as written.
public struct ConfigurationSource: Sendable, Hashable {
    public var file: String
    public var text: String
}

/// `extends: <path>` — a configuration names a base file, relative to its own directory. The base is loaded
/// (recursively) and the two trees are merged:
/// - mappings deep-merge key by key, the child winning; keys keep the base's order, new child keys follow;
/// - sequences and scalars are replaced as a whole by the child's;
/// - a child value of `null` (`key: ~` or `key:`) removes the base's key (it reverts to the type's default).
/// Every node keeps the file, line and column where it was written, so an error in an inherited value points into
/// the base file. A cycle or a missing base is an error at the `extends:` value naming the whole chain.
struct InheritanceResolver {
    /// Directory that display paths are made relative to.
    let displayRoot: URL
    /// Every file read, the requested file first, then its bases in `extends` order.
    private(set) var sources: [ConfigurationSource] = []

    init(displayRoot: URL) {
        self.displayRoot = displayRoot.standardizedFileURL
    }

    /// `url`'s path relative to `displayRoot` when inside it, else absolute.
    func displayName(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let root = displayRoot.path.hasSuffix("/") ? displayRoot.path : displayRoot.path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    /// The merged tree of `url` and its bases, without `extends` keys.
    mutating func load(_ url: URL, chain: [URL] = []) throws -> ConfigurationNode {
        let url = url.standardizedFileURL
        let display = displayName(url)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError.unreadableFile(path: display, reason: Self.reason(error, url: url))
        }
        sources.append(ConfigurationSource(file: display, text: text))
        var root = try YAMLReader.read(text, file: display)
        guard var entries = root.entries else {
            throw ConfigurationError.typeMismatch(root.location, path: "", expected: "a mapping of configuration keys",
                                                  found: root.foundDescription)
        }
        guard let index = entries.firstIndex(where: { $0.key == "extends" }) else { return root }
        let extends = entries.remove(at: index)
        root.content = .mapping(entries)
        guard let scalar = extends.value.scalar, scalar.kind == .string else {
            throw ConfigurationError.typeMismatch(extends.value.location, path: "extends",
                                                  expected: "a file path relative to this file",
                                                  found: extends.value.foundDescription)
        }
        let baseURL = (scalar.text.hasPrefix("/") ? URL(fileURLWithPath: scalar.text)
            : url.deletingLastPathComponent().appendingPathComponent(scalar.text)).standardizedFileURL
        let names = (chain + [url, baseURL]).map(displayName)
        if (chain + [url]).contains(baseURL) {
            throw ConfigurationError.extendsCycle(extends.value.location, chain: names)
        }
        guard FileManager.default.fileExists(atPath: baseURL.path) else {
            throw ConfigurationError.missingBase(extends.value.location, base: scalar.text, chain: names)
        }
        let base = try load(baseURL, chain: chain + [url])
        return Self.merge(base: base, child: root)
    }

    /// The deep merge described above.
    static func merge(base: ConfigurationNode, child: ConfigurationNode) -> ConfigurationNode {
        guard let baseEntries = base.entries, let childEntries = child.entries else { return child }
        var merged = baseEntries
        for entry in childEntries {
            if let i = merged.firstIndex(where: { $0.key == entry.key }) {
                if entry.value.isNull {
                    merged.remove(at: i)
                } else {
                    merged[i] = ConfigurationNode.Entry(key: entry.key, keyLocation: entry.keyLocation,
                                                        value: merge(base: merged[i].value, child: entry.value))
                }
            } else {
                merged.append(entry)
            }
        }
        return ConfigurationNode(.mapping(merged), at: child.location)
    }

    private static func reason(_ error: any Error, url: URL) -> String {
        if !FileManager.default.fileExists(atPath: url.path) { return "no such file" }
        if (error as NSError).domain == NSCocoaErrorDomain,
           (error as NSError).code == NSFileReadInapplicableStringEncodingError {
            return "not UTF-8 text"
        }
        return "not readable"
    }
}
