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

    /// Means over queries of the stored per-query values (the same rule reports use).
    static func aggregate(_ rows: [QueryResultRecord], runId: Int64) -> [MetricRecord] {
        guard let ks = rows.first?.ks else { return [] }
        var named: [(String, MeanOverQueries)] = [("map", MeanOverQueries(rows.map(\.ap)))]
        for (i, k) in ks.enumerated() {
            named.append(("precision@\(k)", MeanOverQueries(rows.map { $0.precisionAtK[i] })))
            named.append(("recall@\(k)", MeanOverQueries(rows.map { $0.recallAtK[i] })))
            named.append(("success@\(k)", MeanOverQueries(rows.map { $0.successAtK[i] })))
            named.append(("mp@\(k)", MeanOverQueries(rows.map { $0.revisitedPrecisionAtK[i] })))
        }
        return named.filter { $0.1.count > 0 }.map {
            MetricRecord(runId: runId, name: $0.0, value: $0.1.mean, count: $0.1.count, dropped: $0.1.dropped)
        }
    }
}
