import Encoding
import Foundation
import RetrievalCore
import Testing

@Suite struct FisherVectorTests {
    /// Two separated 3-D blobs of 50 points each from a seeded generator.
    var data: Matrix {
        var random = SplitMix64(seed: 8)
        var values = [Float]()
        for n in 0..<100 {
            let offset: Float = n < 50 ? 0 : 5
            for _ in 0..<3 { values.append(offset + Float(random.uniform())) }
        }
        return Matrix(rows: 3, columns: 100, values: values)
    }

    @Test func dimensionIsTwoDKAndTheVectorHasUnitNorm() throws {
        let gmm = try GaussianMixture.fit(data, k: 2, iterations: 50, seed: 1)
        #expect(gmm.size == 2 && gmm.dimension == 3)
        #expect(abs(gmm.priors.reduce(0, +) - 1) < 1e-5)
        // The blobs are found: the means are ≈ 0.5 and ≈ 5.5 per coordinate.
        let firsts = (0..<2).map { gmm.means[0, $0] }.sorted()
        #expect(abs(firsts[0] - 0.5) < 0.2 && abs(firsts[1] - 5.5) < 0.2)
        let encoder = FisherVectorEncoder(mixture: gmm)
        let v = encoder.encode(data.columns(Array(0..<10)))
        #expect(v.count == 2 * 3 * 2 && encoder.dimension == 12)
        #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        #expect(encoder.encode(Matrix(rows: 3, columns: 0)) == Array(repeating: 0, count: 12))
        #expect(encoder.label == "FV(K=2, improved)")
    }

    /// Hand-worked: D = 1, K = 1 with π = 1, μ = 0, σ² = 1, and x = {1, 3} (γ = 1 for both):
    ///   u = 1/(2·√1)·(1 + 3) = 2,  v = 1/(2·√2)·((1 − 1) + (9 − 1)) = 4/√2 = 2√2;
    ///   signed √ → (√2, 2^¾); ‖·‖² = 2 + 2^1.5 → (√2, 2^¾)/√(2 + 2^1.5) = (0.643594, 0.765367).
    @Test func handWorkedOneDimensionalVector() {
        let gmm = GaussianMixture(priors: [1], means: Matrix(columns: [[0]]), variances: Matrix(columns: [[1]]))
        let v = FisherVectorEncoder(mixture: gmm).encode(Matrix(columns: [[1], [3]]))
        let n = (2 + pow(2, 1.5)).squareRoot()
        #expect(v.count == 2)
        #expect(abs(Double(v[0]) - 2.0.squareRoot() / n) < 1e-6 && abs(Double(v[1]) - pow(2, 0.75) / n) < 1e-6)
        #expect(abs(Double(v[0]) - 0.643594) < 1e-6 && abs(Double(v[1]) - 0.765367) < 1e-6)
    }

    @Test func gmmIsDeterministicPerSeedAndThrowsOnTooFewDescriptors() throws {
        #expect(try GaussianMixture.fit(data, k: 2, seed: 4) == GaussianMixture.fit(data, k: 2, seed: 4))
        #expect(throws: EncodingError.tooFewTrainingDescriptors(model: "GMM(K=4)", count: 2, k: 4)) {
            try GaussianMixture.fit(Matrix(rows: 3, columns: 2), k: 4)
        }
    }

    /// The cache's form: (D + 1)×2K, priors and means, then the variances.
    @Test func aMixtureRoundTripsThroughItsStoredForm() throws {
        let data = Matrix(rows: 3, columns: 40, values: (0..<120).map { Float(($0 * 37) % 17) / 17 })
        let mixture = try GaussianMixture.fit(data, k: 4, iterations: 20, seed: 1)
        #expect(GaussianMixture(stored: mixture.stored) == mixture)
        #expect(mixture.stored.rows == 4 && mixture.stored.columns == 8)
    }
}
