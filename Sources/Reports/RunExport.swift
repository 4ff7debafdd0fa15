import Foundation
import ResultsStore

/// `cbir export RUN --to DIR`: what the database holds of one run, in formats numpy, pandas and `jq` read directly.
///
/// | file | contents |
/// |---|---|
/// | `run.json` | the run record: experiment, label, config text and resolved config, config hash, dataset name / protocol / identity, numbers revision, code and library versions, machine, AP variant, tie rule, preprocessing, seeds, notes, timings |
/// | `queries.csv` | one row per query: `query_index,query_id,ap,positives,first_positive_rank` then `precision@k`, `recall@k`, `success@k` for each stored k (empty = undefined) |
/// | `queries.jsonl` | one JSON object per query: the stored record's fields (`queryIndex`, `queryId`, `ap`, `ks`, `precisionAtK`, …, `topIds`) |
/// | `rankings.csv` | `query_id,rank,image_id` for the stored top of each ranking (`evaluation.store_top_k` ids, rank from 1) |
///
/// The mean of the non-empty `ap` column is the run's mAP (the database's rows, not a recomputation).
public enum RunExport {
    /// Writes the files into `folder` (created if missing); returns them.
    public static func export(_ name: String, store: ResultsStore, to folder: URL) throws -> [URL] {
        let run = try Reporting.completeRun(named: name, in: store)
        let rows = try store.queryResults(runId: run.id!)
        let timings = try store.timings(runId: run.id!)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [URL] = []
        func write(_ file: String, _ data: Data) throws {
            let url = folder.appendingPathComponent(file)
            try data.write(to: url, options: .atomic)
            written.append(url)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        struct Exported: Encodable {
            let run: RunRecord
            let timings: [TimingRecord]
        }
        try write("run.json", try encoder.encode(Exported(run: run, timings: timings)))
        let ks = rows.first?.ks ?? []
        func number(_ x: Double?) -> String { x.map { String($0) } ?? "" }
        var csv = (["query_index", "query_id", "ap", "positives", "first_positive_rank"]
                   + ks.flatMap { ["precision@\($0)", "recall@\($0)", "success@\($0)"] }).joined(separator: ",") + "\n"
        for r in rows {
            var fields = [String(r.queryIndex), csvField(r.queryId), number(r.ap), String(r.positives),
                          r.firstPositiveRank.map(String.init) ?? ""]
            for i in ks.indices {
                fields += [number(r.precisionAtK[i]), number(r.recallAtK[i]), number(r.successAtK[i])]
            }
            csv += fields.joined(separator: ",") + "\n"
        }
        try write("queries.csv", Data(csv.utf8))
        let lineEncoder = JSONEncoder()
        lineEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var jsonl = Data()
        for r in rows {
            jsonl.append(try lineEncoder.encode(r))
            jsonl.append(Data("\n".utf8))
        }
        try write("queries.jsonl", jsonl)
        var rankings = "query_id,rank,image_id\n"
        for r in rows {
            for (rank, id) in r.topIds.enumerated() { rankings += "\(csvField(r.queryId)),\(rank + 1),\(csvField(id))\n" }
        }
        try write("rankings.csv", Data(rankings.utf8))
        return written
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
