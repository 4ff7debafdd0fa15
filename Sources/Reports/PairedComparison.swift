import RetrievalCore

/// The statistics of `cbir compare`: two runs' per-query AP on the same queries, paired.
///
/// | quantity | definition |
/// |---|---|
/// | d_i | AP_B(i) − AP_A(i) over the queries with an AP in both runs (NULL, "no positives", is left out) |
/// | difference | mean d (the mAP difference on those queries) |
/// | p (two-sided) | paired randomisation test (Fisher/Pitman sign flipping): (1 + #{\|mean(s·d)\| ≥ \|mean d\|}) / (1 + P) over P seeded random sign vectors s; per permutation one `SplitMix64(seed).next()` per query, its lowest bit 1 flipping the sign |
/// | 95 % CI | percentile bootstrap: the 2.5th and 97.5th percentiles of mean d* over B resamples of the queries with replacement |
///
/// Both use `SplitMix64(seed)` in a documented order, so a numpy transcription reproduces them exactly
/// (`Tests/ReportsTests/Fixtures/paired_comparison.py`).
public struct PairedComparison: Sendable, Equatable {
    /// (query index, query id, AP of A, AP of B), in query order, for the queries with an AP in both runs.
    public var pairs: [(index: Int, id: String, a: Double, b: Double)]
    public var difference: Double
    public var pValue: Double
    public var confidenceInterval: (lower: Double, upper: Double)
    public var permutations: Int
    public var resamples: Int

    public static func == (x: PairedComparison, y: PairedComparison) -> Bool {
        x.pairs.map(\.index) == y.pairs.map(\.index) && x.difference == y.difference && x.pValue == y.pValue
            && x.confidenceInterval == y.confidenceInterval
    }

    /// Compares per-query APs (`a[i]`, `b[i]` of query i; nil = no AP).
    public init(ids: [String], a: [Double?], b: [Double?], permutations: Int = 10_000, resamples: Int = 10_000,
                seed: UInt64 = 0) {
        precondition(ids.count == a.count && a.count == b.count, "PairedComparison: unequal query counts")
        pairs = ids.indices.compactMap { i in
            guard let x = a[i], let y = b[i] else { return nil }
            return (i, ids[i], x, y)
        }
        self.permutations = permutations
        self.resamples = resamples
        let d = pairs.map { $0.b - $0.a }
        let n = d.count
        difference = n == 0 ? 0 : d.reduce(0, +) / Double(n)
        pValue = Self.randomisationTest(d, permutations: permutations, seed: seed)
        confidenceInterval = Self.bootstrap(d, resamples: resamples, seed: seed &+ 1)
    }

    /// Sign flipping: for each permutation, one `next()` per query, its lowest bit choosing the sign (1 → −).
    static func randomisationTest(_ d: [Double], permutations: Int, seed: UInt64) -> Double {
        guard !d.isEmpty else { return 1 }
        let n = Double(d.count)
        let observed = abs(d.reduce(0, +) / n)
        var random = SplitMix64(seed: seed)
        var extreme = 0
        for _ in 0..<permutations {
            var sum = 0.0
            for x in d { sum += random.next() & 1 == 1 ? -x : x }
            // A tolerance for the floating-point sum of the identity permutation's reordering.
            if abs(sum / n) >= observed - 1e-12 { extreme += 1 }
        }
        return Double(1 + extreme) / Double(1 + permutations)
    }

    /// Percentile bootstrap: each resample draws n indices `next() % n`; the percentiles are the order statistics at
    /// ⌊0.025·B⌋ and ⌈0.975·B⌉ − 1 (0-based) of the sorted resample means.
    static func bootstrap(_ d: [Double], resamples: Int, seed: UInt64) -> (lower: Double, upper: Double) {
        guard !d.isEmpty, resamples > 0 else { return (0, 0) }
        var random = SplitMix64(seed: seed)
        let n = d.count
        var means = [Double]()
        means.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var sum = 0.0
            for _ in 0..<n { sum += d[Int(random.next() % UInt64(n))] }
            means.append(sum / Double(n))
        }
        means.sort()
        let lower = Int((0.025 * Double(resamples)).rounded(.down))
        let upper = Int((0.975 * Double(resamples)).rounded(.up)) - 1
        return (means[lower], means[min(upper, resamples - 1)])
    }

    /// The `count` largest gains (B over A) and losses, by |d| descending, ties by query order.
    public func extremes(_ count: Int) -> (gains: [(id: String, a: Double, b: Double)], losses: [(id: String, a: Double, b: Double)]) {
        func largest(_ sign: Double) -> [(id: String, a: Double, b: Double)] {
            pairs.enumerated().filter { sign * ($0.element.b - $0.element.a) > 0 }.sorted { x, y in
                let dx = sign * (x.element.b - x.element.a), dy = sign * (y.element.b - y.element.a)
                return dx != dy ? dx > dy : x.offset < y.offset
            }.prefix(count).map { ($0.element.id, $0.element.a, $0.element.b) }
        }
        return (largest(1), largest(-1))
    }
}
