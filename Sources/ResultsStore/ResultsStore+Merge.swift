import Foundation
import GRDB

extension ResultsStore {
    /// What `merge(from:)` did.
    public struct MergeSummary: Sendable, Equatable, CustomStringConvertible {
        public var added = 0
        /// Runs this database already held (same config hash, dataset identity and numbers revision).
        public var alreadyPresent = 0
        /// Runs still `running` or `abandoned` in the source: not merged.
        public var unfinished = 0

        public init(added: Int = 0, alreadyPresent: Int = 0, unfinished: Int = 0) {
            self.added = added
            self.alreadyPresent = alreadyPresent
            self.unfinished = unfinished
        }

        public var description: String {
            "\(added) run(s) added, \(alreadyPresent) already present, \(unfinished) unfinished not merged"
        }
    }

    /// Copies the finished runs of the database at `url` (a Slurm task's, another machine's) into this one with their
    /// per-query rows, metrics and timings, each run in one transaction. Idempotent: a run is skipped when this
    /// database already holds a complete run of the same config hash, dataset identity and numbers revision, and a
    /// failed run is skipped when any finished run of that key is here (so merging a task database twice, or a
    /// re-submitted array's, adds nothing). Runs left `running` or `abandoned` are not merged. Runs get new ids here.
    public func merge(from url: URL) throws -> MergeSummary {
        let source = try ResultsStore.existing(at: url)
        var summary = MergeSummary()
        for run in try source.allRuns() {
            guard run.status == .complete || run.status == .failed else { summary.unfinished += 1; continue }
            let queries = try source.queryResults(runId: run.id!)
            let metrics = try source.metrics(runId: run.id!)
            let timings = try source.timings(runId: run.id!)
            let added = try writer.write { db -> Bool in
                let same = RunRecord.filter(Column("configHash") == run.configHash
                                            && Column("datasetIdentity") == run.datasetIdentity
                                            && Column("numbersRevision") == run.numbersRevision)
                let finished = [RunRecord.Status.complete.rawValue]
                    + (run.status == .failed ? [RunRecord.Status.failed.rawValue] : [])
                if try same.filter(finished.contains(Column("status"))).fetchCount(db) > 0 { return false }
                if run.status == .complete {   // a complete run replaces failed attempts of its key
                    try same.filter(Column("status") == RunRecord.Status.failed.rawValue).deleteAll(db)
                }
                var copy = run
                copy.id = nil
                try copy.insert(db)
                for var q in queries { q.runId = copy.id!; try q.insert(db) }
                for var m in metrics { m.runId = copy.id!; try m.insert(db) }
                for var t in timings { t.runId = copy.id!; try t.insert(db) }
                return true
            }
            if added { summary.added += 1 } else { summary.alreadyPresent += 1 }
        }
        return summary
    }
}
