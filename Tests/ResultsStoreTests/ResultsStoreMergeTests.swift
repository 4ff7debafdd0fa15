import Foundation
import ResultsStore
import Testing
import TestSupport

/// `merge(from:)`: finished runs with their rows are copied once; merging again adds nothing; a complete run replaces
/// a failed attempt of its key; unfinished runs stay out.
@Suite struct ResultsStoreMergeTests {
    let helper = ResultsStoreTests()

    func task(_ dir: URL, _ name: String, _ body: (ResultsStore) throws -> Void) throws -> URL {
        let url = dir.appendingPathComponent("\(name).sqlite")
        try body(try ResultsStore(path: url))
        return url
    }

    func complete(_ store: ResultsStore, _ experiment: String, hash: String, ap: Double) throws {
        let id = try store.beginRun(helper.run(experiment, hash: hash))
        try store.completeRun(id: id, endedAt: "t", queries: [helper.query(id, 0, ap: ap)],
                              metrics: [MetricRecord(runId: id, name: "map", value: ap, count: 1, dropped: 0)],
                              timings: [TimingRecord(runId: id, stage: "search", seconds: 0.1, items: 1)])
    }

    @Test func mergesFinishedRunsOnceAndIdempotently() throws {
        let dir = try SharedData.temporaryDirectory("merge")
        let a = try task(dir, "a") { try complete($0, "x", hash: "h1", ap: 0.25) }
        let b = try task(dir, "b") { store in
            try complete(store, "y", hash: "h2", ap: 0.5)
            _ = try store.beginRun(helper.run("z", hash: "h3"))    // still running: not merged
            let failed = try store.beginRun(helper.run("w", hash: "h4"))
            try store.failRun(id: failed, endedAt: "t", message: "boom")
        }
        let target = try ResultsStore(path: dir.appendingPathComponent("merged.sqlite"))
        try target.failRun(id: try target.beginRun(helper.run("x", hash: "h1")), endedAt: "t", message: "earlier attempt")
        #expect(try target.merge(from: a) == .init(added: 1, alreadyPresent: 0, unfinished: 0))
        #expect(try target.merge(from: b) == .init(added: 2, alreadyPresent: 0, unfinished: 1))
        #expect(try target.merge(from: a) == .init(added: 0, alreadyPresent: 1, unfinished: 0))
        #expect(try target.merge(from: b) == .init(added: 0, alreadyPresent: 2, unfinished: 1))
        let runs = try target.allRuns()
        #expect(runs.map(\.experiment).sorted() == ["w", "x", "y"])   // the failed attempt of x was replaced
        #expect(runs.first { $0.experiment == "w" }?.status == .failed)
        let x = try #require(runs.first { $0.experiment == "x" })
        let rows = try target.queryResults(runId: x.id!), metrics = try target.metrics(runId: x.id!)
        let timings = try target.timings(runId: x.id!)
        #expect(x.status == .complete && rows.map(\.ap) == [0.25] && metrics.map(\.value) == [0.25] && timings.count == 1)
        #expect(throws: ResultsStoreError.missingDatabase(path: dir.appendingPathComponent("none.sqlite").path)) {
            try target.merge(from: dir.appendingPathComponent("none.sqlite"))
        }
    }
}
