import Datasets
import Foundation
import Synchronization

/// What one run shares across its stages: the workspace, the cache, the thread count, memoised file hashes and
/// loaded benchmarks, and the stage timings it records. Only the pipeline touches files, clocks and threads.
final class RunContext: Sendable {
    let workspace: Workspace
    let cache: FeatureCache
    let threads: Int
    let datasetDescription: String
    private let state = Mutex(State())

    private struct State {
        var fileHashes: [URL: String] = [:]
        var timings: [(stage: String, seconds: Double, items: Int)] = []
        var fitSets: [String: FitSet] = [:]
    }

    init(workspace: Workspace, threads: Int, datasetDescription: String) {
        self.workspace = workspace
        // Cached features and models are kept per numbers revision: never reused across code that computes them
        // differently (outside a git checkout, a fresh folder per process).
        let revision = Provenance.numbersRevision
        self.cache = FeatureCache(root: revision == "unknown"
            ? FileManager.default.temporaryDirectory.appendingPathComponent("cbir-cache-\(UUID().uuidString)")
            : workspace.cache.appendingPathComponent(revision), refresh: workspace.refreshCache)
        self.threads = max(1, threads)
        self.datasetDescription = datasetDescription
    }

    /// Loads a benchmark from a dataset config (writing the generated dataset first when needed).
    func loadBenchmark(_ dataset: DatasetConfig) throws -> Benchmark {
        try dataset.load()
    }

    /// SHA-256 of each file's bytes, memoised for the run.
    func fileHashes(_ urls: [URL]) throws -> [String] {
        try urls.map { url in
            if let known = state.withLock({ $0.fileHashes[url] }) { return known }
            let hash = try ContentHash.file(url)
            state.withLock { $0.fileHashes[url] = hash }
            return hash
        }
    }

    /// Makes the run's fit sets (resolved by `FitSets.resolve`) available to its stages.
    func register(_ fitSets: [FitSet]) {
        state.withLock { for f in fitSets { $0.fitSets[f.key] = f } }
    }

    /// The fit set declared at `key` (e.g. `reduction[0].training`); resolved before any stage runs.
    func fitSet(_ key: String) -> FitSet {
        guard let f = state.withLock({ $0.fitSets[key] }) else { preconditionFailure("RunContext: fit set \(key) was not resolved") }
        return f
    }

    func record(stage: String, seconds: Double, items: Int) {
        state.withLock { $0.timings.append((stage, seconds, items)) }
    }

    var timings: [(stage: String, seconds: Double, items: Int)] { state.withLock { $0.timings } }
}
