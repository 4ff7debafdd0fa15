/// One tensor of a PyTorch state dict, materialised contiguous in C (row-major) order, as `tensor.contiguous()`.
///
/// `strides` and `storageOffset` are those of the saved view (in elements of its storage), kept for reference;
/// `values` are already gathered through them. Shape `[]` is a 0-d tensor with one value.
public struct TorchTensor: Equatable, Sendable {
    /// torch's dtype name without `torch.`: `float32`, `float64`, `float16`, `bfloat16`, `int64`, `int32`, `int16`,
    /// `int8`, `uint8`, `bool` (safetensors adds `uint16`, `uint32`, `uint64`).
    public var dtype: String
    public var shape: [Int]
    public var strides: [Int]
    public var storageOffset: Int
    /// All values as Float in C order (floating dtypes exactly except float64, which is rounded; integers exactly
    /// up to 2^24).
    public var values: [Float]
    /// The exact values of integer and bool tensors (C order); nil for floating dtypes.
    public var integers: [Int]?

    public init(dtype: String, shape: [Int], strides: [Int], storageOffset: Int, values: [Float], integers: [Int]?) {
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.storageOffset = storageOffset
        self.values = values
        self.integers = integers
    }

    /// The number of elements, ∏ shape.
    public var count: Int { shape.reduce(1, *) }
    public var isFloatingPoint: Bool { integers == nil }
}

/// A typed storage class of the checkpoint (`torch.FloatStorage`, ...): its dtype name, element size and decoder.
struct TorchStorageType {
    let dtype: String
    let size: Int
    let isFloatingPoint: Bool

    static let byClassName: [String: TorchStorageType] = [
        "FloatStorage": .init(dtype: "float32", size: 4, isFloatingPoint: true),
        "DoubleStorage": .init(dtype: "float64", size: 8, isFloatingPoint: true),
        "HalfStorage": .init(dtype: "float16", size: 2, isFloatingPoint: true),
        "BFloat16Storage": .init(dtype: "bfloat16", size: 2, isFloatingPoint: true),
        "LongStorage": .init(dtype: "int64", size: 8, isFloatingPoint: false),
        "IntStorage": .init(dtype: "int32", size: 4, isFloatingPoint: false),
        "ShortStorage": .init(dtype: "int16", size: 2, isFloatingPoint: false),
        "CharStorage": .init(dtype: "int8", size: 1, isFloatingPoint: false),
        "ByteStorage": .init(dtype: "uint8", size: 1, isFloatingPoint: false),
        "BoolStorage": .init(dtype: "bool", size: 1, isFloatingPoint: false),
    ]

    static var supportedNames: String { byClassName.keys.sorted().joined(separator: ", ") }

    /// By dtype name (`float32`, ...), including the unsigned types torch 1.13 has no storage class for.
    static let byDType: [String: TorchStorageType] = {
        var table = Dictionary(uniqueKeysWithValues: byClassName.values.map { ($0.dtype, $0) })
        table["uint16"] = .init(dtype: "uint16", size: 2, isFloatingPoint: false)
        table["uint32"] = .init(dtype: "uint32", size: 4, isFloatingPoint: false)
        table["uint64"] = .init(dtype: "uint64", size: 8, isFloatingPoint: false)
        return table
    }()

    /// The little-endian element at byte offset `o` of `raw`, as Double (exact for every type but int64 > 2^53).
    func floating(_ raw: UnsafeRawBufferPointer, _ o: Int) -> Double {
        switch dtype {
        case "float32": Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))))
        case "float64": Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
        case "float16": Double(halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt16.self))))
        case "bfloat16":
            Double(Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt16.self))) << 16))
        default: Double(integer(raw, o))
        }
    }

    func integer(_ raw: UnsafeRawBufferPointer, _ o: Int) -> Int {
        switch dtype {
        case "int64": Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self)))
        case "int32": Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int32.self)))
        case "int16": Int(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int16.self)))
        case "int8": Int(raw.load(fromByteOffset: o, as: Int8.self))
        case "uint8": Int(raw[o])
        case "uint16": Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
        case "uint32": Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
        case "uint64": Int(truncatingIfNeeded: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
        case "bool": raw[o] != 0 ? 1 : 0
        default: 0
        }
    }

    /// Gathers the view `(offset, shape, strides)` of a storage of `raw.count / size` elements into C order.
    /// Throws `OutOfRange` when the view reaches outside the storage.
    func materialise(_ raw: [UInt8], offset: Int, shape: [Int], strides: [Int]) throws -> (values: [Float], integers: [Int]?) {
        struct OutOfRange: Error {}
        var count = 1
        for n in shape {
            let (c, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, c <= 1 << 40 else { throw OutOfRange() }
            count = c
        }
        let numel = raw.count / size
        // A broadcast (stride-0) view may hold more elements than its storage, but not absurdly many: this bound
        // keeps a corrupt shape from allocating terabytes.
        guard count <= max(numel * 64, 1 << 24) else { throw OutOfRange() }
        if count > 0 {
            var lowest = offset, highest = offset
            for (n, s) in zip(shape, strides) {
                let (reach, overflow) = (n - 1).multipliedReportingOverflow(by: s)
                guard !overflow, abs(reach) <= numel else { throw OutOfRange() }
                if s >= 0 { highest += reach } else { lowest += reach }
            }
            guard lowest >= 0, highest < numel else { throw OutOfRange() }
        }
        // Element positions in C order.
        var positions = [Int](repeating: offset, count: count)
        if count > 0, !shape.isEmpty {
            var index = [Int](repeating: 0, count: shape.count)
            var position = offset
            for linear in 0..<count {
                positions[linear] = position
                var d = shape.count - 1
                while d >= 0 {
                    index[d] += 1
                    position += strides[d]
                    if index[d] < shape[d] { break }
                    position -= index[d] * strides[d]
                    index[d] = 0
                    d -= 1
                }
            }
        }
        return raw.withUnsafeBytes { buffer in
            if isFloatingPoint {
                return (positions.map { Float(floating(buffer, $0 * size)) }, nil)
            }
            let ints = positions.map { integer(buffer, $0 * size) }
            return (ints.map(Float.init), ints)
        }
    }
}
