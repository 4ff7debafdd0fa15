@testable import Experiments
import Foundation
import ResultsStore
import Testing
import TestSupport

/// Every cache entry carries a checksum of its key and payload: an entry overwritten in place with plausible values,
/// torn, or copied under another key is refused (and recomputed by the pipeline); `--refresh-cache` ignores entries
/// written before the process.
@Suite struct FeatureCacheTests {
    func file(_ cache: FeatureCache, _ key: String) -> URL { cache.url(namespace: "local", key: key) }

    @Test func anEntryRoundTripsAndIsVerified() throws {
        let cache = FeatureCache(root: try SharedData.temporaryDirectory("cache"))
        let values: [Float] = [1, 2, 3, 4, 5, 6]
        try cache.store(namespace: "local", key: "ab01", rows: 2, columns: 3, values: values)
        let loaded = try #require(cache.load(namespace: "local", key: "ab01"))
        #expect(loaded.rows == 2 && loaded.columns == 3 && loaded.values == values)
        #expect(cache.load(namespace: "local", key: "ab02") == nil)
        #expect(cache.load(namespace: "vocabulary", key: "ab01") == nil)
    }

    @Test func aTamperedEntryIsRefusedAndRemoved() throws {
        let cache = FeatureCache(root: try SharedData.temporaryDirectory("cache-bad"))
        let values: [Float] = (0..<64).map { Float($0) / 64 }
        func fresh(_ key: String) throws -> URL {
            try cache.store(namespace: "local", key: key, rows: 8, columns: 8, values: values)
            return file(cache, key)
        }
        // Payload overwritten in place with plausible values (same size, same header).
        var url = try fresh("aa01")
        var data = try Data(contentsOf: url)
        data.replaceSubrange((data.count - 256)..., with: Data(values.reversed().withUnsafeBytes { Array($0) }))
        try data.write(to: url)
        #expect(cache.load(namespace: "local", key: "aa01") == nil)
        #expect(!FileManager.default.fileExists(atPath: url.path))
        // Torn (truncated) entry.
        url = try fresh("aa02")
        data = try Data(contentsOf: url)
        try data.prefix(data.count - 4).write(to: url)
        #expect(cache.load(namespace: "local", key: "aa02") == nil)
        // A shape that overflows: no crash.
        url = try fresh("aa03")
        data = try Data(contentsOf: url)
        data.replaceSubrange(8..<16, with: withUnsafeBytes(of: Int64.max.littleEndian) { Data($0) })
        try data.write(to: url)
        #expect(cache.load(namespace: "local", key: "aa03") == nil)
        // A valid entry copied under another key.
        url = try fresh("aa04")
        let other = file(cache, "aa05")
        try FileManager.default.copyItem(at: url, to: other)
        #expect(cache.load(namespace: "local", key: "aa05") == nil)
        #expect(cache.load(namespace: "local", key: "aa04")?.values == values)
    }

    @Test func refreshingIgnoresEntriesWrittenBeforeTheProcess() throws {
        let first = FeatureCache(root: try SharedData.temporaryDirectory("cache-a"))
        try first.store(namespace: "local", key: "cd01", rows: 1, columns: 2, values: [1, 2])
        // The same entry found in another cache root: written by an earlier process, as far as this one knows.
        let root = try SharedData.temporaryDirectory("cache-b")
        let target = FeatureCache(root: root).url(namespace: "local", key: "cd01")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: file(first, "cd01"), to: target)
        #expect(FeatureCache(root: root).load(namespace: "local", key: "cd01")?.values == [1, 2])
        let refreshing = FeatureCache(root: root, refresh: true)
        #expect(refreshing.load(namespace: "local", key: "cd01") == nil)
        try refreshing.store(namespace: "local", key: "cd01", rows: 1, columns: 2, values: [3, 4])
        #expect(refreshing.load(namespace: "local", key: "cd01")?.values == [3, 4])
    }

    /// The finding: local features overwritten in place with plausible values were used as they were (94 of 100
    /// APs changed, run complete). Now a forced rerun notices, recomputes them, and gives the same APs bit for bit.
    @Test func aForcedRerunRecomputesTamperedFeatures() throws {
        let dir = try SharedData.temporaryDirectory("cache-e2e")
        let workspace = Workspace(database: dir.appendingPathComponent("cbir.sqlite"), cache: dir.appendingPathComponent("cache"))
        let url = dir.appendingPathComponent("c.yaml")
        try ConcurrentRunsTests.config(name: "c", k: 8, root: dir.appendingPathComponent("generated").path)
            .write(to: url, atomically: true, encoding: .utf8)
        let plan = try PlannedRun.plan([url])[0]
        let first = try ExperimentRunner(workspace: workspace, threads: 2).execute(plan)
        let store = try ResultsStore(path: workspace.database)
        let aps = try store.queryResults(runId: first.run.id!).map { $0.ap?.bitPattern }
        // Tamper with every local-feature entry: swap the two halves of the payload (same values, other order).
        // (The cache keeps one folder per numbers revision: `<cache>/<revision>/local/…`.)
        let entries = FileManager.default.enumerator(at: workspace.cache, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension == "f32" && $0.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent == "local" }
        #expect(entries.count > 50)
        for entry in entries {
            var data = try Data(contentsOf: entry)
            let header = 8 + 16 + 32, half = (data.count - header) / 8 * 4
            guard half > 0 else { continue }
            let a = data[header ..< header + half], b = data[header + half ..< header + 2 * half]
            data.replaceSubrange(header ..< header + 2 * half, with: b + a)
            try data.write(to: entry)
        }
        let again = try ExperimentRunner(workspace: workspace, threads: 2, force: true).execute(plan)
        #expect(try store.queryResults(runId: again.run.id!).map { $0.ap?.bitPattern } == aps)
        let timings = try store.timings(runId: again.run.id!)
        #expect(timings.filter { $0.stage.hasPrefix("describe") && !$0.stage.hasSuffix("VLAD") }.allSatisfy { $0.items > 0 },
                "\(timings)")
    }
}
