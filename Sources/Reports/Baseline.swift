import ResultsStore

/// A committed accuracy baseline (`Results/baselines/<name>.yaml`): an experiment's metrics must not drop below
/// `value − tolerance`. `cbir check` is the CI accuracy gate.
///
///     experiment: default
///     metrics:
///       - {metric: map, value: 0.95, tolerance: 0.005}
public struct Baseline: Decodable, Sendable, Equatable {
    public var experiment: String
    public var metrics: [Expectation]

    enum CodingKeys: String, CodingKey, CaseIterable { case experiment, metrics }

    public init(experiment: String, metrics: [Expectation]) {
        self.experiment = experiment
        self.metrics = metrics
    }

    public struct Expectation: Decodable, Sendable, Equatable {
        public var metric: String
        public var value: Double
        public var tolerance: Double

        enum CodingKeys: String, CodingKey, CaseIterable { case metric, value, tolerance }

        public init(metric: String, value: Double, tolerance: Double) {
            self.metric = metric; self.value = value; self.tolerance = tolerance
        }
    }

    /// The outcome of one expectation.
    public enum Outcome: Equatable, Sendable, CustomStringConvertible {
        case pass(experiment: String, metric: String, measured: Double, baseline: Double, tolerance: Double)
        case regression(experiment: String, metric: String, measured: Double, baseline: Double, tolerance: Double)
        case missingRun(experiment: String)
        case missingMetric(experiment: String, metric: String)

        public var isFailure: Bool {
            if case .pass = self { return false }
            return true
        }

        public var description: String {
            switch self {
            case .pass(let e, let m, let measured, let baseline, let tolerance):
                "ok    \(e) \(m) = \(fmt(measured)) (baseline \(fmt(baseline)) − \(fmt(tolerance)))"
            case .regression(let e, let m, let measured, let baseline, let tolerance):
                "FAIL  \(e) \(m) = \(fmt(measured)) < baseline \(fmt(baseline)) − tolerance \(fmt(tolerance))"
            case .missingRun(let e):
                "FAIL  \(e): no complete run in the database; run its config with `cbir run` first"
            case .missingMetric(let e, let m):
                "FAIL  \(e): its latest run has no metric \(m)"
            }
        }
    }

    /// Compares the latest complete run of the experiment with every expectation (recomputed from per-query rows).
    public func check(in store: ResultsStore) throws -> [Outcome] {
        guard let run = try store.latestCompleteRun(experiment: experiment), let id = run.id else {
            return [.missingRun(experiment: experiment)]
        }
        let rows = try store.queryResults(runId: id)
        return metrics.map { e in
            guard let measured = MetricAggregation.mean(e.metric, in: rows)?.value else {
                return .missingMetric(experiment: experiment, metric: e.metric)
            }
            return measured < e.value - e.tolerance
                ? .regression(experiment: experiment, metric: e.metric, measured: measured, baseline: e.value,
                              tolerance: e.tolerance)
                : .pass(experiment: experiment, metric: e.metric, measured: measured, baseline: e.value,
                        tolerance: e.tolerance)
        }
    }
}

private func fmt(_ x: Double) -> String { String(format: "%.4f", x) }

import Foundation
