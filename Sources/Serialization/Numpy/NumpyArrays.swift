/// Numeric contents of pickled sequences: Python lists/tuples of numbers and numpy arrays
/// (`numpy.core.multiarray._reconstruct` + `BUILD` state `(version, shape, dtype, is_fortran, data)`), with the
/// dtypes ground-truth files use: little/big-endian int8–int64, uint8–uint64, float32, float64, bool.
public enum NumpyArrays {
    /// The values as Double (ints converted exactly up to 2⁵³), or nil if `value` is not a numeric sequence.
    public static func doubles(_ value: PickleValue) -> [Double]? {
        if let elements = value.elements {
            let values = elements.compactMap(\.double)
            return values.count == elements.count ? values : nil
        }
        guard case .object(let callable, _, let state) = value,
              case .global("numpy.core.multiarray", "_reconstruct") = callable,
              let fields = state?.elements, fields.count == 5,
              case .object(_, let dtypeArguments, let dtypeState) = fields[2],
              let code = dtypeArguments.first?.string else { return nil }
        let order = dtypeState?.elements?.dropFirst().first?.string ?? "<"
        if let list = fields[4].elements { return list.compactMap(\.double) }
        let raw: [UInt8]
        switch fields[4] {
        case .bytes(let b): raw = b
        case .string(let s): raw = s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }  // latin-1 (protocol 0–2)
        case .object(.global("_codecs", "encode"), let args, _):   // protocol 2: bytes as a latin-1 string
            guard let s = args.first?.string else { return nil }
            raw = s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        case .object(.global(_, "bytes"), let args, _):             // protocol 2: b"" as bytes()
            guard args.isEmpty else { return nil }
            raw = []
        default: return nil
        }
        let kind = code.first!, size = Int(code.dropFirst()) ?? 1
        guard size > 0, raw.count % size == 0 else { return nil }
        let bigEndian = order == ">"
        return stride(from: 0, to: raw.count, by: size).map { offset -> Double in
            var bits: UInt64 = 0
            for i in 0..<size {
                let byte = UInt64(raw[offset + (bigEndian ? size - 1 - i : i)])
                bits |= byte << (8 * UInt64(i))
            }
            switch (kind, size) {
            case ("f", 4): return Double(Float(bitPattern: UInt32(bits)))
            case ("f", 8): return Double(bitPattern: bits)
            case ("i", _):
                let shift = UInt64(64 - 8 * size)
                return Double(Int64(bitPattern: bits << shift) >> Int64(shift))
            case ("u", _), ("b", _): return Double(bits)
            default: return .nan
            }
        }
    }

    /// The values as Int, or nil if not a numeric sequence of integers.
    public static func ints(_ value: PickleValue) -> [Int]? {
        guard let d = doubles(value), d.allSatisfy({ $0 == $0.rounded() && abs($0) < 9e15 }) else { return nil }
        return d.map { Int($0) }
    }
}
