import CLinearAlgebra

/// Learned whitening, "Lw" (Radenović, Tolias & Chum, "CNN image retrieval learns from BoW: unsupervised fine-tuning
/// with hard examples", ECCV 2016; after Mikolajczyk & Matas, ICCV 2007), with the semantics of cirtorch's
/// `whitenlearn(X, qidxs, pidxs)`. From training vectors xᵢ (columns of a D×N matrix) and matching pairs (q, p):
///
/// 1. m = mean of the pairs' first vectors x_q, with multiplicity (cirtorch; `Centre.allColumns`: of all N columns);
/// 2. S = (1/M) Σ (x_q − x_p)(x_q − x_p)ᵀ over the M pairs (the intra-class second moment; not re-centred);
/// 3. P₁ = S^(−1/2), here Λ_S^(−1/2) U_Sᵀ from S's eigendecomposition (cirtorch uses L⁻¹ of the Cholesky factor
///    S = L Lᵀ; any square root that whitens S gives the same final P, up to the signs of its rows);
/// 4. C = (1/N) Σ P₁ (xᵢ − m)(xᵢ − m)ᵀ P₁ᵀ over all N columns (cirtorch omits the 1/N; the directions are the same)
///    = V Λ Vᵀ, eigenvalues in decreasing order;
/// 5. P = V_dᵀ P₁, the first d rows: x ↦ P (x − m).
///
/// Matching differences have identity second moment after the full (d = D) map, and the training vectors are
/// decorrelated with variances Λ (`eigenvalues`): the kept directions are those where the data varies most relative
/// to the variation within matching pairs. `apply` does not normalise (cirtorch's `whitenapply` L2-normalises after).
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `dimensions` d | D | rows kept, most discriminative first; must be ≤ D and ≤ the rank of C |
/// | `centre` | `.pairQueries` | the mean m: of the pairs' first vectors (cirtorch) or of all columns |
/// | `regularization` r | 0 | adds r · tr(S)/D to S's eigenvalues before inverting (a ridge; cirtorch adds the smallest α·I that makes its Cholesky succeed); needed when S is singular (fewer than D independent pairs) |
///
/// Double precision throughout (`dsyrk`, `dsymm`, `dgemm`, LAPACK `dsyev`); eigenvector signs fixed (entry of
/// largest magnitude positive), so a fit is deterministic. Memory: 8·D·max(N, M) bytes for the centred copy plus a few
/// D×D matrices.
public struct LearnedWhitening: LinearProjection, Equatable {
    /// Which mean is subtracted.
    public enum Centre: Sendable, Hashable {
        /// The mean of the pairs' first vectors, counted once per pair (cirtorch's `X[:, qidxs].mean`).
        case pairQueries
        /// The mean of all N training columns.
        case allColumns
    }

    /// The centre m (length D).
    public let mean: [Float]
    /// Pᵀ, D×d: column j is the j-th row of P = V_dᵀ P₁.
    public let projection: Matrix
    /// λ₁ ≥ … ≥ λ_d: the variances of the training vectors along the kept directions after the map.
    public let eigenvalues: [Double]

    public init(mean: [Float], projection: Matrix, eigenvalues: [Double]) {
        precondition(projection.rows == mean.count && projection.columns == eigenvalues.count,
                     "LearnedWhitening: projection \(projection.rows)×\(projection.columns) for mean \(mean.count), "
                         + "\(eigenvalues.count) eigenvalues")
        self.mean = mean
        self.projection = projection
        self.eigenvalues = eigenvalues
    }

    /// Learns the whitening from the D×N columns of `data` and the `matchingPairs` (column indices, each in 0..<N).
    /// Throws when `dimensions` > D, there is no pair, a value is not finite, S has fewer than D eigenvalues above
    /// D · ε · σ_max (then set `regularization` or add pairs), or C has fewer than `dimensions` eigenvalues above
    /// D · ε · max(λ_max(C), tr(Cm)/σ_min) (Cm: the data's second moment about m; the bound on C's rounding errors).
    public static func fit(_ data: Matrix, matchingPairs pairs: [ColumnPair], dimensions: Int? = nil,
                           centre: Centre = .pairQueries, regularization: Double = 0) throws -> LearnedWhitening {
        let d = data.rows, n = data.columns, m = pairs.count
        let k = dimensions ?? d
        let model = "learned whitening(\(d)→\(k))"
        precondition(k >= 1, "LearnedWhitening.fit: dims \(k) < 1")
        precondition(regularization >= 0 && regularization.isFinite, "LearnedWhitening.fit: regularization < 0")
        precondition(pairs.allSatisfy { 0..<n ~= $0.first && 0..<n ~= $0.second },
                     "LearnedWhitening.fit: a pair index outside 0..<\(n)")
        guard k <= d else { throw RetrievalCoreError.dimensionsExceedInput(model: model, requested: k, input: d) }
        guard m >= 1 else { throw RetrievalCoreError.tooFewPairs(model: model, kind: "matching", count: 0, needed: 1) }
        if let bad = TrainingMoments.firstNonFiniteColumn(data) {
            throw RetrievalCoreError.nonFiniteTrainingData(model: model, column: bad)
        }
        // 1. The centre.
        let centreVector: [Double]
        switch centre {
        case .allColumns: centreVector = TrainingMoments.mean(data)
        case .pairQueries: centreVector = TrainingMoments.mean(data.columns(pairs.map(\.first)))
        }
        // 2. S from the pair differences.
        var differences = [Double](repeating: 0, count: d * m)
        data.values.withUnsafeBufferPointer { x in
            for (t, pair) in pairs.enumerated() {
                let q = pair.first * d, p = pair.second * d
                for i in 0..<d { differences[t * d + i] = Double(x[q + i]) - Double(x[p + i]) }
            }
        }
        let s = TrainingMoments.gram(differences, rows: d, columns: m)
        var trace = 0.0
        for i in 0..<d { trace += s[i * d + i] }
        let sEigen = try SymmetricEigendecomposition(upper: s, dimension: d)
        let shift = regularization * trace / Double(d)
        let sValues = sEigen.eigenvalues.map { $0 + shift }
        let tolerance = Double(d) * Double.ulpOfOne * max(sValues[0], 0)
        let positive = sValues.filter { $0 > tolerance }.count
        guard positive == d else {
            throw RetrievalCoreError.rankDeficientPairCovariance(model: model, dimension: d, positive: positive,
                                                                 pairs: m)
        }
        // 3. B = P₁ᵀ = U_S Λ_S^(−1/2) (D×D column-major).
        var b = sEigen.eigenvectors
        for j in 0..<d {
            let scale = 1 / sValues[j].squareRoot()
            for i in 0..<d { b[j * d + i] *= scale }
        }
        // 4. C = Bᵀ Cm B with Cm the second moment of the data about m (upper triangle from dsyrk).
        let cm = TrainingMoments.secondMoment(data, about: centreVector)
        var cmB = [Double](repeating: 0, count: d * d)
        cblas_dsymm(CblasColMajor, CblasLeft, CblasUpper, Int32(d), Int32(d), 1, cm, Int32(d), b, Int32(d), 0, &cmB,
                    Int32(d))
        var c = [Double](repeating: 0, count: d * d)
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(d), Int32(d), Int32(d), 1, b, Int32(d), cmB,
                    Int32(d), 0, &c, Int32(d))
        let cEigen = try SymmetricEigendecomposition(upper: c, dimension: d)
        // C's rounding errors grow with ‖P₁‖² = 1/σ_min: its rank counts eigenvalues above
        // D · ε · max(λ_max(C), tr(Cm)/σ_min) (rank C = rank Cm, since P₁ is invertible).
        var cmTrace = 0.0
        for i in 0..<d { cmTrace += cm[i * d + i] }
        let cTolerance = Double(d) * Double.ulpOfOne * max(cEigen.eigenvalues[0], cmTrace / sValues[d - 1], 0)
        let rank = cEigen.eigenvalues.filter { $0 > cTolerance }.count
        guard rank >= k else {
            throw RetrievalCoreError.rankDeficientCovariance(model: model, dimension: d, requested: k, positive: rank)
        }
        // 5. Pᵀ = B V_k (D×k).
        var projection = [Double](repeating: 0, count: d * k)
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(d), Int32(k), Int32(d), 1, b, Int32(d),
                    cEigen.eigenvectors, Int32(d), 0, &projection, Int32(d))
        return LearnedWhitening(mean: centreVector.map { Float($0) },
                                projection: Matrix(rows: d, columns: k, values: projection.map { Float($0) }),
                                eigenvalues: Array(cEigen.eigenvalues[0..<k]))
    }
}
