import Foundation
import Reports
import ResultsStore
import Testing
import TestSupport

/// `cbir export`: the files of one stored run, their columns, and that the mean of the exported AP column is the
/// stored mAP (what a few lines of numpy would compute).
@Suite struct RunExportTests {
    @Test func writesTheRecordRowsAndRankings() throws {
        let store = try ResultsStore()
        var record = RunRecord(experiment: "e", label: "L", configText: "name: e", resolvedConfig: "name: e", configHash: "h",
                               sweep: "", datasetName: "d", datasetProtocol: "p", datasetIdentity: "ident", codeVersion: "v",
                               libraryVersions: "", machine: "m", apVariant: "oxford", tieRule: "t", preprocessing: "",
                               seeds: "", startedAt: "t0")
        record.numbersRevision = "r"
        let id = try store.beginRun(record)
        let rows = [("q,1", 0.5 as Double?, ["a", "b"]), ("q2", nil, ["b", "a"]), ("q3", 0.25, ["c"])]
        try store.completeRun(id: id, endedAt: "t1", queries: rows.enumerated().map { i, r in
            QueryResultRecord(runId: id, queryIndex: i, queryId: r.0, ap: r.1, ks: [1], precisionAtK: [1], recallAtK: [nil],
                              successAtK: [1], revisitedPrecisionAtK: [nil], positives: r.1 == nil ? 0 : 1,
                              firstPositiveRank: r.1 == nil ? nil : 0, topIds: r.2)
        }, metrics: [], timings: [TimingRecord(runId: id, stage: "search", seconds: 0.5, items: 3)])
        let dir = try SharedData.temporaryDirectory("export")
        let files = try RunExport.export("e", store: store, to: dir.appendingPathComponent("out"))
        #expect(files.map(\.lastPathComponent) == ["run.json", "queries.csv", "queries.jsonl", "rankings.csv"])
        let csv = try String(contentsOf: files[1], encoding: .utf8)
        #expect(csv == """
            query_index,query_id,ap,positives,first_positive_rank,precision@1,recall@1,success@1
            0,"q,1",0.5,1,0,1.0,,1.0
            1,q2,,0,,1.0,,1.0
            2,q3,0.25,1,0,1.0,,1.0

            """)
        // The AP column (the third field after the quoted id of row 0): its mean over non-empty values is the mAP.
        let aps = csv.split(separator: "\n").dropFirst().compactMap { line -> Double? in
            let rest = line.hasPrefix("0,\"q,1\",") ? line.dropFirst("0,\"q,1\",".count) : line.split(separator: ",",
                omittingEmptySubsequences: false).dropFirst(2).joined(separator: ",")[...]
            return Double(rest.prefix { $0 != "," })
        }
        #expect(aps.reduce(0, +) / Double(aps.count) == 0.375)
        #expect(try String(contentsOf: files[3], encoding: .utf8) == "query_id,rank,image_id\n\"q,1\",1,a\n\"q,1\",2,b\nq2,1,b\nq2,2,a\nq3,1,c\n")
        let lines = try String(contentsOf: files[2], encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3 && lines[0].contains(#""topIds":["a","b"]"#) && lines[1].contains(#""queryId":"q2""#))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: files[0])) as? [String: Any]
        #expect((json?["run"] as? [String: Any])?["datasetIdentity"] as? String == "ident")
        #expect(((json?["timings"] as? [[String: Any]])?.first?["stage"] as? String) == "search")
        #expect(throws: ReportError.unknownRun("nope")) { try RunExport.export("nope", store: store, to: dir) }
    }
}
