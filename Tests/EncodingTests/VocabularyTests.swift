import Encoding
import RetrievalCore
import Testing

@Suite struct VocabularyTests {
    /// Three tight clusters around (0,0), (5,5), (10,0), 20 points each on a 5×4 grid of step 0.01: the means are
    /// the cluster origin + (0.02, 0.015).
    var clustered: Matrix {
        var columns: [[Float]] = []
        for (cx, cy) in [(Float(0), Float(0)), (5, 5), (10, 0)] {
            for i in 0..<20 { columns.append([cx + Float(i % 5) * 0.01, cy + Float(i / 5) * 0.01]) }
        }
        return Matrix(columns: columns)
    }

    /// 400 points from a seeded generator, without cluster structure: k-means has many local optima.
    var unstructured: Matrix {
        var random = SplitMix64(seed: 42)
        return Matrix(rows: 8, columns: 400, values: (0..<3200).map { _ in Float(random.uniform()) })
    }

    @Test(arguments: KMeansAlgorithm.allCases)
    func kMeansFindsSeparatedClusters(_ algorithm: KMeansAlgorithm) {
        let a = Vocabulary.fit(clustered, k: 3, seed: 7, algorithm: algorithm)
        let centres = (0..<3).map { a.centres.column($0) }.sorted { $0[0] < $1[0] }
        #expect(abs(centres[0][0] - 0.02) < 1e-4 && abs(centres[0][1] - 0.015) < 1e-4)
        #expect(abs(centres[1][0] - 5.02) < 1e-4 && abs(centres[1][1] - 5.015) < 1e-4)
        #expect(abs(centres[2][0] - 10.02) < 1e-4 && abs(centres[2][1] - 0.015) < 1e-4)
    }

    /// Same data and seed → bit-identical centres (also after other seeded calls on this thread); different seeds
    /// start k-means++ elsewhere, and on unstructured data at least one of them ends elsewhere.
    @Test(arguments: KMeansAlgorithm.allCases)
    func kMeansIsDeterministicPerSeed(_ algorithm: KMeansAlgorithm) {
        let data = unstructured
        let a = Vocabulary.fit(data, k: 16, iterations: 20, seed: 1, algorithm: algorithm)
        _ = Vocabulary.fit(data, k: 16, iterations: 20, seed: 99, algorithm: algorithm)
        let b = Vocabulary.fit(data, k: 16, iterations: 20, seed: 1, algorithm: algorithm)
        #expect(a.centres.values == b.centres.values)
        let others = (2...5).map { Vocabulary.fit(data, k: 16, iterations: 20, seed: UInt64($0), algorithm: algorithm) }
        #expect(others.contains { $0.centres.values != a.centres.values })
    }

    /// The seed is honoured on any thread: a fit on a detached task equals the fit on this one.
    @Test func kMeansIsIndependentOfTheThread() async {
        let data = unstructured
        let here = Vocabulary.fit(data, k: 8, iterations: 10, seed: 3)
        let there = await Task.detached { Vocabulary.fit(data, k: 8, iterations: 10, seed: 3) }.value
        #expect(here == there)
    }

    @Test func sampledFitUsesASeededSubsetAndThrowsOnTooFewDescriptors() throws {
        let data = unstructured
        let a = try Vocabulary.fit(data, k: 4, sample: 100, iterations: 10, seed: 5)
        let b = try Vocabulary.fit(data, k: 4, sample: 100, iterations: 10, seed: 5)
        #expect(a == b && a.size == 4 && a.dimension == 8)
        // A sample at least as large as the data is the whole data.
        #expect(try Vocabulary.fit(data, k: 4, sample: 1000, iterations: 10, seed: 5)
                == Vocabulary.fit(data, k: 4, iterations: 10, seed: 5))
        #expect(throws: EncodingError.tooFewTrainingDescriptors(model: "k-means(K=5)", count: 3, k: 5)) {
            try Vocabulary.fit(Matrix(rows: 2, columns: 3), k: 5, sample: 10)
        }
        let message = EncodingError.tooFewTrainingDescriptors(model: "k-means(K=5)", count: 3, k: 5).description
        #expect(message == "k-means(K=5): 3 training descriptors for K = 5; expected at least K. "
                + "Lower K or train on more images.")
        var bad = data
        bad[3, 7] = .nan
        #expect(throws: EncodingError.nonFiniteTrainingData(model: "k-means(K=4)", column: 7)) {
            try Vocabulary.fit(bad, k: 4, sample: 100)
        }
    }
}
