/// What the ground truth says about one query, after a dataset protocol has been applied
/// (e.g. Oxford: positives = good ∪ ok; ROxford Medium: positives = easy ∪ hard, junk = junk).
///
/// Indices refer to database items (columns of the database descriptor matrix), 0-based.
/// An item that is neither positive nor junk is a negative. Junk items are removed from the ranking before AP.
public struct RelevanceJudgement: Equatable, Hashable, Sendable {
    /// Database indices that count as correct answers.
    public var positives: Set<Int>
    /// Database indices that are ignored (removed from the ranking) when scoring.
    public var junk: Set<Int>

    public init(positives: Set<Int>, junk: Set<Int> = []) {
        precondition(positives.isDisjoint(with: junk), "RelevanceJudgement: an item is both positive and junk")
        self.positives = positives
        self.junk = junk
    }
}
