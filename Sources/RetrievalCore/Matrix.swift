/// A dense single-precision matrix in column-major order.
///
/// The one layout of the suite: **descriptors are columns**. A set of N descriptors of dimension D is a `Matrix`
/// with `rows == D` and `columns == N`; column `j` is the contiguous slice `values[j*D ..< (j+1)*D]`, which is
/// also exactly the layout BLAS calls "column-major, leading dimension D".
public struct Matrix: Equatable, Sendable {
    /// Number of rows (the descriptor dimension D).
    public let rows: Int
    /// Number of columns (the number of descriptors N).
    public let columns: Int
    /// `rows * columns` values, column after column.
    public var values: [Float]

    /// A matrix of the given shape filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = [Float](repeating: value, count: rows * columns)
    }

    /// A matrix over existing column-major values; `values.count` must equal `rows * columns`.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns,
                     "Matrix: \(values.count) values for a \(rows)×\(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A D×N matrix whose columns are the given vectors (all of length D). An empty list gives a 0×0 matrix
    /// unless `rows` is given.
    public init(columns vectors: [[Float]], rows: Int? = nil) {
        let d = rows ?? vectors.first?.count ?? 0
        var values = [Float]()
        values.reserveCapacity(d * vectors.count)
        for v in vectors {
            precondition(v.count == d, "Matrix: column of length \(v.count), expected \(d)")
            values.append(contentsOf: v)
        }
        self.init(rows: d, columns: vectors.count, values: values)
    }

    /// Element at row `i`, column `j`.
    @inlinable
    public subscript(i: Int, j: Int) -> Float {
        get { values[j * rows + i] }
        set { values[j * rows + i] = newValue }
    }

    /// Column `j` as a new array of length `rows`.
    public func column(_ j: Int) -> [Float] {
        precondition(j >= 0 && j < columns, "Matrix: column \(j) out of 0..<\(columns)")
        return Array(values[j * rows ..< (j + 1) * rows])
    }

    /// The columns at the given indices, in that order (rows × indices.count).
    public func columns(_ indices: [Int]) -> Matrix {
        var out = [Float]()
        out.reserveCapacity(rows * indices.count)
        for j in indices { out.append(contentsOf: values[j * rows ..< (j + 1) * rows]) }
        return Matrix(rows: rows, columns: indices.count, values: out)
    }
}
