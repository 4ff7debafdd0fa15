/// Timings of the reduction fits on seeded random data, for `cbir bench` (which prints them; nothing here prints).
/// Data: N columns of dimension D, entries uniform in [−1, 1) from `SplitMix64(seed)`, each dimension scaled by
/// 1/(1 + i/8) so that the covariance has distinct eigenvalues. Times are wall-clock seconds (`ContinuousClock`) of the
/// named computation only, not of generating the data.
public enum ReductionBenchmark {
    /// Seconds of `PCA.fit` (mean, `dsyrk` covariance, `dsyev`) on N×D random data, keeping `dimensions` (default D).
    public static func pcaFitSeconds(vectors n: Int, dimension d: Int, dimensions: Int? = nil,
                                     seed: UInt64 = 0) throws -> Double {
        let data = randomData(vectors: n, dimension: d, seed: seed)
        return try seconds { _ = try PCA.fit(data, dimensions: dimensions) }
    }

    /// Seconds of large-margin SGD over `pairs` pairs (one epoch, alternately matching and non-matching, drawn from
    /// groups of `groupSize` consecutive columns) on N×D random data, with W of `outputDimensions` rows and mini-batches
    /// of `batchSize`; excludes the PCA-whitening initialisation.
    public static func largeMarginSeconds(vectors n: Int, dimension d: Int, outputDimensions k: Int, pairs: Int,
                                          batchSize: Int = 1, groupSize: Int = 4, seed: UInt64 = 0) -> Double {
        precondition(n >= 2 * groupSize && groupSize >= 2 && k <= d, "ReductionBenchmark: too few vectors or dims")
        let data = randomData(vectors: n, dimension: d, seed: seed)
        let sampler = PairSampler(.groups((0..<n).map { $0 / groupSize }), columns: n)
        let parameters = LargeMarginReduction.Parameters(dimensions: k, epochs: 1, pairsPerEpoch: pairs,
                                                         learningRate: 0.01, batchSize: batchSize, seed: seed)
        var w = [Float](repeating: 0, count: d * k)
        for j in 0..<k { w[j * d + j] = 1 }
        var b = Double(k), random = SplitMix64(seed: seed)
        let stepW = 0.01 / Double(d)
        return seconds {
            _ = LargeMarginReduction.descend(data.values, d, k, &w, &b, sampler, &random, parameters, stepW: stepW,
                                             stepB: 0.01)
        }
    }

    static func randomData(vectors n: Int, dimension d: Int, seed: UInt64) -> Matrix {
        var random = SplitMix64(seed: seed)
        var values = [Float](repeating: 0, count: n * d)
        for j in 0..<n { for i in 0..<d { values[j * d + i] = Float(random.uniform(-1, 1)) / (1 + Float(i) / 8) } }
        return Matrix(rows: d, columns: n, values: values)
    }

    private static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let elapsed = start.duration(to: clock.now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
