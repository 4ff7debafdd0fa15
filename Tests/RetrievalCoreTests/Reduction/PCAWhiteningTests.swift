import Foundation
import RetrievalCore
import Testing

@Suite struct PCAWhiteningTests {
    /// Points (±1, 0), (0, ±2): mean 0, C = diag(2/4, 8/4) = diag(0.5, 2). First direction y (λ = 2), then x
    /// (λ = 0.5): P = [0 1/√2; √2 0].
    @Test func handWorkedTwoDimensional() throws {
        let data = Matrix(columns: [[1, 0], [-1, 0], [0, 2], [0, -2]])
        let w = try PCAWhitening.fit(data)
        #expect(abs(w.eigenvalues[0] - 2) < 1e-6 && abs(w.eigenvalues[1] - 0.5) < 1e-6)
        #expect(w.mean == [0, 0])
        let y = w.apply([0, 2])
        #expect(abs(y[0] - Float(2).squareRoot()) < 1e-6 && abs(y[1]) < 1e-6)
        let x = w.apply([1, 0])
        #expect(abs(x[0]) < 1e-6 && abs(x[1] - Float(2).squareRoot()) < 1e-6)
    }

    /// Correlated 5-D data: the whitened training data has zero mean and identity covariance (1/N).
    @Test func identityCovarianceOnTheTrainingData() throws {
        var random = SplitMix64(seed: 11)
        let n = 400, d = 5
        var columns = [[Float]]()
        for _ in 0..<n {
            let z = (0..<d).map { _ in Float(random.next() % 10_000) / 10_000 - 0.5 }
            columns.append([z[0] + 3, 2 * z[0] + z[1], z[1] - z[2] + 0.1 * z[3], 5 * z[3], z[4] + z[0] - 1])
        }
        let data = Matrix(columns: columns)
        let w = try PCAWhitening.fit(data)
        #expect(zip(w.eigenvalues, w.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
        let y = w.apply(data)
        for i in 0..<d {
            let mean = (0..<n).reduce(0.0) { $0 + Double(y[i, $1]) } / Double(n)
            #expect(abs(mean) < 1e-4)
            for j in 0..<d {
                let c = (0..<n).reduce(0.0) { $0 + Double(y[i, $1]) * Double(y[j, $1]) } / Double(n)
                #expect(abs(c - (i == j ? 1 : 0)) < 1e-3, "cov[\(i),\(j)] = \(c)")
            }
        }
        // Keeping 2 dimensions gives the first two rows of the full whitening.
        let reduced = try PCAWhitening.fit(data, dimensions: 2).apply(data)
        #expect(reduced.rows == 2)
        for j in 0..<n { #expect(abs(reduced[0, j] - y[0, j]) < 1e-4 && abs(reduced[1, j] - y[1, j]) < 1e-4) }
    }

    @Test func aConstantDimensionIsRankDeficient() {
        let data = Matrix(columns: [[1, 7], [2, 7], [4, 7]])
        #expect(throws: RetrievalCoreError.rankDeficientCovariance(model: "PCA-whitening(2→2)", dimension: 2,
                                                                   requested: 2, positive: 1)) {
            try PCAWhitening.fit(data)
        }
        #expect((try? PCAWhitening.fit(data, dimensions: 1)) != nil)
    }

    /// The cache's form: D×(d + 2), mean, zero-padded eigenvalues, projection; it round-trips exactly.
    @Test func storedFormRoundTrips() throws {
        let data = Matrix(rows: 4, columns: 30, values: (0..<120).map { Float(($0 * 29) % 23) / 23 })
        let w = try PCAWhitening.fit(data, dimensions: 2)
        #expect(w.stored.rows == 4 && w.stored.columns == 4)
        #expect(Array(w.stored.values[4..<8]) == w.eigenvalues + [0, 0])
        #expect(PCAWhitening(stored: w.stored) == w)
    }
}
