import Foundation

/// Locations of the repository and of the shared real datasets (`../shared/datasets` from the repository root,
/// or `$CBIR_SHARED_DATASETS`). Tests that need shared data call `SharedData.directory(_:)` and skip with its
/// message when it returns nil.
public enum SharedData {
    /// The repository root, derived from this file's path (`Tests/TestSupport/SharedData.swift`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared datasets root, if present.
    public static var datasetsRoot: URL? {
        let env = ProcessInfo.processInfo.environment["CBIR_SHARED_DATASETS"]
        let url = env.map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// `datasetsRoot/relativePath` if it exists, else nil.
    public static func directory(_ relativePath: String) -> URL? {
        guard let root = datasetsRoot else { return nil }
        let url = root.appendingPathComponent(relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The message a test prints when it skips for lack of shared data.
    public static func missingMessage(_ relativePath: String) -> String {
        "shared dataset '\(relativePath)' not found under ../shared/datasets (or $CBIR_SHARED_DATASETS); skipping"
    }

    /// A fresh empty temporary directory, unique per call.
    public static func temporaryDirectory(_ label: String = "cbir-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
