import Foundation
import Synchronization
import ResultsStore
import Testing
import TestSupport

/// Several processes on one database file: opening a fresh file at once, writing at once, two runs of one config,
/// and `running` rows left by killed processes. Connections of one process lock the file as separate processes do.
@Suite struct ResultsStoreConcurrencyTests {
    func run(_ hash: String, pid: Int? = nil) -> RunRecord {
        var record = RunRecord(experiment: "e-\(hash)", label: "L", configText: "", resolvedConfig: "", configHash: hash,
                               sweep: "", datasetName: "d", datasetProtocol: "p", datasetIdentity: "id", codeVersion: "v",
                               libraryVersions: "", machine: "m", apVariant: "oxford", tieRule: "t", preprocessing: "",
                               seeds: "", startedAt: "t0")
        if let pid { record.pid = pid }
        return record
    }

    func query(_ runId: Int64, _ index: Int) -> QueryResultRecord {
        QueryResultRecord(runId: runId, queryIndex: index, queryId: "q\(index)", ap: 0.5, ks: [1], precisionAtK: [1],
                          recallAtK: [1], successAtK: [1], revisitedPrecisionAtK: [1], positives: 1,
                          firstPositiveRank: 0, topIds: ["a"])
    }

    /// The pid of a process that has ended.
    func deadPid() throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return Int(process.processIdentifier)
    }

    /// Eight connections open one fresh file at the same moment, then each records ten runs with interleaved
    /// writes: none fails (no "damaged" file, no "database is locked"), every run is recorded once.
    @Test func manyConnectionsOpenAFreshFileAndWriteAtOnce() throws {
        let path = try SharedData.temporaryDirectory("store-fresh").appendingPathComponent("cbir.sqlite")
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            do {
                let store = try ResultsStore(path: path)
                for i in 0..<10 {
                    let id = try store.beginRun(run("w\(worker)-\(i)"))
                    try store.completeRun(id: id, endedAt: "t", queries: (0..<50).map { query(id, $0) }, metrics: [],
                                          timings: [])
                }
            } catch {
                errors.withLock { $0.append(String(describing: error)) }
            }
        }
        #expect(errors.withLock { $0 } == [])
        let runs = try ResultsStore(path: path).allRuns()
        #expect(runs.count == 80 && runs.allSatisfy { $0.status == .complete })
        #expect(Set(runs.map(\.configHash)).count == 80)
    }

    /// Retrying is for migration races only: a path that cannot be a database fails at once, naming it.
    @Test func anUnopenablePathFailsAtOnce() throws {
        let dir = try SharedData.temporaryDirectory("store-dir")      // a directory where the file should be
        let started = Date()
        do {
            _ = try ResultsStore(path: dir)
            Issue.record("expected an error")
        } catch let error as ResultsStoreError {
            guard case .database(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == dir.path)
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }

    /// Two processes run one config at once: neither deletes the other's `running` row; the one to complete last is
    /// kept, and the config ends recorded exactly once.
    @Test func twoProcessesOnOneConfigDoNotDeleteEachOthersRow() throws {
        let store = try ResultsStore()
        let other = try store.beginRun(run("h", pid: 1))          // pid 1 is alive on any host
        let mine = try store.beginRun(run("h"))
        #expect(Set(try store.allRuns().compactMap(\.id)) == [other, mine])
        try store.completeRun(id: mine, endedAt: "t1", queries: [query(mine, 0)], metrics: [], timings: [])
        #expect(try store.allRuns().first { $0.id == other }?.status == .running)
        try store.completeRun(id: other, endedAt: "t2", queries: [query(other, 0)], metrics: [], timings: [])
        let runs = try store.allRuns()
        #expect(runs.map(\.id) == [other] && runs.map(\.status) == [.complete])
        #expect(try store.queryResults(runId: mine).isEmpty)
    }

    /// A `running` row whose process has ended (or that has no owner) is marked abandoned and reported; a live
    /// process's row and another host's row are left alone; the next run of that config replaces the abandoned row.
    @Test func aRunningRowWhoseProcessIsGoneIsAbandoned() throws {
        let store = try ResultsStore()
        let dead = try store.beginRun(run("dead", pid: try deadPid()))
        let alive = try store.beginRun(run("alive", pid: 1))
        var remote = run("remote", pid: try deadPid())
        remote.host = "another-host"
        let elsewhere = try store.beginRun(remote)
        var orphan = run("orphan")
        orphan.pid = nil
        orphan.host = nil
        let ownerless = try store.beginRun(orphan)

        let abandoned = try store.abandonDeadRuns(endedAt: "t9")
        #expect(abandoned.map(\.id) == [dead, ownerless])
        let status = Dictionary(uniqueKeysWithValues: try store.allRuns().map { ($0.id!, $0.status) })
        #expect(status == [dead: .abandoned, alive: .running, elsewhere: .running, ownerless: .abandoned])
        #expect(abandoned.first?.failure?.hasPrefix("abandoned: process ") == true)
        #expect(try store.abandonDeadRuns(endedAt: "t10").isEmpty)

        let rerun = try store.beginRun(run("dead"))
        #expect(try store.allRuns().filter { $0.configHash == "dead" }.map(\.id) == [rerun])
    }

    /// A database written by the first schema (before owners and `abandoned`) keeps its runs and rows when opened.
    @Test func aVersionOneDatabaseIsMigratedWithItsRows() throws {
        guard PythonReference.available(["sqlite3"]) else { print(PythonReference.unavailableMessage(["sqlite3"])); return }
        let path = try SharedData.temporaryDirectory("store-v1").appendingPathComponent("cbir.sqlite")
        try PythonReference.run(["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript('''
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            INSERT INTO grdb_migrations VALUES ('v1: runs, query results, metrics, timings');
            CREATE TABLE "run" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "experiment" TEXT NOT NULL,
              "label" TEXT NOT NULL, "configText" TEXT NOT NULL, "resolvedConfig" TEXT NOT NULL,
              "configHash" TEXT NOT NULL, "sweep" TEXT NOT NULL, "datasetName" TEXT NOT NULL,
              "datasetProtocol" TEXT NOT NULL, "datasetIdentity" TEXT NOT NULL, "codeVersion" TEXT NOT NULL,
              "libraryVersions" TEXT NOT NULL, "machine" TEXT NOT NULL, "apVariant" TEXT NOT NULL,
              "tieRule" TEXT NOT NULL, "preprocessing" TEXT NOT NULL, "seeds" TEXT NOT NULL,
              "startedAt" TEXT NOT NULL, "endedAt" TEXT,
              "status" TEXT NOT NULL CHECK ("status" IN ('running', 'complete', 'failed')), "failure" TEXT);
            CREATE INDEX "run_on_experiment" ON "run"("experiment");
            CREATE INDEX "run_on_configHash" ON "run"("configHash");
            CREATE TABLE "queryResult" ("runId" INTEGER NOT NULL REFERENCES "run"("id") ON DELETE CASCADE,
              "queryIndex" INTEGER NOT NULL, "queryId" TEXT NOT NULL, "ap" DOUBLE, "ks" TEXT NOT NULL,
              "precisionAtK" TEXT NOT NULL, "recallAtK" TEXT NOT NULL, "successAtK" TEXT NOT NULL,
              "revisitedPrecisionAtK" TEXT NOT NULL, "positives" INTEGER NOT NULL, "firstPositiveRank" INTEGER,
              "topIds" TEXT NOT NULL, PRIMARY KEY ("runId", "queryIndex"));
            CREATE TABLE "metric" ("runId" INTEGER NOT NULL REFERENCES "run"("id") ON DELETE CASCADE,
              "name" TEXT NOT NULL, "value" DOUBLE NOT NULL, "count" INTEGER NOT NULL, "dropped" INTEGER NOT NULL,
              PRIMARY KEY ("runId", "name"));
            CREATE TABLE "timing" ("runId" INTEGER NOT NULL REFERENCES "run"("id") ON DELETE CASCADE,
              "stage" TEXT NOT NULL, "seconds" DOUBLE NOT NULL, "items" INTEGER NOT NULL,
              PRIMARY KEY ("runId", "stage"));
            INSERT INTO run VALUES (7, 'old', 'L', '', '', 'h7', '', 'd', 'p', 'id', 'v', '', 'm', 'oxford', 't', '',
              '', 't0', 't1', 'complete', NULL);
            INSERT INTO run VALUES (8, 'killed', 'L', '', '', 'h8', '', 'd', 'p', 'id', 'v', '', 'm', 'oxford', 't',
              '', '', 't0', NULL, 'running', NULL);
            INSERT INTO queryResult VALUES (7, 0, 'q0', 0.25, '[1]', '[1.0]', '[1.0]', '[1.0]', '[1.0]', 1, 0, '["a"]');
            INSERT INTO metric VALUES (7, 'map', 0.25, 1, 0);
            ''')
            db.commit()
            """, path.path])
        let store = try ResultsStore(path: path)
        #expect(try store.completeRun(configHash: "h7", datasetIdentity: "id", numbersRevision: "")?.id == 7)  // a v1 run: no revision recorded
        #expect(try store.queryResults(runId: 7).map(\.ap) == [0.25])
        #expect(try store.metrics(runId: 7).map(\.value) == [0.25])
        #expect(try store.abandonDeadRuns(endedAt: "t2").map(\.id) == [8])
        let next = try store.beginRun(run("h9"))
        #expect(next == 9)
        // Deleting a run still cascades to its rows.
        let forced = try store.beginRun(run("h7"))
        try store.completeRun(id: forced, endedAt: "t3", queries: [query(forced, 0)], metrics: [], timings: [])
        #expect(try store.queryResults(runId: 7).isEmpty && store.metrics(runId: 7).isEmpty)
    }
}
