/// The one rule by which aggregates are derived from stored per-query rows (used when a run completes and by every
/// report): the mean over queries of a per-query value, skipping queries where it is undefined (no positives).
///
/// Metric names: `map`, `precision@k`, `recall@k`, `success@k`, `mp@k` (revisitop's mP@k), for the cut-offs the
/// run stored.
public enum MetricAggregation {
    public struct Mean: Equatable, Sendable {
        public var value: Double
        public var count: Int
        public var dropped: Int
    }

    /// The per-query values of metric `name`, or nil if the rows do not carry it (e.g. an unstored cut-off).
    public static func values(_ name: String, in rows: [QueryResultRecord]) -> [Double?]? {
        if name == "map" { return rows.map(\.ap) }
        let parts = name.split(separator: "@")
        guard parts.count == 2, let k = Int(parts[1]) else { return nil }
        return rows.map { row -> Double?? in
            guard let i = row.ks.firstIndex(of: k) else { return nil }
            switch parts[0] {
            // Undefined without positives, like every other metric: such a query is dropped, not counted as 0.
            case "precision": return .some(row.positives > 0 ? row.precisionAtK[i] : nil)
            case "recall": return .some(row.recallAtK[i])
            case "success": return .some(row.successAtK[i])
            case "mp": return .some(row.revisitedPrecisionAtK[i])
            default: return nil
            }
        }.reduce([Double?]?.some([])) { acc, v in
            guard var acc, let v else { return nil }
            acc.append(v)
            return acc
        }
    }

    /// The mean of metric `name` over `rows`, nil when the rows do not carry it or no query contributes.
    public static func mean(_ name: String, in rows: [QueryResultRecord]) -> Mean? {
        guard let values = values(name, in: rows) else { return nil }
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return nil }
        return Mean(value: present.reduce(0, +) / Double(present.count), count: present.count,
                    dropped: values.count - present.count)
    }

    /// Every metric the rows carry, in a fixed order.
    public static func all(in rows: [QueryResultRecord]) -> [(name: String, mean: Mean)] {
        guard let ks = rows.first?.ks else { return [] }
        let names = ["map"] + ks.flatMap { ["precision@\($0)", "recall@\($0)", "success@\($0)", "mp@\($0)"] }
        return names.compactMap { name in mean(name, in: rows).map { (name, $0) } }
    }
}
