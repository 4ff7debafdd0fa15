import Foundation
import ResultsStore

/// The printed outcome of one run: its stored metrics as a small table.
public struct RunSummary: Sendable {
    public let run: RunRecord
    public let metrics: [MetricRecord]
    /// True when an existing complete run was reused instead of recomputed.
    public let reused: Bool

    init(run: RunRecord, store: ResultsStore, reused: Bool) throws {
        self.run = run
        self.metrics = try store.metrics(runId: run.id ?? -1)
        self.reused = reused
    }

    /// Metric value by name.
    public func metric(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }

    /// A Markdown table of the headline metrics.
    public var table: String {
        let names = ["map", "recall@1", "success@1", "precision@5", "mp@5"].filter { metric($0) != nil }
        let queries = metrics.first { $0.name == "map" }.map { "\($0.count) queries, \($0.dropped) dropped" } ?? ""
        let note: String = reused ? " [already complete: stored results]" : ""
        let header: String = "| " + names.joined(separator: " | ") + " |"
        let rule: String = "|" + names.map { _ in "---:" }.joined(separator: "|") + "|"
        let values: [String] = names.map { String(format: "%.4f", metric($0) ?? .nan) }
        let row: String = "| " + values.joined(separator: " | ") + " |"
        let lines: [String] = ["\(run.experiment) — \(run.label)",
                               "\(run.datasetName) (\(run.datasetProtocol)), AP: \(run.apVariant), \(queries)\(note)",
                               "", header, rule, row, ""]
        return lines.joined(separator: "\n")
    }
}
