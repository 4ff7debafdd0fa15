/// The scores of one query's ranking, as stored per query.
public struct QueryEvaluation: Equatable, Sendable {
    /// AP in the run's variant; nil when the query has no positives (dropped from means).
    public var averagePrecision: Double?
    /// Precision at each cut-off of `ks` (junk removed first).
    public var precisionAtK: [Double]
    /// Recall at each cut-off (fraction of positives in the top k); nil entries without positives.
    public var recallAtK: [Double?]
    /// Success at each cut-off (any positive in the top k); nil entries without positives.
    public var successAtK: [Double?]
    /// revisitop's mP@k terms; nil without positives.
    public var revisitedPrecisionAtK: [Double?]
    /// Number of positives.
    public var positiveCount: Int
    /// 0-based rank of the first positive after junk removal, nil if none retrieved.
    public var firstPositiveRank: Int?

    /// Scores `ranking` (database indices, best first) against `judgement` at the cut-offs `ks`.
    public init(ranking: [Int], judgement: RelevanceJudgement, variant: APVariant, ks: [Int]) {
        let ranked = RankedJudgement(ranking: ranking, judgement: judgement)
        averagePrecision = ranked.averagePrecision(variant)
        precisionAtK = ks.map { ranked.precision(at: $0) }
        recallAtK = ks.map { ranked.recall(at: $0) }
        successAtK = ks.map { ranked.success(at: $0) }
        revisitedPrecisionAtK = ks.map { ranked.revisitedPrecision(at: $0) }
        positiveCount = judgement.positives.count
        firstPositiveRank = ranked.firstPositiveRank
    }
}

/// A mean over queries that skips missing values and says how many it skipped.
public struct MeanOverQueries: Equatable, Sendable {
    public var mean: Double
    /// Queries that contributed.
    public var count: Int
    /// Queries skipped (no positives).
    public var dropped: Int

    /// The mean of the non-nil values (NaN when there are none).
    public init(_ values: [Double?]) {
        let present = values.compactMap { $0 }
        count = present.count
        dropped = values.count - present.count
        mean = present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count)
    }
}
