import Foundation
import ResultsStore

/// `cbir compare A B`: two complete runs of the same queries (same dataset identity and AP variant), their per-query
/// AP differences, the largest gains and losses, a paired randomisation test and a bootstrap CI of the mAP difference
/// (`PairedComparison`), as Markdown.
public enum RunComparison {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case incomparable(String)

        public var description: String {
            switch self {
            case .incomparable(let problem):
                "\(problem); compare runs of the same benchmark under the same AP variant."
            }
        }
    }

    public static func markdown(_ nameA: String, _ nameB: String, store: ResultsStore, permutations: Int = 10_000,
                                resamples: Int = 10_000, seed: UInt64 = 0, extremes count: Int = 5) throws -> String {
        let a = try Reporting.completeRun(named: nameA, in: store), b = try Reporting.completeRun(named: nameB, in: store)
        guard a.datasetIdentity == b.datasetIdentity else {
            throw Failure.incomparable("run \(a.id!) is on \(a.datasetName) (\(a.datasetProtocol)) \(a.datasetIdentity.prefix(12)), "
                                       + "run \(b.id!) on \(b.datasetName) (\(b.datasetProtocol)) \(b.datasetIdentity.prefix(12))")
        }
        guard a.apVariant == b.apVariant else {
            throw Failure.incomparable("run \(a.id!) uses AP '\(a.apVariant)', run \(b.id!) '\(b.apVariant)'")
        }
        let rowsA = try store.queryResults(runId: a.id!), rowsB = try store.queryResults(runId: b.id!)
        let c = PairedComparison(ids: rowsA.map(\.queryId), a: rowsA.map(\.ap), b: rowsB.map(\.ap),
                                 permutations: permutations, resamples: resamples, seed: seed)
        func pct(_ x: Double) -> String { String(format: "%.1f", x * 100) }
        func signed(_ x: Double) -> String { String(format: "%+.2f", x * 100) }
        let mapA = c.pairs.map(\.a).reduce(0, +) / Double(max(c.pairs.count, 1))
        let mapB = c.pairs.map(\.b).reduce(0, +) / Double(max(c.pairs.count, 1))
        var md = "# Run \(a.id!) vs run \(b.id!)\n\n"
        md += "- A: run \(a.id!), `\(a.experiment)`, `\(a.label)`\n- B: run \(b.id!), `\(b.experiment)`, `\(b.label)`\n"
        md += "- \(a.datasetName) (\(a.datasetProtocol)), dataset \(a.datasetIdentity.prefix(12)), AP \(a.apVariant); "
            + "\(c.pairs.count) queries compared (\(rowsA.count - c.pairs.count) without an AP in a run left out)\n\n"
        md += "| | mAP |\n|---|---:|\n| A | \(pct(mapA)) |\n| B | \(pct(mapB)) |\n"
        md += "| B − A | \(signed(c.difference)) (95 % CI \(signed(c.confidenceInterval.lower)) … "
            + "\(signed(c.confidenceInterval.upper)), percentile bootstrap over \(c.resamples) resamples) |\n"
        md += "| paired randomisation test | p = \(String(format: "%.4f", c.pValue)) (two-sided, \(c.permutations) "
            + "random sign flips, seed \(seed)) |\n"
        let (gains, losses) = c.extremes(count)
        for (title, rows) in [("Largest gains (B over A)", gains), ("Largest losses (B under A)", losses)] {
            md += "\n## \(title)\n\n"
            guard !rows.isEmpty else { md += "none\n"; continue }
            md += "| query | A AP | B AP | B − A |\n|---|---:|---:|---:|\n"
            for r in rows { md += "| \(r.id) | \(pct(r.a)) | \(pct(r.b)) | \(signed(r.b - r.a)) |\n" }
        }
        return md
    }
}
