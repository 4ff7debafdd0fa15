/// Where a query's positives and junk fall in a ranking, and the ranks that scoring uses.
public struct RankedJudgement: Equatable, Sendable {
    /// 0-based ranks of the positives in the ranking as given (junk still in), ascending.
    public let positiveRanks: [Int]
    /// 0-based ranks of the junk items in the ranking as given, ascending.
    public let junkRanks: [Int]
    /// Number of positives of the query (retrieved or not).
    public let positiveCount: Int

    /// Locates the judgement's items in `ranking` (a list of database indices, best first).
    public init(ranking: [Int], judgement: RelevanceJudgement) {
        var positives: [Int] = []
        var junk: [Int] = []
        for (rank, item) in ranking.enumerated() {
            if judgement.positives.contains(item) { positives.append(rank) }
            else if judgement.junk.contains(item) { junk.append(rank) }
        }
        positiveRanks = positives
        junkRanks = junk
        positiveCount = judgement.positives.count
    }

    /// Positive ranks after removing junk from the ranking: each rank shifted down by the number of junk items
    /// ranked before it (revisitop's adjustment). `[0,2,6,10,20]` with junk `[1,8,9,30]` gives `[0,1,5,7,17]`.
    public var junkFreePositiveRanks: [Int] {
        Self.removingJunk(positiveRanks: positiveRanks, junkRanks: junkRanks)
    }

    /// The junk adjustment as a pure function on sorted rank lists.
    public static func removingJunk(positiveRanks: [Int], junkRanks: [Int]) -> [Int] {
        var adjusted: [Int] = []
        adjusted.reserveCapacity(positiveRanks.count)
        var junkBefore = 0
        for rank in positiveRanks {
            while junkBefore < junkRanks.count && junkRanks[junkBefore] < rank { junkBefore += 1 }
            adjusted.append(rank - junkBefore)
        }
        return adjusted
    }

    /// AP in the given variant; nil when the query has no positives.
    public func averagePrecision(_ variant: APVariant) -> Double? {
        variant.averagePrecision(positiveRanks: junkFreePositiveRanks, positiveCount: positiveCount)
    }

    /// Precision at k on the junk-free ranking: |positives in the top k| / k.
    public func precision(at k: Int) -> Double {
        precondition(k > 0, "precision(at:): k must be positive")
        return Double(junkFreePositiveRanks.prefix { $0 < k }.count) / Double(k)
    }

    /// Recall at k on the junk-free ranking: |positives in the top k| / |positives|; nil without positives.
    public func recall(at k: Int) -> Double? {
        precondition(k > 0, "recall(at:): k must be positive")
        guard positiveCount > 0 else { return nil }
        return Double(junkFreePositiveRanks.prefix { $0 < k }.count) / Double(positiveCount)
    }

    /// Success at k: 1 if any positive is in the top k of the junk-free ranking, else 0 (what place-recognition
    /// papers call "recall@N"); nil without positives.
    public func success(at k: Int) -> Double? {
        precondition(k > 0, "success(at:): k must be positive")
        guard positiveCount > 0 else { return nil }
        return (junkFreePositiveRanks.first.map { $0 < k } ?? false) ? 1 : 0
    }

    /// revisitop's precision at k: with 1-based junk-free positive ranks `pos`, `kq = min(max(pos), k)` and
    /// P = |{pos ≤ kq}| / kq. nil without positives, 0 when none was retrieved.
    public func revisitedPrecision(at k: Int) -> Double? {
        precondition(k > 0, "revisitedPrecision(at:): k must be positive")
        guard positiveCount > 0 else { return nil }
        let ranks = junkFreePositiveRanks.map { $0 + 1 }
        guard let last = ranks.last else { return 0 }
        let kq = min(last, k)
        return Double(ranks.filter { $0 <= kq }.count) / Double(kq)
    }

    /// 0-based rank of the first positive in the junk-free ranking, nil if none was retrieved.
    public var firstPositiveRank: Int? { junkFreePositiveRanks.first }
}
