/// PCA-whitening learned without labels (Jégou & Chum, ECCV 2012; used per region by R-MAC, Tolias et al. ICLR 2016,
/// and on global descriptors by CroW, Kalantidis et al. ECCVW 2016): x ↦ Λ^(−1/2) Vᵀ (x − m), with m the training
/// mean and Λ, V the largest `dims` eigenvalues / eigenvectors of the training covariance
/// C = (1/N) Σ (xᵢ − m)(xᵢ − m)ᵀ (cirtorch's `pcawhitenlearn` divides by N; sklearn's PCA by N − 1 — a uniform
/// factor √(N/(N−1)) that the usual L2 normalisation afterwards removes).
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `dimensions` | D | rows kept: the leading principal directions, largest variance first |
/// | `power` | 1/2 | eigenvalue exponent: x ↦ Λ̃^(−power) Vᵀ (x − m); 1/2 whitens fully, 0 is plain PCA |
/// | `shrinkage` s | 0 | in [0, 1]: λ̃ = (1 − s) λ + s · tr(C)/D, damping the amplification of low-variance directions |
///
/// The eigendecomposition is LAPACK's `dsyev` (double precision) on C from `dsyrk`; eigenvector signs are fixed so
/// that each vector's entry of largest magnitude is positive (the first such entry on ties), so a fit is
/// deterministic. `apply` does not normalise: callers L2-normalise after it where the method says so.
/// Training vectors are columns of a D×N matrix; the model is immutable.
public struct PCAWhitening: LinearProjection, Equatable {
    /// The training mean m (length D).
    public let mean: [Float]
    /// P = Λ^(−1/2) Vᵀ as a D×dims matrix Pᵀ (column j is the j-th whitened direction divided by √λⱼ); for the
    /// generalised fit, P = Λ̃^(−power) Vᵀ.
    public let projection: Matrix
    /// Eigenvalues λ₁ ≥ … ≥ λ_dims of the kept directions (of C, not shrunk).
    public let eigenvalues: [Float]

    public init(mean: [Float], projection: Matrix, eigenvalues: [Float]) {
        precondition(projection.rows == mean.count && projection.columns == eigenvalues.count,
                     "PCAWhitening: projection \(projection.rows)×\(projection.columns) for mean \(mean.count), "
                         + "\(eigenvalues.count) eigenvalues")
        self.mean = mean
        self.projection = projection
        self.eigenvalues = eigenvalues
    }

    /// Learns the whitening from the D×N columns of `data`, keeping `dimensions` (default D) directions:
    /// x ↦ Λ̃^(−power) Vᵀ (x − m) with λ̃ = (1 − shrinkage) λ + shrinkage · tr(C)/D (see `PCA`). The defaults
    /// (power 1/2, no shrinkage) are full whitening, P = Λ^(−1/2) Vᵀ; power 0 is plain PCA. To derive several variants or
    /// dimensions from one eigendecomposition, fit a `PCA` and call its `whitening(dimensions:power:shrinkage:)`.
    /// Throws when `dimensions` exceeds D, N < 2, a value is not finite, or fewer than `dimensions` eigenvalues exceed
    /// the numerical-rank tolerance D · ε · λ_max (ε = double machine epsilon).
    public static func fit(_ data: Matrix, dimensions: Int? = nil, power: Double = 0.5,
                           shrinkage: Double = 0) throws -> PCAWhitening {
        let k = dimensions ?? data.rows
        return try PCA.fit(data, dimensions: k, model: "PCA-whitening(\(data.rows)→\(k))")
            .whitening(power: power, shrinkage: shrinkage)
    }
}

extension PCAWhitening {
    /// The model as one D×(d + 2) matrix (how caches store it): the mean, the eigenvalues (zero-padded to D), then
    /// the projection's d columns.
    public var stored: Matrix {
        let d = inputDimension
        let padded = eigenvalues + [Float](repeating: 0, count: d - outputDimension)
        return Matrix(rows: d, columns: outputDimension + 2, values: mean + padded + projection.values)
    }

    /// The model from its `stored` form.
    public init(stored m: Matrix) {
        let d = m.rows, k = m.columns - 2
        self.init(mean: Array(m.values[0..<d]), projection: Matrix(rows: d, columns: k, values: Array(m.values[(2 * d)...])),
                  eigenvalues: Array(m.values[d ..< d + k]))
    }
}
