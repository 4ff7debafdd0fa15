/// The suite's one seeded sampler: `take` of the indices `0..<count` (all when take ≥ count), uniform without
/// replacement by a partial Fisher–Yates shuffle driven by `SplitMix64(seed)`, returned ascending — so the sample
/// depends on nothing but (count, take, seed). Every learned stage draws its training sample through it
/// (k-means descriptors, per-image convolutional positions, GMM descriptors).
public enum SeededSample {
    public static func indices(count: Int, take: Int, seed: UInt64) -> [Int] {
        precondition(count >= 0 && take >= 0, "SeededSample: count \(count), take \(take)")
        guard take < count else { return Array(0..<count) }
        var positions = Array(0..<count)
        var random = SplitMix64(seed: seed)
        for i in 0..<take { positions.swapAt(i, i + Int(random.next() % UInt64(count - i))) }
        return positions.prefix(take).sorted()
    }
}
