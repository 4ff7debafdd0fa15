import Foundation
import Reports
import ResultsStore
import Testing

/// `cbir compare`'s statistics against `Fixtures/paired_comparison.py` (numpy with a Python SplitMix64, and the exact
/// randomisation p-value by enumerating all 2¹⁰ sign vectors), and the Markdown over two stored runs.
@Suite struct PairedComparisonTests {
    static let a: [Double?] = [0.50, 0.30, 0.90, 0.10, 0.75, 0.40, nil, 0.60, 0.20, 0.85, 0.55]
    static let b: [Double?] = [0.70, 0.35, 0.85, 0.40, 0.80, 0.45, 0.50, 0.90, 0.10, 0.95, 0.65]
    static let ids = (0..<11).map { "q\($0)" }

    @Test func matchesTheTranscriptionAndTheExactTest() {
        let c = PairedComparison(ids: Self.ids, a: Self.a, b: Self.b)
        #expect(c.pairs.count == 10 && !c.pairs.contains { $0.id == "q6" })
        #expect(abs(c.difference - 0.1) < 1e-15)
        #expect(c.pValue == 0.0565943405659434)
        #expect(abs(c.confidenceInterval.lower - 0.024999999999999974) < 1e-15)
        #expect(abs(c.confidenceInterval.upper - 0.17500000000000002) < 1e-15)
        #expect(abs(c.pValue - 0.05859375) < 0.01)   // the exact test's p, by enumeration
        let (gains, losses) = c.extremes(2)
        #expect(gains.map(\.id) == ["q3", "q7"] && losses.map(\.id) == ["q8", "q2"])
    }

    @Test func markdownOfTwoStoredRunsAndRefusals() throws {
        let store = try ResultsStore()
        func record(_ experiment: String, _ aps: [Double?], identity: String = "ident") throws -> Int64 {
            var r = RunRecord(experiment: experiment, label: experiment.uppercased(), configText: "", resolvedConfig: "",
                              configHash: experiment, sweep: "", datasetName: "d", datasetProtocol: "p",
                              datasetIdentity: identity, codeVersion: "v", libraryVersions: "", machine: "m",
                              apVariant: "oxford", tieRule: "t", preprocessing: "", seeds: "", startedAt: "t0")
            r.numbersRevision = "r"
            let id = try store.beginRun(r)
            try store.completeRun(id: id, endedAt: "t1", queries: aps.indices.map {
                QueryResultRecord(runId: id, queryIndex: $0, queryId: Self.ids[$0], ap: aps[$0], ks: [1], precisionAtK: [0],
                                  recallAtK: [nil], successAtK: [nil], revisitedPrecisionAtK: [nil], positives: 1,
                                  firstPositiveRank: nil, topIds: [])
            }, metrics: [], timings: [])
            return id
        }
        _ = try record("base", Self.a)
        _ = try record("new", Self.b)
        _ = try record("other", Self.b, identity: "elsewhere")
        let md = try RunComparison.markdown("base", "2", store: store, extremes: 1)
        #expect(md.contains("| B − A | +10.00 (95 % CI +2.50 … +17.50, percentile bootstrap over 10000 resamples) |"), "\(md)")
        #expect(md.contains("| paired randomisation test | p = 0.0566 (two-sided, 10000 random sign flips, seed 0) |"))
        #expect(md.contains("10 queries compared (1 without an AP in a run left out)"))
        #expect(md.contains("| q3 | 10.0 | 40.0 | +30.00 |") && md.contains("| q8 | 20.0 | 10.0 | -10.00 |"))
        #expect(throws: ReportError.unknownRun("nope")) { try RunComparison.markdown("base", "nope", store: store) }
        #expect(String(describing: ReportError.unknownRun("nope"))
                == "'nope': no complete run with that id or experiment name; the experiments stored are the rows of `cbir report`.")
        #expect(throws: RunComparison.Failure.incomparable("run 1 is on d (p) ident, run 3 on d (p) elsewhere")) {
            try RunComparison.markdown("base", "other", store: store)
        }
    }
}
