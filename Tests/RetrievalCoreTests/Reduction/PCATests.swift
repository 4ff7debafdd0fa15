import Foundation
import RetrievalCore
import TestSupport
import Testing

@Suite struct PCATests {
    /// Points (1, 1), (−1, −1), (½, −½), (−½, ½): mean 0, C = [[5/8, 3/8], [3/8, 5/8]] with λ₁ = 1 along (1, 1)/√2 and
    /// λ₂ = 1/4 along (1, −1)/√2 (both signs fixed by their first entry, a tie of magnitudes); λ̄ = tr(C)/2 = 5/8.
    static let diagonal = Matrix(columns: [[1, 1], [-1, -1], [0.5, -0.5], [-0.5, 0.5]])

    @Test func handWorkedTwoDimensional() throws {
        let pca = try PCA.fit(Self.diagonal)
        #expect(Approximate.equal(pca.eigenvalues, [1, 0.25], tolerance: 1e-12))
        #expect(Approximate.equal(pca.meanEigenvalue, 0.625, tolerance: 1e-12))
        let r = Float(0.5).squareRoot()
        #expect(Approximate.equal(pca.projection.values, [r, r, r, -r], tolerance: 1e-7))
        // Plain PCA rotates: (1, 1) ↦ (√2, 0), (½, −½) ↦ (0, 1/√2).
        #expect(Approximate.equal(pca.apply([1, 1]), [2 * r, 0], tolerance: 1e-6))
        #expect(Approximate.equal(pca.apply([0.5, -0.5]), [0, r], tolerance: 1e-6))
        // Full whitening divides by √λ: (1, 1) ↦ (√2, 0), (½, −½) ↦ (0, √2).
        let full = pca.whitening()
        #expect(Approximate.equal(full.apply([1, 1]), [2 * r, 0], tolerance: 1e-6))
        #expect(Approximate.equal(full.apply([0.5, -0.5]), [0, 2 * r], tolerance: 1e-6))
        // Power 1 divides by λ: (½, −½) ↦ (0, (1/√2)/(1/4)) = (0, 2√2).
        #expect(Approximate.equal(pca.whitening(power: 1).apply([0.5, -0.5]), [0, 4 * r], tolerance: 1e-6))
        // Shrinkage ½: λ̃ = (1 + 5/8)/2 = 13/16 and (1/4 + 5/8)/2 = 7/16; power ½ divides by √λ̃.
        let shrunk = pca.whitening(power: 0.5, shrinkage: 0.5)
        #expect(Approximate.equal(shrunk.apply([1, 1]), [2 * r / (13 / 16 as Float).squareRoot(), 0], tolerance: 1e-6))
        #expect(Approximate.equal(shrunk.apply([0.5, -0.5]), [0, r / (7 / 16 as Float).squareRoot()], tolerance: 1e-6))
        // Full shrinkage whitens by λ̄ I: PCA scaled by 1/√(5/8).
        let flat = pca.whitening(shrinkage: 1).apply([1, 1])
        #expect(Approximate.equal(flat, [2 * r / (5 / 8 as Float).squareRoot(), 0], tolerance: 1e-6))
        // PCAWhitening.fit with the same settings is the same model.
        #expect(try PCAWhitening.fit(Self.diagonal, power: 0.5, shrinkage: 0.5) == shrunk)
    }

    /// Correlated 6-D data: the whitened training data has zero mean and identity covariance; with power p and
    /// shrinkage s the covariance is diag(λⱼ / λ̃ⱼ^(2p)).
    @Test func whitenedTrainingDataHasIdentityCovariance() throws {
        let data = Self.correlated(n: 500, seed: 3)
        let pca = try PCA.fit(data)
        #expect(zip(pca.eigenvalues, pca.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
        let y = pca.whitening().apply(data)
        let c = Self.covariance(y)
        for i in 0..<6 {
            for j in 0..<6 { #expect(abs(c[i][j] - (i == j ? 1 : 0)) < 1e-4, "cov[\(i),\(j)] = \(c[i][j])") }
        }
        let partial = Self.covariance(pca.whitening(power: 0.25, shrinkage: 0.3).apply(data))
        for i in 0..<6 {
            let shrunk = 0.7 * pca.eigenvalues[i] + 0.3 * pca.meanEigenvalue
            #expect(abs(partial[i][i] / (pca.eigenvalues[i] / shrunk.squareRoot()) - 1) < 1e-4)
        }
        // The mean eigenvalue is the mean variance per input dimension.
        let inputVariance = Self.covariance(data).enumerated().reduce(0) { $0 + $1.element[$1.offset] } / 6
        #expect(abs(pca.meanEigenvalue / inputVariance - 1) < 1e-6)
    }

    /// Data of rank 3 in an affine 3-D subspace of R⁶: plain PCA to 3 dimensions preserves every distance; whitening
    /// (power ½) does not.
    @Test func powerZeroPreservesDistancesWithinTheKeptSubspace() throws {
        var random = SplitMix64(seed: 17)
        let basis = (0..<3).map { _ in (0..<6).map { _ in Float(random.uniform(-1, 1)) } }
        let columns = (0..<60).map { _ -> [Float] in
            let z = [Float(random.uniform(-3, 3)), Float(random.uniform(-1, 1)), Float(random.uniform(-0.5, 0.5))]
            return (0..<6).map { i in 4 + z[0] * basis[0][i] + z[1] * basis[1][i] + z[2] * basis[2][i] }
        }
        let data = Matrix(columns: columns)
        let pca = try PCA.fit(data, dimensions: 3)
        let y = pca.apply(data), w = pca.whitening().apply(data)
        var worst: Float = 0, whitenedWorst: Float = 0
        for a in 0..<60 { for b in 0..<a {
            let original = Self.distance(columns[a], columns[b])
            worst = max(worst, abs(Self.distance(y.column(a), y.column(b)) - original) / original)
            whitenedWorst = max(whitenedWorst, abs(Self.distance(w.column(a), w.column(b)) - original) / original)
        } }
        #expect(worst < 1e-4)
        #expect(whitenedWorst > 0.1)
        #expect(pca.projection() == pca.whitening(power: 0))
        #expect(pca.projection().apply(data) == y)
    }

    /// One fit serves every dimension: prefixes equal separate fits, bit for bit, and PCA's full whitening is
    /// `PCAWhitening.fit`.
    @Test func oneFitGivesEveryVariant() throws {
        let data = Self.correlated(n: 200, seed: 5)
        let pca = try PCA.fit(data)
        #expect(pca.whitening() == (try PCAWhitening.fit(data)))
        #expect(pca.whitening(dimensions: 2) == (try PCAWhitening.fit(data, dimensions: 2)))
        #expect(pca.projection(dimensions: 3) == (try PCA.fit(data, dimensions: 3)).projection())
        #expect(try PCAWhitening.fit(data, dimensions: 4, power: 0) == pca.projection(dimensions: 4))
    }

    @Test func dimensionsAboveTheInputOrTheRankThrow() throws {
        let data = Self.correlated(n: 50, seed: 7)
        let tooMany = RetrievalCoreError.dimensionsExceedInput(model: "PCA(6→7)", requested: 7, input: 6)
        #expect(throws: tooMany) { try PCA.fit(data, dimensions: 7) }
        #expect(tooMany.description == "PCA(6→7): 7 output dimensions asked for a 6-dimensional input; expected dims "
                    + "≤ 6. Lower dims or use a larger descriptor.")
        #expect(throws: RetrievalCoreError.dimensionsExceedInput(model: "PCA-whitening(6→8)", requested: 8, input: 6)) {
            try PCAWhitening.fit(data, dimensions: 8)
        }
        // Four training vectors span a 3-D affine subspace: rank 3.
        let few = data.columns([0, 1, 2, 3])
        #expect(throws: RetrievalCoreError.rankDeficientCovariance(model: "PCA(6→4)", dimension: 6, requested: 4,
                                                                   positive: 3)) {
            try PCA.fit(few, dimensions: 4)
        }
        #expect((try? PCA.fit(few, dimensions: 3)) != nil)
        #expect(throws: RetrievalCoreError.tooFewTrainingVectors(model: "PCA(6→6)", count: 1, needed: 2)) {
            try PCA.fit(data.columns([0]))
        }
    }

    // MARK: helpers

    /// N correlated 6-D vectors with different variances per direction.
    static func correlated(n: Int, seed: UInt64) -> Matrix {
        var random = SplitMix64(seed: seed)
        let columns = (0..<n).map { _ -> [Float] in
            let z = (0..<6).map { _ in Float(random.uniform(-0.5, 0.5)) }
            return [z[0] + 3, 2 * z[0] + z[1], z[1] - z[2] + 0.1 * z[3], 5 * z[3], z[4] + z[0] - 1, 0.3 * z[5] - z[2]]
        }
        return Matrix(columns: columns)
    }

    /// (1/N) Σ (yᵢ − ȳ)(yᵢ − ȳ)ᵀ in double precision.
    static func covariance(_ y: Matrix) -> [[Double]] {
        let n = y.columns
        let mean = (0..<y.rows).map { i in (0..<n).reduce(0.0) { $0 + Double(y[i, $1]) } / Double(n) }
        return (0..<y.rows).map { i in
            (0..<y.rows).map { j in
                (0..<n).reduce(0.0) { $0 + (Double(y[i, $1]) - mean[i]) * (Double(y[j, $1]) - mean[j]) } / Double(n)
            }
        }
    }

    static func distance(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
}
