import Foundation

/// Where a run reads and writes: the results database and the content-addressed cache.
public struct Workspace: Sendable {
    /// `Results/cbir.sqlite` by default.
    public var database: URL
    /// `Results/cache` by default: descriptors, vocabularies, the generated dataset.
    public var cache: URL
    /// Recompute cached features and models instead of reading entries written before this process
    /// (`cbir run --refresh-cache`).
    public var refreshCache: Bool

    public init(database: URL, cache: URL, refreshCache: Bool = false) {
        self.database = database
        self.cache = cache
        self.refreshCache = refreshCache
    }

    /// Resolves a config path: `~` is the home directory; relative paths are relative to the current directory.
    public static func resolve(_ path: String) -> URL {
        if path == "~" || path.hasPrefix("~/") {
            let home = FileManager.default.homeDirectoryForCurrentUser.path
            return URL(fileURLWithPath: home + path.dropFirst())
        }
        return URL(fileURLWithPath: path)
    }
}
