import CLinearAlgebra

/// PCA-whitening learned without labels (Jégou & Chum, ECCV 2012; used per region by R-MAC, Tolias et al. ICLR 2016,
/// and on global descriptors by CroW, Kalantidis et al. ECCVW 2016): x ↦ Λ^(−1/2) Vᵀ (x − m), with m the training
/// mean and Λ, V the largest `dims` eigenvalues / eigenvectors of the training covariance
/// C = (1/N) Σ (xᵢ − m)(xᵢ − m)ᵀ (cirtorch's `pcawhitenlearn` divides by N; sklearn's PCA by N − 1 — a uniform
/// factor √(N/(N−1)) that the usual L2 normalisation afterwards removes).
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `dimensions` | D | rows kept: the leading principal directions, largest variance first |
///
/// The eigendecomposition is LAPACK's `dsyev` (double precision) on C from `dsyrk`; eigenvector signs are fixed so
/// that each vector's entry of largest magnitude is positive (the first such entry on ties), so a fit is
/// deterministic. `apply` does not normalise: callers L2-normalise after it where the method says so.
/// Training vectors are columns of a D×N matrix; the model is immutable.
public struct PCAWhitening: Sendable, Equatable {
    /// The training mean m (length D).
    public let mean: [Float]
    /// P = Λ^(−1/2) Vᵀ as a D×dims matrix Pᵀ (column j is the j-th whitened direction divided by √λⱼ).
    public let projection: Matrix
    /// Eigenvalues λ₁ ≥ … ≥ λ_dims of the kept directions.
    public let eigenvalues: [Float]

    public init(mean: [Float], projection: Matrix, eigenvalues: [Float]) {
        precondition(projection.rows == mean.count && projection.columns == eigenvalues.count,
                     "PCAWhitening: projection \(projection.rows)×\(projection.columns) for mean \(mean.count), "
                         + "\(eigenvalues.count) eigenvalues")
        self.mean = mean
        self.projection = projection
        self.eigenvalues = eigenvalues
    }

    /// Input dimension D.
    public var inputDimension: Int { mean.count }
    /// Output dimension (dims).
    public var outputDimension: Int { projection.columns }

    /// Learns the whitening from the D×N columns of `data`, keeping `dimensions` (default D) directions.
    /// Throws when N < 2, a value is not finite, or fewer than `dimensions` eigenvalues exceed the numerical-rank
    /// tolerance D · ε · λ_max (ε = double machine epsilon).
    public static func fit(_ data: Matrix, dimensions: Int? = nil) throws -> PCAWhitening {
        let d = data.rows, n = data.columns
        let k = dimensions ?? d
        precondition(k >= 1 && k <= d, "PCAWhitening.fit: dims \(k) outside 1…\(d)")
        let model = "PCA-whitening(\(d)→\(k))"
        guard n >= 2 else { throw RetrievalCoreError.tooFewTrainingVectors(model: model, count: n, needed: 2) }
        if let bad = data.values.firstIndex(where: { !$0.isFinite }) {
            throw RetrievalCoreError.nonFiniteTrainingData(model: model, column: bad / d)
        }
        var mean = [Double](repeating: 0, count: d)
        for j in 0..<n { for i in 0..<d { mean[i] += Double(data.values[j * d + i]) } }
        for i in 0..<d { mean[i] /= Double(n) }
        var centred = [Double](repeating: 0, count: d * n)
        for j in 0..<n { for i in 0..<d { centred[j * d + i] = Double(data.values[j * d + i]) - mean[i] } }
        // C = (1/N) Xc Xcᵀ, upper triangle (column-major, leading dimension D).
        var covariance = [Double](repeating: 0, count: d * d)
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, Int32(d), Int32(n), 1 / Double(n), centred, Int32(d),
                    0, &covariance, Int32(d))
        var eigenvalues = [Double](repeating: 0, count: d)
        let status = LAPACKE_dsyev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(d),
                                   &covariance, Int32(d), &eigenvalues)
        guard status == 0 else { throw RetrievalCoreError.lapackFailed(function: "LAPACKE_dsyev", status: Int(status)) }
        // dsyev returns ascending eigenvalues with eigenvectors in the columns of `covariance`.
        let largest = max(eigenvalues[d - 1], 0)
        let tolerance = Double(d) * Double.ulpOfOne * largest
        let positive = eigenvalues.filter { $0 > tolerance }.count
        guard positive >= k else {
            throw RetrievalCoreError.rankDeficientCovariance(model: model, dimension: d, requested: k, positive: positive)
        }
        var projection = [Float](repeating: 0, count: d * k)
        var kept = [Float](repeating: 0, count: k)
        for j in 0..<k {
            let source = d - 1 - j, lambda = eigenvalues[source]
            let column = covariance[source * d ..< (source + 1) * d]
            var pivot = column.startIndex
            for i in column.indices where abs(column[i]) > abs(column[pivot]) { pivot = i }
            let scale = (column[pivot] < 0 ? -1 : 1) / lambda.squareRoot()
            for i in 0..<d { projection[j * d + i] = Float(column[column.startIndex + i] * scale) }
            kept[j] = Float(lambda)
        }
        return PCAWhitening(mean: mean.map { Float($0) }, projection: Matrix(rows: d, columns: k, values: projection),
                            eigenvalues: kept)
    }

    /// P(X − m) for the D×N columns of `x`: a dims×N matrix (not normalised).
    public func apply(_ x: Matrix) -> Matrix {
        precondition(x.rows == inputDimension, "PCAWhitening.apply: \(x.rows)-D input for a \(inputDimension)-D model")
        let d = x.rows, n = x.columns, k = outputDimension
        guard n > 0 else { return Matrix(rows: k, columns: 0) }
        var centred = x.values
        for j in 0..<n { for i in 0..<d { centred[j * d + i] -= mean[i] } }
        var out = [Float](repeating: 0, count: k * n)
        // out (k×N) = Pᵀᵀ (k×D) · Xc (D×N)
        cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(n), Int32(d), 1, projection.values,
                    Int32(d), centred, Int32(d), 0, &out, Int32(k))
        return Matrix(rows: k, columns: n, values: out)
    }

    /// `apply` on one vector.
    public func apply(_ x: [Float]) -> [Float] { apply(Matrix(rows: x.count, columns: 1, values: x)).values }
}
