import RetrievalCore
import Testing

@Suite struct ReductionBenchmarkTests {
    /// The timings run the real fits on small sizes and return positive, finite seconds.
    @Test func returnsSecondsOfRealFits() throws {
        let pca = try ReductionBenchmark.pcaFitSeconds(vectors: 300, dimension: 32, dimensions: 8, seed: 1)
        #expect(pca > 0 && pca.isFinite && pca < 60)
        for batchSize in [1, 16] {
            let sgd = ReductionBenchmark.largeMarginSeconds(vectors: 64, dimension: 32, outputDimensions: 8,
                                                            pairs: 500, batchSize: batchSize, seed: 1)
            #expect(sgd > 0 && sgd.isFinite && sgd < 60)
        }
    }
}
