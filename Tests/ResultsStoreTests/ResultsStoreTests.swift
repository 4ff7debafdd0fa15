import Foundation
import ResultsStore
import Testing

@Suite struct ResultsStoreTests {
    func run(_ experiment: String = "e", hash: String = "h1", revision: String = "r1") -> RunRecord {
        var record = RunRecord(experiment: experiment, label: "L", configText: "name: e", resolvedConfig: "name: e",
                               configHash: hash, sweep: "", datasetName: "d", datasetProtocol: "p", datasetIdentity: "id",
                               codeVersion: "v", libraryVersions: "", machine: "m", apVariant: "oxford", tieRule: "t",
                               preprocessing: "", seeds: "", startedAt: "t0")
        record.numbersRevision = revision
        return record
    }

    func query(_ runId: Int64, _ index: Int, ap: Double?) -> QueryResultRecord {
        QueryResultRecord(runId: runId, queryIndex: index, queryId: "q\(index)", ap: ap, ks: [1], precisionAtK: [1],
                          recallAtK: [1], successAtK: [nil], revisitedPrecisionAtK: [1], positives: 1,
                          firstPositiveRank: 0, topIds: ["a", "b"])
    }

    @Test func aRunIsCompleteOnlyAfterItsRowsAreWritten() throws {
        let store = try ResultsStore()
        let id = try store.beginRun(run())
        #expect(try store.completeRun(configHash: "h1", datasetIdentity: "id", numbersRevision: "r1") == nil)
        #expect(try store.completeRuns().isEmpty)
        try store.completeRun(id: id, endedAt: "t1", queries: [query(id, 0, ap: 0.5), query(id, 1, ap: nil)],
                              metrics: [MetricRecord(runId: id, name: "map", value: 0.5, count: 1, dropped: 1)],
                              timings: [TimingRecord(runId: id, stage: "search", seconds: 0.1, items: 2)])
        let complete = try #require(try store.completeRun(configHash: "h1", datasetIdentity: "id", numbersRevision: "r1"))
        #expect(try store.completeRun(configHash: "h1", datasetIdentity: "id", numbersRevision: "r2") == nil)
        #expect(complete.id == id && complete.status == .complete && complete.endedAt == "t1")
        let rows = try store.queryResults(runId: id)
        #expect(rows.map(\.ap) == [0.5, nil])
        #expect(rows[0].successAtK == [nil] && rows[0].topIds == ["a", "b"])
        #expect(try store.metrics(runId: id).map(\.value) == [0.5])
    }

    @Test func rerunningReplacesStaleRunsWithoutDuplicates() throws {
        let store = try ResultsStore()
        let killed = try store.beginRun(run())           // a run that was killed: stays `running`
        let second = try store.beginRun(run())           // the rerun deletes it
        #expect(try store.allRuns().map(\.id) == [second])
        #expect(killed != second)
        try store.completeRun(id: second, endedAt: "t", queries: [query(second, 0, ap: 1)], metrics: [], timings: [])
        let forced = try store.beginRun(run())           // forced redo of a complete run
        try store.completeRun(id: forced, endedAt: "t", queries: [query(forced, 0, ap: 0.25)], metrics: [], timings: [])
        #expect(try store.allRuns().map(\.id) == [forced])
        #expect(try store.queryResults(runId: forced).map(\.ap) == [0.25])
    }

    /// A run of another numbers revision is neither reused nor replaced: both stay, the latest is reported.
    @Test func aRunOfAnotherRevisionIsKept() throws {
        let store = try ResultsStore()
        let old = try store.beginRun(run(revision: "r0"))
        try store.completeRun(id: old, endedAt: "t", queries: [query(old, 0, ap: 1)], metrics: [], timings: [])
        #expect(try store.completeRun(configHash: "h1", datasetIdentity: "id", numbersRevision: "r1") == nil)
        let new = try store.beginRun(run(revision: "r1"))
        try store.completeRun(id: new, endedAt: "t", queries: [query(new, 0, ap: 0.5)], metrics: [], timings: [])
        #expect(try store.completeRuns().map(\.numbersRevision) == ["r0", "r1"])
        #expect(try store.latestCompleteRun(experiment: "e")?.id == new)
    }

    @Test func aFailedRunKeepsEarlierResults() throws {
        let store = try ResultsStore()
        let good = try store.beginRun(run("good", hash: "g"))
        try store.completeRun(id: good, endedAt: "t", queries: [query(good, 0, ap: 1)], metrics: [], timings: [])
        let bad = try store.beginRun(run("bad", hash: "b"))
        try store.failRun(id: bad, endedAt: "t", message: "x.jpg: truncated")
        #expect(try store.completeRuns().map(\.experiment) == ["good"])
        #expect(try store.latestCompleteRun(experiment: "bad") == nil)
        #expect(try store.allRuns().last?.failure == "x.jpg: truncated")
        #expect(try store.queryResults(runId: good).count == 1)
    }

    @Test func fileDatabasePersists() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        let path = dir.appendingPathComponent("cbir.sqlite")
        do {
            let store = try ResultsStore(path: path)
            let id = try store.beginRun(run())
            try store.completeRun(id: id, endedAt: "t", queries: [query(id, 0, ap: 0.75)], metrics: [], timings: [])
        }
        let reopened = try ResultsStore(path: path)
        #expect(try reopened.completeRuns().count == 1)
        #expect(try !reopened.sqliteVersion().isEmpty)
    }
}
