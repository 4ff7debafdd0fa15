import Foundation
import GRDB

/// The results database (SQLite through GRDB): runs, per-query results, metrics and stage timings.
///
/// A run is `running` from `beginRun` until `completeRun` writes all its rows **and** flips its status in one
/// transaction, so a killed or failed run is never `complete` and never half-written. Reports read complete runs
/// only. Re-running a config (same config hash and dataset identity) first deletes stale incomplete runs of it, so
/// rows are never duplicated; results of other runs are never touched.
public final class ResultsStore: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database file and migrates it.
    public init(path: URL) throws {
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            writer = try DatabasePool(path: path.path)
            try Self.migrator.migrate(writer)
        } catch let error as DatabaseError {
            throw ResultsStoreError.database(path: path.path, message: error.description)
        }
    }

    /// An in-memory database (tests).
    public init() throws {
        writer = try DatabaseQueue()
        try Self.migrator.migrate(writer)
    }

    /// The SQLite library version.
    public func sqliteVersion() throws -> String {
        try writer.read { try String.fetchOne($0, sql: "SELECT sqlite_version()") ?? "unknown" }
    }

    /// The latest complete run with this config hash on this dataset identity computed by this revision of the
    /// numeric code, if any.
    public func completeRun(configHash: String, datasetIdentity: String, numbersRevision: String) throws -> RunRecord? {
        try writer.read { db in
            try RunRecord.filter(Column("configHash") == configHash && Column("datasetIdentity") == datasetIdentity
                                 && Column("numbersRevision") == numbersRevision
                                 && Column("status") == RunRecord.Status.complete.rawValue)
                .order(Column("id").desc).fetchOne(db)
        }
    }

    /// Inserts `run` as `running` (after deleting stale incomplete runs of the same config hash and dataset
    /// identity) and returns its id.
    public func beginRun(_ run: RunRecord) throws -> Int64 {
        try writer.write { db in
            try RunRecord.filter(Column("configHash") == run.configHash && Column("datasetIdentity") == run.datasetIdentity
                                 && Column("status") != RunRecord.Status.complete.rawValue).deleteAll(db)
            var record = run
            record.id = nil
            record.status = .running
            try record.insert(db)
            return db.lastInsertedRowID
        }
    }

    /// Writes every row of a run and marks it complete, atomically. An earlier run of the same config hash, dataset
    /// identity and numbers revision is replaced (when forced to redo); runs of other revisions are kept.
    public func completeRun(id: Int64, endedAt: String, queries: [QueryResultRecord], metrics: [MetricRecord],
                            timings: [TimingRecord]) throws {
        try writer.write { db in
            guard var run = try RunRecord.fetchOne(db, key: id) else { throw ResultsStoreError.unknownRun(id) }
            try RunRecord.filter(Column("configHash") == run.configHash && Column("datasetIdentity") == run.datasetIdentity
                                 && Column("numbersRevision") == run.numbersRevision && Column("id") != id).deleteAll(db)
            for q in queries { try q.insert(db) }
            for m in metrics { try m.insert(db) }
            for t in timings { try t.insert(db) }
            run.status = .complete
            run.endedAt = endedAt
            try run.update(db)
        }
    }

    /// Fills in provenance known only once the descriptor and reduction are built (preprocessing summary, seeds,
    /// notes).
    public func recordProvenance(id: Int64, preprocessing: String, seeds: String, notes: String = "") throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE run SET preprocessing = ?, seeds = ?, notes = ? WHERE id = ?",
                           arguments: [preprocessing, seeds, notes, id])
        }
    }

    /// Marks a run failed with a message; its partial rows (if any) are removed.
    public func failRun(id: Int64, endedAt: String, message: String) throws {
        try writer.write { db in
            try QueryResultRecord.filter(Column("runId") == id).deleteAll(db)
            try db.execute(sql: "UPDATE run SET status = 'failed', endedAt = ?, failure = ? WHERE id = ?",
                           arguments: [endedAt, message, id])
        }
    }

    /// All complete runs, oldest first.
    public func completeRuns() throws -> [RunRecord] {
        try writer.read { db in
            try RunRecord.filter(Column("status") == RunRecord.Status.complete.rawValue).order(Column("id")).fetchAll(db)
        }
    }

    /// The latest complete run of an experiment, if any.
    public func latestCompleteRun(experiment: String) throws -> RunRecord? {
        try writer.read { db in
            try RunRecord.filter(Column("experiment") == experiment && Column("status") == RunRecord.Status.complete.rawValue)
                .order(Column("id").desc).fetchOne(db)
        }
    }

    /// All runs (any status), oldest first.
    public func allRuns() throws -> [RunRecord] {
        try writer.read { try RunRecord.order(Column("id")).fetchAll($0) }
    }

    /// The per-query rows of a run, in query order.
    public func queryResults(runId: Int64) throws -> [QueryResultRecord] {
        try writer.read { db in
            try QueryResultRecord.filter(Column("runId") == runId).order(Column("queryIndex")).fetchAll(db)
        }
    }

    /// The metrics of a run, by name.
    public func metrics(runId: Int64) throws -> [MetricRecord] {
        try writer.read { db in try MetricRecord.filter(Column("runId") == runId).order(Column("name")).fetchAll(db) }
    }

    /// The stage timings of a run.
    public func timings(runId: Int64) throws -> [TimingRecord] {
        try writer.read { db in try TimingRecord.filter(Column("runId") == runId).order(Column("stage")).fetchAll(db) }
    }
}

/// Errors of the results store.
public enum ResultsStoreError: Error, CustomStringConvertible, Equatable {
    case database(path: String, message: String)
    case unknownRun(Int64)

    public var description: String {
        switch self {
        case .database(let path, let message):
            "\(path): cannot open the results database (\(message)); check the path, or move a damaged file aside."
        case .unknownRun(let id): "results store: no run with id \(id)."
        }
    }
}
