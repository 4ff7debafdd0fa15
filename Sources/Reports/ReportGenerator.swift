import Foundation
import ResultsStore

/// Renders a `TableSpec` from the results database as Markdown and CSV. Every value is derived from the stored
/// per-query rows of each row's latest complete run (`MetricAggregation`). The output has no timestamps, a fixed
/// order and fixed number formats, so it is byte-identical when the database has not changed.
///
/// Markdown: one line per row, the columns in the spec's order (— where a row has no run or no experiment for the
/// column's dataset). CSV: one line per row and dataset it names (a single-dataset table has no `dataset` field), the
/// distinct metrics of the columns, then the provenance of that run.
public struct ReportGenerator {
    public let store: ResultsStore

    public init(store: ResultsStore) { self.store = store }

    public struct Output: Equatable, Sendable {
        public var markdown: String
        public var csv: String
    }

    /// The latest complete run of one experiment and its per-query rows.
    struct Measured {
        var experiment: String
        var run: RunRecord?
        var results: [QueryResultRecord]
    }

    public func render(_ spec: TableSpec) throws -> Output {
        let anyPublished = spec.rows.contains { !$0.published.isEmpty }
        let datasets = spec.datasets
        let multi = datasets != [nil]
        var metrics: [String] = []
        for column in spec.columns where !metrics.contains(column.metric) { metrics.append(column.metric) }
        var header = ["method"]
        for column in spec.columns {
            header.append(column.header)
            if anyPublished { header.append("\(column.header) (published)") }
        }
        var csvHeader = ["method"] + (multi ? ["dataset"] : []) + ["experiment"]
        for metric in metrics { csvHeader += [metric] + (anyPublished ? ["\(metric)_published"] : []) }
        csvHeader += ["queries", "dropped", "run", "config_hash", "dataset_identity", "code_version"]
        var markdownRows: [[String]] = []
        var csvRows: [[String]] = []
        var provenance: [String] = []
        var sources: [String] = []
        for row in spec.rows {
            var measured: [String: Measured] = [:]
            for dataset in datasets {
                guard let experiment = row.experiment(dataset) else { continue }
                let run = try store.latestCompleteRun(experiment: experiment)
                measured[dataset ?? ""] = Measured(experiment: experiment, run: run,
                                                   results: try run.map { try store.queryResults(runId: $0.id!) } ?? [])
            }
            var md = [row.displayName]
            for column in spec.columns {
                let value = measured[column.dataset ?? ""].flatMap { MetricAggregation.mean(column.metric, in: $0.results) }
                md.append(value.map { column.render($0.value) } ?? "—")
                if anyPublished { md.append(row.published[column.metric].map { column.render($0) } ?? "—") }
            }
            markdownRows.append(md)
            for dataset in datasets {
                guard let m = measured[dataset ?? ""] else { continue }
                let own = Set(spec.columns.filter { $0.dataset == dataset }.map(\.metric))
                var csv = [row.displayName] + (multi ? [dataset!] : []) + [m.experiment]
                for metric in metrics {
                    let value = own.contains(metric) ? MetricAggregation.mean(metric, in: m.results) : nil
                    csv.append(value.map { String(format: "%.6f", $0.value) } ?? "")
                    if anyPublished { csv.append(row.published[metric].map { String(format: "%.6f", $0) } ?? "") }
                }
                let map = MetricAggregation.mean("map", in: m.results)
                csv += [map.map { "\($0.count)" } ?? "", map.map { "\($0.dropped)" } ?? "",
                        m.run.map { "\($0.id!)" } ?? "", m.run.map { String($0.configHash.prefix(12)) } ?? "",
                        m.run.map { String($0.datasetIdentity.prefix(12)) } ?? "", m.run?.codeVersion ?? ""]
                csvRows.append(csv)
                let what = row.displayName + (multi ? " (\(dataset!))" : "")
                if let run = m.run {
                    provenance.append("- \(what): run \(run.id!), `\(run.label)`, "
                                      + "\(run.datasetName) (\(run.datasetProtocol)) dataset \(run.datasetIdentity.prefix(12)), "
                                      + "config \(run.configHash.prefix(12)), code \(run.codeVersion), AP \(run.apVariant), "
                                      + "\(map.map { "\($0.count) queries" } ?? "no queries")")
                } else {
                    provenance.append("- \(what): no complete run of `\(m.experiment)` (run its config with `cbir run`)")
                }
            }
            if let source = row.source, !sources.contains(source) { sources.append(source) }
        }
        var md = "# \(spec.title)\n\n"
        if let description = spec.description { md += description.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n" }
        md += "| " + header.joined(separator: " | ") + " |\n"
        md += "|" + header.indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|") + "|\n"
        for r in markdownRows { md += "| " + r.joined(separator: " | ") + " |\n" }
        if !spec.notes.isEmpty || !sources.isEmpty {
            md += "\n"
            for note in spec.notes { md += "- \(note)\n" }
            for source in sources { md += "- Published values: \(source)\n" }
        }
        md += "\nProvenance (latest complete run of each row; regenerate with `cbir report`):\n\n"
        md += provenance.joined(separator: "\n") + "\n"
        let csv = ([csvHeader] + csvRows).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
        return Output(markdown: md, csv: csv)
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
