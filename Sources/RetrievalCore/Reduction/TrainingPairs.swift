/// Where a pair-trained reduction step draws its matching (y = +1) and non-matching (y = −1) pairs of training
/// columns.
public enum TrainingPairs: Sendable, Equatable {
    /// Explicit lists of column pairs (indices into the D×N training matrix).
    case lists(matching: [ColumnPair], nonMatching: [ColumnPair])
    /// One group label per training column: two distinct columns match when they share a group (e.g. an object id),
    /// and do not match otherwise.
    case groups([Int])
}

/// Draws pairs from `TrainingPairs` with the suite's seeded `SplitMix64`, without rejection (so the number of draws
/// per pair is fixed and a run is reproducible):
/// - from lists: uniformly from the list, with replacement;
/// - from groups, matching: a column uniform among those whose group has 2 or more members, then a different
///   member of its group uniformly; non-matching: a column uniform among all, then a column uniform among those of
///   other groups.
struct PairSampler {
    private enum Source {
        case lists(matching: [ColumnPair], nonMatching: [ColumnPair])
        /// `eligible`: columns whose group has ≥ 2 members; `order`: columns sorted by (group, column);
        /// `start`/`size`/`rank`: per column, its group's first index in `order`, its group's size, its own index.
        case groups(eligible: [Int], order: [Int], start: [Int], size: [Int], rank: [Int])
    }
    private let source: Source
    /// Counts available of each kind (for groups: columns that can start a pair of that kind).
    let matchingCount: Int
    let nonMatchingCount: Int

    /// `columns`: N, the number of training columns (the indices of `pairs` must lie in 0..<N).
    init(_ pairs: TrainingPairs, columns n: Int) {
        switch pairs {
        case let .lists(matching, nonMatching):
            precondition((matching + nonMatching).allSatisfy { 0..<n ~= $0.first && 0..<n ~= $0.second },
                         "TrainingPairs: a pair index outside 0..<\(n)")
            source = .lists(matching: matching, nonMatching: nonMatching)
            matchingCount = matching.count
            nonMatchingCount = nonMatching.count
        case let .groups(labels):
            precondition(labels.count == n, "TrainingPairs: \(labels.count) group labels for \(n) columns")
            let order = (0..<n).sorted { (labels[$0], $0) < (labels[$1], $1) }
            var start = [Int](repeating: 0, count: n), size = [Int](repeating: 0, count: n)
            var rank = [Int](repeating: 0, count: n)
            var first = 0
            while first < n {
                var last = first
                while last + 1 < n && labels[order[last + 1]] == labels[order[first]] { last += 1 }
                for r in first...last {
                    start[order[r]] = first
                    size[order[r]] = last - first + 1
                    rank[order[r]] = r
                }
                first = last + 1
            }
            let eligible = (0..<n).filter { size[$0] >= 2 }
            source = .groups(eligible: eligible, order: order, start: start, size: size, rank: rank)
            matchingCount = eligible.count
            nonMatchingCount = n > 0 && size[0] < n ? n : 0
        }
    }

    /// A matching pair (requires `matchingCount` > 0).
    func matching(_ random: inout SplitMix64) -> ColumnPair {
        switch source {
        case let .lists(matching, _):
            return matching[random.int(matching.count)]
        case let .groups(eligible, order, start, size, rank):
            let i = eligible[random.int(eligible.count)]
            let r = random.int(size[i] - 1)
            let offset = r < rank[i] - start[i] ? r : r + 1
            return ColumnPair(i, order[start[i] + offset])
        }
    }

    /// A non-matching pair (requires `nonMatchingCount` > 0).
    func nonMatching(_ random: inout SplitMix64) -> ColumnPair {
        switch source {
        case let .lists(_, nonMatching):
            return nonMatching[random.int(nonMatching.count)]
        case let .groups(_, order, start, size, _):
            let i = random.int(order.count)
            let r = random.int(order.count - size[i])
            return ColumnPair(i, order[r < start[i] ? r : r + size[i]])
        }
    }
}
