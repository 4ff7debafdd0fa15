/// A MATLAB array read from a Level-5 MAT file. Elements of every kind are in MATLAB's column-major order;
/// `dimensions` has at least two entries (`[1, 4]` for a row vector).
public struct MATArray: Equatable, Sendable {
    /// MATLAB array classes (`mxCLASS` codes 1–15 of the MAT-file format).
    public enum ArrayClass: Int, Sendable {
        case cell = 1, structure = 2, object = 3, char = 4, sparse = 5, double = 6, single = 7, int8 = 8, uint8 = 9
        case int16 = 10, uint16 = 11, int32 = 12, uint32 = 13, int64 = 14, uint64 = 15
    }

    public enum Content: Equatable, Sendable {
        /// A numeric or logical array: values converted to Double (exact for every class but 64-bit integers
        /// beyond 2^53), whatever narrower type the file stored them in.
        case numeric(real: [Double], imaginary: [Double]?)
        /// A char array: one string per row (a 1×N array is one string; an empty array is no rows).
        case char(rows: [String])
        /// A cell array's cells.
        case cell([MATArray])
        /// A struct array: field names in file order, and per element (column-major) its values by field.
        case structure(fields: [String], elements: [[String: MATArray]])
    }

    public let arrayClass: ArrayClass
    public let dimensions: [Int]
    public let isLogical: Bool
    public let content: Content

    public init(arrayClass: ArrayClass, dimensions: [Int], isLogical: Bool = false, content: Content) {
        self.arrayClass = arrayClass
        self.dimensions = dimensions
        self.isLogical = isLogical
        self.content = content
    }

    /// ∏ dimensions.
    public var count: Int { dimensions.reduce(1, *) }

    // MARK: Accessors (nil when the content differs)

    /// The real values of a numeric array (column-major).
    public var doubles: [Double]? {
        if case .numeric(let real, _) = content { return real }
        return nil
    }

    /// The real values as Int when all are integral.
    public var integers: [Int]? {
        guard let d = doubles, d.allSatisfy({ $0 == $0.rounded() && abs($0) < 0x1p63 }) else { return nil }
        return d.map { Int($0) }
    }

    /// The text of a char array with at most one row ("" for an empty one).
    public var string: String? {
        guard case .char(let rows) = content, rows.count <= 1 else { return nil }
        return rows.first ?? ""
    }

    /// The cells of a cell array (column-major).
    public var cells: [MATArray]? {
        if case .cell(let c) = content { return c }
        return nil
    }

    /// The cell at (row, column) of a 2-D cell array.
    public func cell(_ row: Int, _ column: Int) -> MATArray? {
        guard let c = cells, dimensions.count == 2, row >= 0, row < dimensions[0], column >= 0, column < dimensions[1]
        else { return nil }
        return c[column * dimensions[0] + row]
    }

    /// The elements of a struct array (column-major), each a field → value map.
    public var structElements: [[String: MATArray]]? {
        if case .structure(_, let e) = content { return e }
        return nil
    }
}
