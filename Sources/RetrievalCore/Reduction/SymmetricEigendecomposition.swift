import CLinearAlgebra

/// The eigendecomposition behind every reduction step: a symmetric D×D matrix A = V Λ Vᵀ by LAPACK's `dsyev`
/// (double precision), eigenpairs sorted by decreasing eigenvalue, each eigenvector's sign fixed so that its entry of
/// largest magnitude is positive (the first such entry on ties) — so a fit is deterministic.
///
/// The numerical rank counts the eigenvalues above D · ε · max(λ_max, 0) (ε = double machine epsilon).
struct SymmetricEigendecomposition {
    /// Dimension D.
    let dimension: Int
    /// λ₁ ≥ … ≥ λ_D.
    let eigenvalues: [Double]
    /// D×D column-major: column j is the unit eigenvector of λⱼ.
    let eigenvectors: [Double]

    /// Decomposes the D×D matrix whose upper triangle (column-major, leading dimension D) is in `upper`.
    init(upper: [Double], dimension d: Int) throws {
        var a = upper
        var ascending = [Double](repeating: 0, count: d)
        let status = LAPACKE_dsyev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(d), &a,
                                   Int32(d), &ascending)
        guard status == 0 else { throw RetrievalCoreError.lapackFailed(function: "LAPACKE_dsyev", status: Int(status)) }
        // dsyev returns ascending eigenvalues with eigenvectors in the columns of `a`.
        var values = [Double](repeating: 0, count: d)
        var vectors = [Double](repeating: 0, count: d * d)
        for j in 0..<d {
            let source = d - 1 - j
            values[j] = ascending[source]
            let start = source * d
            var pivot = start
            for i in start..<(start + d) where abs(a[i]) > abs(a[pivot]) { pivot = i }
            let sign: Double = a[pivot] < 0 ? -1 : 1
            for i in 0..<d { vectors[j * d + i] = a[start + i] * sign }
        }
        dimension = d
        eigenvalues = values
        eigenvectors = vectors
    }

    /// The number of eigenvalues above D · ε · max(λ_max, 0).
    var numericalRank: Int {
        guard let largest = eigenvalues.first else { return 0 }
        let tolerance = Double(dimension) * Double.ulpOfOne * max(largest, 0)
        return eigenvalues.filter { $0 > tolerance }.count
    }

    /// Column j of the eigenvectors.
    func eigenvector(_ j: Int) -> ArraySlice<Double> { eigenvectors[j * dimension ..< (j + 1) * dimension] }
}

/// Moments of the D×N columns of a Float matrix, accumulated in double precision.
enum TrainingMoments {
    /// The mean of the columns (length D).
    static func mean(_ data: Matrix) -> [Double] {
        let d = data.rows, n = data.columns
        var mean = [Double](repeating: 0, count: d)
        data.values.withUnsafeBufferPointer { x in
            for j in 0..<n { for i in 0..<d { mean[i] += Double(x[j * d + i]) } }
        }
        for i in 0..<d { mean[i] /= Double(n) }
        return mean
    }

    /// The upper triangle of (1/N) Σ (xᵢ − c)(xᵢ − c)ᵀ over the columns of `data` (D×D column-major), by `dsyrk` on
    /// the centred columns in double precision.
    static func secondMoment(_ data: Matrix, about centre: [Double]) -> [Double] {
        let d = data.rows, n = data.columns
        var centred = [Double](repeating: 0, count: d * n)
        data.values.withUnsafeBufferPointer { x in
            for j in 0..<n { for i in 0..<d { centred[j * d + i] = Double(x[j * d + i]) - centre[i] } }
        }
        return gram(centred, rows: d, columns: n)
    }

    /// The upper triangle of (1/N) Y Yᵀ for the D×N column-major `y` (D×D column-major), by `dsyrk`.
    static func gram(_ y: [Double], rows d: Int, columns n: Int) -> [Double] {
        var moment = [Double](repeating: 0, count: d * d)
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, Int32(d), Int32(n), 1 / Double(n), y, Int32(d),
                    0, &moment, Int32(d))
        return moment
    }

    /// The index of the first column holding NaN or ±∞, if any.
    static func firstNonFiniteColumn(_ data: Matrix) -> Int? {
        data.values.firstIndex(where: { !$0.isFinite }).map { $0 / max(data.rows, 1) }
    }
}
