import GRDB

extension RunRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension QueryResultRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "queryResult"
}

extension MetricRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "metric"
}

extension TimingRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "timing"
}

extension ResultsStore {
    /// Named, append-only migrations: never edit one that has shipped; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, query results, metrics, timings") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("experiment", .text).notNull().indexed()
                t.column("label", .text).notNull()
                t.column("configText", .text).notNull()
                t.column("resolvedConfig", .text).notNull()
                t.column("configHash", .text).notNull().indexed()
                t.column("sweep", .text).notNull()
                t.column("datasetName", .text).notNull()
                t.column("datasetProtocol", .text).notNull()
                t.column("datasetIdentity", .text).notNull()
                t.column("codeVersion", .text).notNull()
                t.column("libraryVersions", .text).notNull()
                t.column("machine", .text).notNull()
                t.column("apVariant", .text).notNull()
                t.column("tieRule", .text).notNull()
                t.column("preprocessing", .text).notNull()
                t.column("seeds", .text).notNull()
                t.column("startedAt", .text).notNull()
                t.column("endedAt", .text)
                t.column("status", .text).notNull().check { ["running", "complete", "failed"].contains($0) }
                t.column("failure", .text)
            }
            try db.create(table: "queryResult") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("queryIndex", .integer).notNull()
                t.column("queryId", .text).notNull()
                t.column("ap", .double)
                t.column("ks", .jsonText).notNull()
                t.column("precisionAtK", .jsonText).notNull()
                t.column("recallAtK", .jsonText).notNull()
                t.column("successAtK", .jsonText).notNull()
                t.column("revisitedPrecisionAtK", .jsonText).notNull()
                t.column("positives", .integer).notNull()
                t.column("firstPositiveRank", .integer)
                t.column("topIds", .jsonText).notNull()
                t.primaryKey(["runId", "queryIndex"])
            }
            try db.create(table: "metric") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("value", .double).notNull()
                t.column("count", .integer).notNull()
                t.column("dropped", .integer).notNull()
                t.primaryKey(["runId", "name"])
            }
            try db.create(table: "timing") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("stage", .text).notNull()
                t.column("seconds", .double).notNull()
                t.column("items", .integer).notNull()
                t.primaryKey(["runId", "stage"])
            }
        }
        migrator.registerMigration("v2: the revision of the code that decides a run's numbers") { db in
            try db.alter(table: "run") { t in
                t.add(column: "numbersRevision", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("v3: notes on a run's fit sets") { db in
            try db.alter(table: "run") { t in
                t.add(column: "notes", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("v4: run owner (pid, host) and the abandoned status") { db in
            // SQLite cannot alter a CHECK constraint: the table is rebuilt (foreign keys are off during a migration,
            // so the query rows, metrics and timings that reference runs keep their ids).
            try db.create(table: "run_v4") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("experiment", .text).notNull()
                t.column("label", .text).notNull()
                t.column("configText", .text).notNull()
                t.column("resolvedConfig", .text).notNull()
                t.column("configHash", .text).notNull()
                t.column("sweep", .text).notNull()
                t.column("datasetName", .text).notNull()
                t.column("datasetProtocol", .text).notNull()
                t.column("datasetIdentity", .text).notNull()
                t.column("codeVersion", .text).notNull()
                t.column("libraryVersions", .text).notNull()
                t.column("machine", .text).notNull()
                t.column("apVariant", .text).notNull()
                t.column("tieRule", .text).notNull()
                t.column("preprocessing", .text).notNull()
                t.column("seeds", .text).notNull()
                t.column("startedAt", .text).notNull()
                t.column("endedAt", .text)
                t.column("status", .text).notNull()
                    .check { ["running", "complete", "failed", "abandoned"].contains($0) }
                t.column("failure", .text)
                t.column("pid", .integer)
                t.column("host", .text)
                t.column("numbersRevision", .text).notNull().defaults(to: "")
                t.column("notes", .text).notNull().defaults(to: "")
            }
            let columns = "id, experiment, label, configText, resolvedConfig, configHash, sweep, datasetName, "
                + "datasetProtocol, datasetIdentity, codeVersion, libraryVersions, machine, apVariant, tieRule, "
                + "preprocessing, seeds, startedAt, endedAt, status, failure, numbersRevision, notes"
            try db.execute(sql: "INSERT INTO run_v4 (\(columns)) SELECT \(columns) FROM run")
            try db.drop(table: "run")
            try db.rename(table: "run_v4", to: "run")
            try db.create(index: "run_on_experiment", on: "run", columns: ["experiment"])
            try db.create(index: "run_on_configHash", on: "run", columns: ["configHash"])
            try db.create(index: "run_on_status", on: "run", columns: ["status"])
        }
        return migrator
    }
}
