import Configuration
import Foundation
import Imaging
import ResultsStore

/// The entry point of `cbir run`: plans every config first (strict decoding and validation of all runs before any
/// computation), then executes the runs one after another into the results database.
public final class ExperimentRunner {
    public let workspace: Workspace
    public let threads: Int
    public let force: Bool
    /// Runs found `running` at start whose process had ended (killed, crashed): now marked `abandoned`.
    public let abandoned: [RunRecord]
    let store: ResultsStore

    /// `pixelLimit`: images with more pixels are refused before decoding (for the whole process; nil keeps the
    /// current limit, by default Pillow's decompression-bomb limit).
    public init(workspace: Workspace, threads: Int = 2, force: Bool = false, pixelLimit: Int? = nil) throws {
        if let pixelLimit { ImageDecoder.pixelLimit = pixelLimit }
        self.workspace = workspace
        self.threads = threads
        self.force = force
        self.store = try ResultsStore(path: workspace.database)
        self.abandoned = try store.abandonDeadRuns(endedAt: Provenance.now())
    }

    /// Loads, expands and validates every config file, each with the command line's `overrides` (`--set`); the
    /// first problem throws.
    public func plan(_ files: [URL], overrides: [ConfigurationOverride] = []) throws -> [PlannedRun] {
        try PlannedRun.plan(files, overrides: overrides)
    }

    /// Runs one planned run (or returns the stored complete run with the same config hash and dataset identity).
    public func execute(_ plan: PlannedRun) throws -> RunSummary {
        try Pipeline.run(plan, store: store, workspace: workspace, threads: threads, force: force)
    }

    /// Runs every plan in order. A run that fails is recorded as failed and does not stop the others; `report` sees
    /// each run's summary or error as it ends. Throws `ExperimentError.runsFailed` at the end if any failed.
    public func executeAll(_ plans: [PlannedRun], report: (PlannedRun, Result<RunSummary, any Error>) -> Void) throws {
        var failed: [String] = []
        for plan in plans {
            let result = Result { try execute(plan) }
            if case .failure = result { failed.append(plan.config.name) }
            report(plan, result)
        }
        guard failed.isEmpty else { throw ExperimentError.runsFailed(failed: failed, of: plans.count) }
    }
}
