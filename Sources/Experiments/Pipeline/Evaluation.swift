import Datasets
import RetrievalCore
import ResultsStore

/// Scores every query's ranking and derives the run's aggregates from those per-query scores.
struct Evaluation {
    let queryRows: [QueryResultRecord]
    let metrics: [MetricRecord]

    init(benchmark: Benchmark, rankings: [[Int]], config: EvaluationConfig, runId: Int64) {
        let ks = config.ks
        let scores = zip(benchmark.queries, rankings).map { query, ranking in
            QueryEvaluation(ranking: ranking, judgement: query.judgement, variant: config.ap, ks: ks)
        }
        queryRows = scores.indices.map { i in
            let s = scores[i]
            return QueryResultRecord(runId: runId, queryIndex: i, queryId: benchmark.queries[i].id, ap: s.averagePrecision,
                                     ks: ks, precisionAtK: s.precisionAtK, recallAtK: s.recallAtK,
                                     successAtK: s.successAtK, revisitedPrecisionAtK: s.revisitedPrecisionAtK,
                                     positives: s.positiveCount, firstPositiveRank: s.firstPositiveRank,
                                     topIds: rankings[i].prefix(config.storeTopK).map { benchmark.database[$0].id })
        }
        metrics = Self.aggregate(queryRows, runId: runId)
    }

    /// The aggregates of the stored per-query values (`MetricAggregation`, the rule reports use too).
    static func aggregate(_ rows: [QueryResultRecord], runId: Int64) -> [MetricRecord] {
        MetricAggregation.all(in: rows).map {
            MetricRecord(runId: runId, name: $0.name, value: $0.mean.value, count: $0.mean.count, dropped: $0.mean.dropped)
        }
    }
}
