import Foundation
import GRDB

/// The results database (SQLite through GRDB): runs, per-query results, metrics and stage timings.
///
/// A run is `running` from `beginRun` until `completeRun` writes all its rows **and** flips its status in one
/// transaction, so a killed or failed run is never `complete` and never half-written. Reports read complete runs
/// only. Re-running a config (same config hash and dataset identity) first deletes its failed and abandoned runs, so
/// rows are never duplicated; results of other configs are never touched.
///
/// Any number of processes may share one file: it is in WAL mode (readers never wait), writers wait for each other
/// up to `busyTimeout`, and every write is one short transaction (no computation inside). A `running` row names its
/// process (pid, host); another process's `running` row is never deleted, and one whose process has ended is marked
/// `abandoned` by `abandonDeadRuns`.
public final class ResultsStore: Sendable {
    let writer: any DatabaseWriter

    /// How long a write waits for another process's write transaction before failing.
    public static let busyTimeout: TimeInterval = 120

    /// Opens (creating if needed) the database file and migrates it. Several processes may open a fresh file at
    /// once: a migration another process applied meanwhile is not an error.
    public init(path: URL) throws {
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        var attempt = 0
        while true {
            do {
                let pool = try DatabasePool(path: path.path, configuration: configuration)
                try Self.migrate(pool)
                writer = pool
                return
            } catch let error as DatabaseError {
                // Two processes migrating a fresh file: the loser's migration finds the winner's tables. Each retry
                // re-reads the applied migrations; give up only if the file cannot be brought up to date.
                attempt += 1
                let racing: [ResultCode] = [.SQLITE_ERROR, .SQLITE_CONSTRAINT, .SQLITE_BUSY, .SQLITE_LOCKED]
                if attempt < 20, racing.contains(error.resultCode) {
                    Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
                    continue
                }
                throw ResultsStoreError.database(path: path.path, message: error.description)
            }
        }
    }

    /// Opens a database that must already exist (reports and checks read results; they never create an empty file).
    public static func existing(at path: URL) throws -> ResultsStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ResultsStoreError.missingDatabase(path: path.path)
        }
        return try ResultsStore(path: path)
    }

    /// Migrates, unless another connection already has (checked first, so an up-to-date file is only read).
    static func migrate(_ writer: any DatabaseWriter) throws {
        if try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
        try migrator.migrate(writer)
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

    /// Inserts `run` as `running` and returns its id. Earlier failed or abandoned runs of the same config hash and
    /// dataset identity are deleted, and so is a `running` one left by this very process (a process runs one run at
    /// a time); another process's `running` run is left alone: both compute, and the one to complete last is kept.
    public func beginRun(_ run: RunRecord) throws -> Int64 {
        try writer.write { db in
            let me = ProcessOwner.current
            try RunRecord.filter(Column("configHash") == run.configHash && Column("datasetIdentity") == run.datasetIdentity)
                .filter([RunRecord.Status.failed.rawValue, RunRecord.Status.abandoned.rawValue].contains(Column("status"))
                        || (Column("status") == RunRecord.Status.running.rawValue && Column("pid") == Int(me.pid)
                            && Column("host") == me.host))
                .deleteAll(db)
            var record = run
            record.id = nil
            record.status = .running
            try record.insert(db)
            return db.lastInsertedRowID
        }
    }

    /// Writes every row of a run and marks it complete, atomically. Other finished runs (complete, failed,
    /// abandoned) of the same config hash, dataset identity and numbers revision are replaced; `running` ones are left
    /// to their processes, and runs of other revisions are kept.
    /// `provenance`, known only once the stages are built (preprocessing summary, seeds, notes such as the fit sets),
    /// is written in the same transaction.
    public func completeRun(id: Int64, endedAt: String, provenance: RunProvenance? = nil, queries: [QueryResultRecord],
                            metrics: [MetricRecord], timings: [TimingRecord]) throws {
        try writer.write { db in
            guard var run = try RunRecord.fetchOne(db, key: id) else { throw ResultsStoreError.unknownRun(id) }
            try RunRecord.filter(Column("configHash") == run.configHash && Column("datasetIdentity") == run.datasetIdentity
                                 && Column("numbersRevision") == run.numbersRevision
                                 && Column("id") != id && Column("status") != RunRecord.Status.running.rawValue)
                .deleteAll(db)
            for q in queries { try q.insert(db) }
            for m in metrics { try m.insert(db) }
            for t in timings { try t.insert(db) }
            if let provenance {
                run.preprocessing = provenance.preprocessing
                run.seeds = provenance.seeds
                run.notes = provenance.notes
            }
            run.status = .complete
            run.endedAt = endedAt
            run.failure = nil
            try run.update(db)
        }
    }

    /// Marks `abandoned` every `running` run of this host whose process has ended (killed, crashed), and every
    /// `running` run without an owner (written before owners were recorded); returns them, oldest first.
    public func abandonDeadRuns(endedAt: String,
                                isAlive: @escaping @Sendable (Int32) -> Bool = ProcessOwner.isAlive(pid:)) throws -> [RunRecord] {
        try writer.write { db in
            let host = ProcessOwner.current.host
            let running = try RunRecord.filter(Column("status") == RunRecord.Status.running.rawValue)
                .order(Column("id")).fetchAll(db)
            var abandoned: [RunRecord] = []
            for var run in running {
                if let pid = run.pid {
                    guard run.host == host, !isAlive(Int32(truncatingIfNeeded: pid)) else { continue }
                }
                run.status = .abandoned
                run.endedAt = endedAt
                run.failure = "abandoned: process \(run.pid.map(String.init) ?? "unknown") on \(run.host ?? "unknown host") "
                    + "ended without finishing the run"
                try QueryResultRecord.filter(Column("runId") == run.id).deleteAll(db)
                try run.update(db)
                abandoned.append(run)
            }
            return abandoned
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
    case missingDatabase(path: String)

    public var description: String {
        switch self {
        case .database(let path, let message):
            "\(path): cannot open the results database (\(message)); check the path, or move a damaged file aside."
        case .unknownRun(let id): "results store: no run with id \(id)."
        case .missingDatabase(let path):
            "\(path): no results database here; run `cbir run <config>` first, or pass --database <path>."
        }
    }
}
