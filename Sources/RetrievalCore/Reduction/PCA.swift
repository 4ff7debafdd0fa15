import Foundation

/// Principal component analysis (Pearson 1901; for retrieval, Jégou & Chum, ECCV 2012): the one fit behind plain PCA
/// and every PCA-whitening variant. With m the training mean, C = (1/N) Σ (xᵢ − m)(xᵢ − m)ᵀ = V Λ Vᵀ the training
/// covariance and V_d, Λ_d its leading d eigenvectors / eigenvalues:
///
/// - plain PCA (`apply`, `projection(dimensions:)`): x ↦ V_dᵀ (x − m), a rotation onto the principal subspace —
///   distances within that subspace are preserved;
/// - generalised PCA-whitening (`whitening(dimensions:power:shrinkage:)`): x ↦ Λ̃_d^(−power) V_dᵀ (x − m) with shrunk
///   eigenvalues λ̃ = (1 − s) λ + s λ̄, λ̄ = tr(C)/D the mean of all D eigenvalues. Shrinking the eigenvalues this way
///   is whitening by the shrunk covariance (1 − s) C + s λ̄ I (the scaled-identity target of Ledoit & Wolf, 2004), which
///   keeps the low-variance, often noisy, directions from being amplified as much as full whitening does; powers
///   below 1/2 damp them too. power = 1/2 with s = 0 is full whitening (Λ^(−1/2), `PCAWhitening.fit`, bit-identical),
///   power = 0 is plain PCA whatever s is, and powers in between whiten partially.
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `dimensions` (fit) | D | directions kept by the fit (the most any derived model can keep); must be ≤ D and ≤ the training rank |
/// | `dimensions` (derived model) | all fitted | leading directions kept, largest variance first (prefixes of one fit) |
/// | `power` | 1/2 | exponent of the eigenvalue scaling: 0 rotates only, 1/2 whitens fully, in between whitens partially |
/// | `shrinkage` s | 0 | in [0, 1]: 0 whitens by Λ, 1 by λ̄ I (then whitening is PCA scaled by λ̄^(−power)) |
///
/// C is formed in double precision (`dsyrk` on the centred columns; cirtorch's `pcawhitenlearn` also divides by N) and
/// decomposed by LAPACK's `dsyev`; eigenvector signs are fixed (entry of largest magnitude positive), so a fit is
/// deterministic. Memory: the centred copy takes 8·D·N bytes (1.6 GB for 100,000 × 2,048) and C 8·D² bytes.
/// Measured on the shared 2-core machine under load: 100,000 × 2,048 in 23 s (about half of it `dsyev`), 2.5 GB peak.
/// Training vectors are the columns of a D×N matrix; the model is immutable.
public struct PCA: LinearProjection, Equatable {
    /// The training mean m (length D).
    public let mean: [Float]
    /// V_d as a D×d matrix: column j is the unit eigenvector of λⱼ (plain PCA's Pᵀ).
    public let projection: Matrix
    /// Eigenvalues λ₁ ≥ … ≥ λ_d of the kept directions (of C, which divides by N).
    public let eigenvalues: [Double]
    /// λ̄ = tr(C)/D, the mean of all D eigenvalues (the shrinkage target).
    public let meanEigenvalue: Double
    /// V_d in double precision (D×d column-major), so that derived whitening models are exact.
    let eigenvectors: [Double]

    /// Fits on the D×N columns of `data`, keeping `dimensions` (default D) directions.
    /// Throws when `dimensions` > D, N < 2, a value is not finite, or fewer than `dimensions` eigenvalues exceed the
    /// numerical-rank tolerance D · ε · λ_max (ε = double machine epsilon) — directions beyond the training rank are
    /// not determined by the data.
    public static func fit(_ data: Matrix, dimensions: Int? = nil) throws -> PCA {
        try fit(data, dimensions: dimensions, model: "PCA(\(data.rows)→\(dimensions ?? data.rows))")
    }

    /// `fit`, naming the model `model` in its errors.
    static func fit(_ data: Matrix, dimensions: Int?, model: String) throws -> PCA {
        let d = data.rows, n = data.columns
        let k = dimensions ?? d
        precondition(k >= 1, "\(model).fit: dims \(k) < 1")
        guard k <= d else { throw RetrievalCoreError.dimensionsExceedInput(model: model, requested: k, input: d) }
        guard n >= 2 else { throw RetrievalCoreError.tooFewTrainingVectors(model: model, count: n, needed: 2) }
        if let bad = TrainingMoments.firstNonFiniteColumn(data) {
            throw RetrievalCoreError.nonFiniteTrainingData(model: model, column: bad)
        }
        let mean = TrainingMoments.mean(data)
        let covariance = TrainingMoments.secondMoment(data, about: mean)
        var trace = 0.0
        for i in 0..<d { trace += covariance[i * d + i] }
        let eigen = try SymmetricEigendecomposition(upper: covariance, dimension: d)
        let positive = eigen.numericalRank
        guard positive >= k else {
            throw RetrievalCoreError.rankDeficientCovariance(model: model, dimension: d, requested: k,
                                                             positive: positive)
        }
        let vectors = Array(eigen.eigenvectors[0 ..< d * k])
        return PCA(mean: mean.map { Float($0) }, eigenvectors: vectors, eigenvalues: Array(eigen.eigenvalues[0..<k]),
                   meanEigenvalue: trace / Double(d))
    }

    init(mean: [Float], eigenvectors: [Double], eigenvalues: [Double], meanEigenvalue: Double) {
        self.mean = mean
        self.eigenvectors = eigenvectors
        self.eigenvalues = eigenvalues
        self.meanEigenvalue = meanEigenvalue
        projection = Matrix(rows: mean.count, columns: eigenvalues.count, values: eigenvectors.map { Float($0) })
    }

    /// Plain PCA to `dimensions` (default all fitted): x ↦ V_dᵀ (x − m), as a model.
    public func projection(dimensions: Int? = nil) -> PCAWhitening {
        whitening(dimensions: dimensions, power: 0)
    }

    /// Generalised PCA-whitening to `dimensions` (default all fitted): x ↦ Λ̃_d^(−power) V_dᵀ (x − m) with
    /// λ̃ = (1 − s) λ + s λ̄. The returned model's `eigenvalues` are the fitted λ (not shrunk); its projection holds
    /// the scaling. `power` must be finite and ≥ 0, `shrinkage` in [0, 1], `dimensions` in 1…(fitted dims).
    public func whitening(dimensions: Int? = nil, power: Double = 0.5, shrinkage: Double = 0) -> PCAWhitening {
        let d = inputDimension, k = dimensions ?? outputDimension
        precondition(k >= 1 && k <= outputDimension, "PCA.whitening: dims \(k) outside 1…\(outputDimension)")
        precondition(power.isFinite && power >= 0, "PCA.whitening: power \(power); expected ≥ 0")
        precondition(shrinkage >= 0 && shrinkage <= 1, "PCA.whitening: shrinkage \(shrinkage) outside [0, 1]")
        var values = [Float](repeating: 0, count: d * k)
        for j in 0..<k {
            let lambda = shrinkage == 0 ? eigenvalues[j] : (1 - shrinkage) * eigenvalues[j] + shrinkage * meanEigenvalue
            // 1/√λ exactly as PCAWhitening always computed it; other powers through pow.
            let scale = power == 0 ? 1 : power == 0.5 ? 1 / lambda.squareRoot() : 1 / pow(lambda, power)
            for i in 0..<d { values[j * d + i] = Float(eigenvectors[j * d + i] * scale) }
        }
        return PCAWhitening(mean: mean, projection: Matrix(rows: d, columns: k, values: values),
                            eigenvalues: eigenvalues[0..<k].map { Float($0) })
    }
}
