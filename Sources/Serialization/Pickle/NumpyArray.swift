/// A numpy array decoded from a pickle: `numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')` followed by
/// BUILD with `(version, shape, dtype, is_fortran, rawdata)` (numpy's `ndarray.__setstate__`), or protocol 5's
/// in-band `numpy.core.numeric._frombuffer(buffer, dtype, shape, order)`. `numpy._core` (numpy ≥ 2) is accepted too.
///
/// `elements` hold the values in the file's memory order (`isFortranOrder` says which); `doubles` / `integers`
/// give them in C (row-major) order. Shape `[]` is a 0-d array with one element.
public struct NumpyArray: Hashable, Sendable {
    public enum DType: String, Hashable, Sendable {
        case bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, float32, float64, object

        /// Bytes per element (object arrays hold pickled values, not bytes: 0).
        public var itemSize: Int {
            switch self {
            case .bool, .int8, .uint8: 1
            case .int16, .uint16, .float16: 2
            case .int32, .uint32, .float32: 4
            case .int64, .uint64, .float64: 8
            case .object: 0
            }
        }

        /// From numpy's type string without byte order: `f8`, `i4`, `u1`, `b1`, `O8`, ...
        init?(numpyCode: String) {
            switch numpyCode {
            case "b1": self = .bool
            case "i1": self = .int8
            case "i2": self = .int16
            case "i4": self = .int32
            case "i8": self = .int64
            case "u1": self = .uint8
            case "u2": self = .uint16
            case "u4": self = .uint32
            case "u8": self = .uint64
            case "f2": self = .float16
            case "f4": self = .float32
            case "f8": self = .float64
            case "O4", "O8": self = .object
            default: return nil
            }
        }
    }

    public enum Elements: Hashable, Sendable {
        case floats([Double])
        case integers([Int])
        case bools([Bool])
        case objects([PickleValue])

        var count: Int {
            switch self {
            case .floats(let v): v.count
            case .integers(let v): v.count
            case .bools(let v): v.count
            case .objects(let v): v.count
            }
        }
    }

    public let shape: [Int]
    public let dtype: DType
    public let isFortranOrder: Bool
    /// Values in memory order (Fortran order when `isFortranOrder`).
    public let elements: Elements

    public init(shape: [Int], dtype: DType, isFortranOrder: Bool = false, elements: Elements) {
        precondition(shape.reduce(1, *) == elements.count, "NumpyArray: shape \(shape) vs \(elements.count) elements")
        self.shape = shape
        self.dtype = dtype
        self.isFortranOrder = isFortranOrder
        self.elements = elements
    }

    public var count: Int { elements.count }

    /// Floating or integer values as Double, in C order (nil for bool/object arrays).
    public var doubles: [Double]? {
        switch elements {
        case .floats(let v): cOrder(v)
        case .integers(let v): cOrder(v.map(Double.init))
        default: nil
        }
    }

    /// Integer (or bool) values in C order (nil for floating and object arrays).
    public var integers: [Int]? {
        switch elements {
        case .integers(let v): cOrder(v)
        case .bools(let v): cOrder(v.map { $0 ? 1 : 0 })
        default: nil
        }
    }

    /// `values` (memory order) permuted to C order.
    func cOrder<T>(_ values: [T]) -> [T] {
        guard isFortranOrder, shape.count > 1 else { return values }
        return fortranToC(values, shape: shape)
    }
}

/// Reorders a column-major (Fortran) buffer of the given shape into row-major (C) order.
func fortranToC<T>(_ values: [T], shape: [Int]) -> [T] {
    guard shape.count > 1, !values.isEmpty else { return values }
    var fortranStrides = [Int](repeating: 1, count: shape.count)
    for d in 1..<shape.count { fortranStrides[d] = fortranStrides[d - 1] * shape[d - 1] }
    var result: [T] = []
    result.reserveCapacity(values.count)
    var index = [Int](repeating: 0, count: shape.count)
    for _ in 0..<values.count {
        var source = 0
        for d in 0..<shape.count { source += index[d] * fortranStrides[d] }
        result.append(values[source])
        var d = shape.count - 1
        while d >= 0 {
            index[d] += 1
            if index[d] < shape[d] { break }
            index[d] = 0
            d -= 1
        }
    }
    return result
}

/// IEEE 754 binary16 → Float (exact).
func halfToFloat(_ h: UInt16) -> Float {
    let sign: UInt32 = UInt32(h & 0x8000) << 16
    let exponent = Int((h >> 10) & 0x1F), mantissa = UInt32(h & 0x3FF)
    if exponent == 0 {
        let magnitude = Float(mantissa) * 0x1p-24
        return sign != 0 ? -magnitude : magnitude
    }
    if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
    return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
}
