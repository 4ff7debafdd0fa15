@testable import ResultsStore
import Testing

/// Aggregates skip a query without positives in every metric (not only AP) and count it as dropped.
@Suite struct MetricAggregationTests {
    func row(_ index: Int, ap: Double?, positives: Int, precision: Double) -> QueryResultRecord {
        QueryResultRecord(runId: 1, queryIndex: index, queryId: "q\(index)", ap: ap, ks: [1], precisionAtK: [precision],
                          recallAtK: [positives > 0 ? precision : nil], successAtK: [positives > 0 ? precision : nil],
                          revisitedPrecisionAtK: [positives > 0 ? precision : nil], positives: positives,
                          firstPositiveRank: positives > 0 ? 0 : nil, topIds: [])
    }

    @Test func aQueryWithoutPositivesIsDroppedFromEveryMean() throws {
        let rows = [row(0, ap: 1, positives: 1, precision: 1), row(1, ap: 0.5, positives: 2, precision: 0),
                    row(2, ap: nil, positives: 0, precision: 0)]
        let all = Dictionary(uniqueKeysWithValues: MetricAggregation.all(in: rows).map { ($0.name, $0.mean) })
        #expect(all["map"] == MetricAggregation.Mean(value: 0.75, count: 2, dropped: 1))
        #expect(all["precision@1"] == MetricAggregation.Mean(value: 0.5, count: 2, dropped: 1))
        #expect(all["recall@1"] == MetricAggregation.Mean(value: 0.5, count: 2, dropped: 1))
        #expect(all["mp@1"]?.dropped == 1 && all["success@1"]?.dropped == 1)
    }
}
