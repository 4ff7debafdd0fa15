import Foundation
import ResultsStore

/// Renders a `TableSpec` from the results database as Markdown and CSV. Every value is derived from the stored
/// per-query rows of each row's latest complete run (`MetricAggregation`). The output has no timestamps, a fixed
/// order and fixed number formats, so it is byte-identical when the database has not changed.
///
/// Markdown: one line per row, the columns in the spec's order (— where a row has no run or no experiment for the
/// column's dataset). CSV: one line per row and dataset it names (a single-dataset table has no `dataset` field), the
/// distinct metrics of the columns, then the provenance of that run.
///
/// Stale values: a run whose numbers revision (`RunRecord.numbersRevision`) is not `currentRevision` was computed by
/// other code than the code that would compute it now; its values carry a † in Markdown, a note says how many and what
/// to rerun, and the CSV's `stale` field is `yes`. Values of two revisions are never mixed silently.
public struct ReportGenerator {
    public let store: ResultsStore
    /// The numbers revision of the code now (nil: nothing is marked).
    public let currentRevision: String?

    public init(store: ResultsStore, currentRevision: String? = nil) {
        self.store = store
        self.currentRevision = currentRevision
    }

    func isStale(_ run: RunRecord) -> Bool {
        currentRevision.map { run.numbersRevision != $0 } ?? false
    }

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
        for metric in metrics {
            csvHeader += [metric] + (anyPublished ? ["\(metric)_published"] : [])
                + (spec.differencesFrom != nil ? ["\(metric)_difference"] : [])
        }
        csvHeader += ["queries", "dropped", "run", "config_hash", "dataset_identity", "code_version", "numbers_revision",
                      "stale"]
        var markdownRows: [[String]] = []
        var csvRows: [[String]] = []
        var provenance: [String] = []
        var sources: [String] = []
        var staleExperiments: [String] = []
        var sharingExperiments: [String] = []
        var transductiveExperiments: [String] = []
        func measure(_ row: TableSpec.Row) throws -> [String: Measured] {
            var measured: [String: Measured] = [:]
            for dataset in datasets {
                guard let experiment = row.experiment(dataset) else { continue }
                let run = try store.latestCompleteRun(experiment: experiment)
                measured[dataset ?? ""] = Measured(experiment: experiment, run: run,
                                                   results: try run.map { try store.queryResults(runId: $0.id!) } ?? [])
            }
            return measured
        }
        let reference = try spec.differencesFrom.flatMap { name in spec.rows.first { $0.displayName == name } }.map(measure)
        /// The value of `metric` minus the reference row's, for a row other than the reference.
        func difference(_ metric: String, _ dataset: String?, _ m: Measured?, of row: TableSpec.Row) -> Double? {
            guard let reference, row.displayName != spec.differencesFrom,
                  let value = m.flatMap({ MetricAggregation.mean(metric, in: $0.results) }),
                  let base = reference[dataset ?? ""].flatMap({ MetricAggregation.mean(metric, in: $0.results) }) else {
                return nil
            }
            return value.value - base.value
        }
        for row in spec.rows {
            let measured = try measure(row)
            var md = [row.displayName]
            for column in spec.columns {
                let m = measured[column.dataset ?? ""]
                let value = m.flatMap { MetricAggregation.mean(column.metric, in: $0.results) }
                let stale = m?.run.map(isStale) ?? false
                let delta = difference(column.metric, column.dataset, m, of: row).map { " (\(column.renderDifference($0)))" }
                // A named experiment without a complete run is "not run" (its config exists; the data may be absent).
                let shares = m?.run?.fitSetSharesDatabase ?? false
                if shares, let m, !sharingExperiments.contains(m.experiment) { sharingExperiments.append(m.experiment) }
                let transductive = m?.run?.isTransductive ?? false
                if transductive, let m, !transductiveExperiments.contains(m.experiment) {
                    transductiveExperiments.append(m.experiment)
                }
                let marks = (stale ? "†" : "") + (shares ? "‡" : "") + (transductive ? "§" : "")
                md.append(value.map { column.render($0.value) + marks + (delta ?? "") }
                          ?? (m != nil && m?.run == nil ? "not run" : "—"))
                if anyPublished { md.append(row.publishedValue(column).map { column.render($0) } ?? "—") }
            }
            markdownRows.append(md)
            for dataset in datasets {
                guard let m = measured[dataset ?? ""] else { continue }
                let own = Set(spec.columns.filter { $0.dataset == dataset }.map(\.metric))
                var csv = [row.displayName] + (multi ? [dataset!] : []) + [m.experiment]
                for metric in metrics {
                    let value = own.contains(metric) ? MetricAggregation.mean(metric, in: m.results) : nil
                    csv.append(value.map { String(format: "%.6f", $0.value) } ?? "")
                    if anyPublished {
                        let published = row.published["\(dataset ?? ""):\(metric)"] ?? row.published[metric]
                        csv.append(published.map { String(format: "%.6f", $0) } ?? "")
                    }
                    if spec.differencesFrom != nil {
                        let delta = own.contains(metric) ? difference(metric, dataset, m, of: row) : nil
                        csv.append(delta.map { String(format: "%.6f", $0) } ?? "")
                    }
                }
                let map = MetricAggregation.mean("map", in: m.results)
                csv += [map.map { "\($0.count)" } ?? "", map.map { "\($0.dropped)" } ?? "",
                        m.run.map { "\($0.id!)" } ?? "", m.run.map { String($0.configHash.prefix(12)) } ?? "",
                        m.run.map { String($0.datasetIdentity.prefix(12)) } ?? "", m.run?.codeVersion ?? "",
                        m.run?.numbersRevision ?? "",
                        m.run.map { run in currentRevision == nil ? "" : isStale(run) ? "yes" : "no" } ?? ""]
                csvRows.append(csv)
                if let run = m.run, isStale(run), !staleExperiments.contains(m.experiment) { staleExperiments.append(m.experiment) }
                let what = row.displayName + (multi ? " (\(dataset!))" : "")
                if let run = m.run {
                    provenance.append("- \(what): run \(run.id!), `\(run.label)`, "
                                      + "\(run.datasetName) (\(run.datasetProtocol)) dataset \(run.datasetIdentity.prefix(12)), "
                                      + "config \(run.configHash.prefix(12)), code \(run.codeVersion), "
                                      + "numbers \(run.numbersRevision.isEmpty ? "unrecorded" : run.numbersRevision), AP \(run.apVariant), "
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
        if let current = currentRevision, !staleExperiments.isEmpty {
            md += "\n† Stale: computed by another revision of the code that decides the numbers than the current one "
                + "(\(current)); rerun with `cbir run` the configs of: \(staleExperiments.joined(separator: ", ")).\n"
        }
        if !sharingExperiments.isEmpty {
            md += "\n‡ A learned stage was fitted on a set that \(RunRecord.fitSetSharesDatabase) (never with a query): "
                + "\(sharingExperiments.joined(separator: ", ")).\n"
        }
        if !transductiveExperiments.isEmpty {
            md += "\n§ Transductive re-ranking (a query's result depends on the other queries): "
                + "\(transductiveExperiments.joined(separator: ", ")).\n"
        }
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
