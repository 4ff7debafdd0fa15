import Foundation
import ResultsStore

/// Renders a `TableSpec` from the results database as Markdown and CSV. Every value is derived from the stored
/// per-query rows of each row's latest complete run (`MetricAggregation`). The output has no timestamps, a fixed
/// order and fixed number formats, so it is byte-identical when the database has not changed.
public struct ReportGenerator {
    public let store: ResultsStore

    public init(store: ResultsStore) { self.store = store }

    public struct Output: Equatable, Sendable {
        public var markdown: String
        public var csv: String
    }

    struct Cell {
        var measured: String
        var published: String?
    }

    public func render(_ spec: TableSpec) throws -> Output {
        let anyPublished = spec.rows.contains { !$0.published.isEmpty }
        var header = ["method"]
        var csvHeader = ["method", "experiment"]
        for column in spec.columns {
            header.append(column.header)
            csvHeader.append(column.metric)
            if anyPublished {
                header.append("\(column.header) (published)")
                csvHeader.append("\(column.metric)_published")
            }
        }
        csvHeader += ["queries", "dropped", "run", "config_hash", "dataset_identity", "code_version"]
        var markdownRows: [[String]] = []
        var csvRows: [[String]] = []
        var provenance: [String] = []
        var sources: [String] = []
        for row in spec.rows {
            let run = try store.latestCompleteRun(experiment: row.experiment)
            let results = try run.map { try store.queryResults(runId: $0.id!) } ?? []
            var md = [row.name ?? row.experiment]
            var csv = [row.name ?? row.experiment, row.experiment]
            for column in spec.columns {
                let measured = MetricAggregation.mean(column.metric, in: results)
                md.append(measured.map { column.render($0.value) } ?? "—")
                csv.append(measured.map { String(format: "%.6f", $0.value) } ?? "")
                if anyPublished {
                    let published = row.published[column.metric]
                    md.append(published.map { column.render($0) } ?? "—")
                    csv.append(published.map { String(format: "%.6f", $0) } ?? "")
                }
            }
            let map = MetricAggregation.mean("map", in: results)
            csv += [map.map { "\($0.count)" } ?? "", map.map { "\($0.dropped)" } ?? "",
                    run.map { "\($0.id!)" } ?? "", run.map { String($0.configHash.prefix(12)) } ?? "",
                    run.map { String($0.datasetIdentity.prefix(12)) } ?? "", run?.codeVersion ?? ""]
            markdownRows.append(md)
            csvRows.append(csv)
            if let run {
                provenance.append("- \(row.name ?? row.experiment): run \(run.id!), `\(run.label)`, "
                                  + "\(run.datasetName) (\(run.datasetProtocol)) dataset \(run.datasetIdentity.prefix(12)), "
                                  + "config \(run.configHash.prefix(12)), code \(run.codeVersion), AP \(run.apVariant), "
                                  + "\(map.map { "\($0.count) queries" } ?? "no queries")")
            } else {
                provenance.append("- \(row.name ?? row.experiment): no complete run of `\(row.experiment)` "
                                  + "(run its config with `cbir run`)")
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
