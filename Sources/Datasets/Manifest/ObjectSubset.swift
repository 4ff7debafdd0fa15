/// Object-disjoint halves of a manifest dataset, so that a learned stage can be trained in-domain without leaking:
/// e.g. SMVS DVD objects 1–50 train a whitening that is evaluated on objects 51–100.
///
/// Objects are numbered 1…n in the order they first appear in the ground-truth CSV; a subset keeps every image of the
/// objects `first`…`last` (and the distractors, which belong to no object). Its benchmark has its own identity (the
/// image list and ground truth differ), so runs on different subsets are never confused.
extension Manifest {
    /// Object labels in order of first appearance (distractors excluded).
    public var objects: [String] {
        var seen = Set<String>(), ordered: [String] = []
        for entry in entries where entry.role != "distractor" && seen.insert(entry.object).inserted {
            ordered.append(entry.object)
        }
        return ordered
    }

    /// The manifest restricted to objects `range` (1-based, inclusive) and the distractors.
    public func restricted(toObjects range: ClosedRange<Int>, dataset: String) throws -> Manifest {
        let objects = self.objects
        guard range.lowerBound >= 1, range.upperBound <= objects.count else {
            throw DatasetError.objectSubset(dataset: dataset, first: range.lowerBound, last: range.upperBound,
                                            count: objects.count)
        }
        let kept = Set(objects[(range.lowerBound - 1)...(range.upperBound - 1)])
        return Manifest(file: file, entries: entries.filter { $0.role == "distractor" || kept.contains($0.object) })
    }

    init(file: String, entries: [Entry]) {
        self.file = file
        self.entries = entries
    }
}
