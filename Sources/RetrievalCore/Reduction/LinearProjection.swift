import CLinearAlgebra

/// A reduction step of the form x ↦ P(x − m): every linear step of the suite (PCA, PCA-whitening, learned whitening,
/// large-margin reduction) is a training mean m and a projection P, applied the same way.
///
/// Shapes: m has length D; `projection` stores Pᵀ as a D×d matrix (column j is the j-th output direction, the j-th
/// row of P), so that a model is serialised as one D×(d + 1) matrix by the caller if it wishes.
public protocol LinearProjection: Sendable {
    /// The centre m subtracted before projecting (length D).
    var mean: [Float] { get }
    /// Pᵀ, D×d: column j is the j-th output direction.
    var projection: Matrix { get }
}

extension LinearProjection {
    /// Input dimension D.
    public var inputDimension: Int { mean.count }
    /// Output dimension d.
    public var outputDimension: Int { projection.columns }

    /// P(X − m) for the D×N columns of `x`: a d×N matrix (not normalised).
    public func apply(_ x: Matrix) -> Matrix {
        precondition(x.rows == inputDimension,
                     "\(Self.self).apply: \(x.rows)-D input for a \(inputDimension)-D model")
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

    /// `apply` on one vector of length D.
    public func apply(_ x: [Float]) -> [Float] { apply(Matrix(rows: x.count, columns: 1, values: x)).values }
}
