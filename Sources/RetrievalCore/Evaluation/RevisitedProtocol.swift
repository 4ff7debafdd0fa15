/// The evaluation protocols of the revisited Oxford and Paris datasets (Radenović, Iscen, Tolias, Avrithis, Chum,
/// "Revisiting Oxford and Paris", CVPR 2018; revisitop `compute_map` usage in `example_evaluate.py`).
///
/// | protocol | positives | junk |
/// |---|---|---|
/// | `easy` | easy | junk ∪ hard |
/// | `medium` | easy ∪ hard | junk |
/// | `hard` | hard | junk ∪ easy |
public enum RevisitedProtocol: String, Sendable, CaseIterable, Codable {
    case easy, medium, hard

    /// The judgement of one query from its `easy`, `hard` and `junk` database indices.
    public func judgement(easy: Set<Int>, hard: Set<Int>, junk: Set<Int>) -> RelevanceJudgement {
        switch self {
        case .easy: RelevanceJudgement(positives: easy, junk: junk.union(hard).subtracting(easy))
        case .medium: RelevanceJudgement(positives: easy.union(hard), junk: junk.subtracting(easy.union(hard)))
        case .hard: RelevanceJudgement(positives: hard, junk: junk.union(easy).subtracting(hard))
        }
    }
}

/// UKBench's N-S score (Nistér & Stewénius, CVPR 2006): the number of images of the query's group among the top 4
/// of a ranking that **includes the query itself**; 0…4, averaged over all queries.
public func nsScore(ranking: [Int], group: Set<Int>) -> Int {
    ranking.prefix(4).filter { group.contains($0) }.count
}
