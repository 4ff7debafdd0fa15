extension NumpyArray {
    static let modules: Set<String> = ["numpy.core.multiarray", "numpy._core.multiarray"]

    static func isReconstruct(_ g: PickleGlobal) -> Bool { modules.contains(g.module) && g.name == "_reconstruct" }
    static func isScalar(_ g: PickleGlobal) -> Bool { modules.contains(g.module) && g.name == "scalar" }
    static func isFromBuffer(_ g: PickleGlobal) -> Bool {
        (g.module == "numpy.core.numeric" || g.module == "numpy._core.numeric") && g.name == "_frombuffer"
    }

    /// True when `value` is a pickled numpy array (`_reconstruct` object or protocol-5 `_frombuffer` object).
    public static func isArray(_ value: PickleValue) -> Bool {
        guard case .object(let callable, _, _) = value, let g = callable.globalName else { return false }
        return isReconstruct(g) || isFromBuffer(g)
    }

    /// Decodes a pickled numpy array; `file` and `path` (`gnd[3].bbx`) only label errors.
    ///
    ///     let bbx = try NumpyArray(pickled: gnd["bbx"]!, file: path, path: "gnd[0].bbx").doubles
    public init(pickled value: PickleValue, file: String = "<memory>", path: String = "") throws {
        do {
            guard case .object(let callable, let arguments, let state) = value, let g = callable.globalName,
                  NumpyArray.isReconstruct(g) || NumpyArray.isFromBuffer(g) else {
                throw PickleCallError("expected a numpy array, found \(value.kindName)")
            }
            if NumpyArray.isFromBuffer(g) {
                try self.init(fromBuffer: arguments)
            } else {
                try self.init(reconstructState: state)
            }
        } catch let e as PickleCallError {
            throw SerializationError.value(file: file, path: path, problem: "numpy array: \(e.problem)")
        }
    }

    /// The BUILD state of a `_reconstruct` object: `(version, shape, dtype, is_fortran, rawdata)` (or without
    /// the leading version), as numpy's `array_setstate` reads it.
    private init(reconstructState: PickleValue?) throws {
        guard var state = reconstructState?.elements else {
            throw PickleCallError("expected a (version, shape, dtype, is_fortran, data) state tuple")
        }
        if state.count == 5 { state.removeFirst() }
        guard state.count == 4 else { throw PickleCallError("state tuple has \(state.count) items; expected 4 or 5") }
        let shape = try NumpyArray.shape(state[0])
        let (dtype, bigEndian) = try NumpyArray.dtype(state[1])
        guard case .bool(let fortran) = state[2] else { throw PickleCallError("is_fortran is \(state[2].kindName)") }
        try self.init(shape: shape, dtype: dtype, bigEndian: bigEndian, fortran: fortran, data: state[3])
    }

    /// `_frombuffer(buffer, dtype, shape, order)` (protocol 5 in-band buffers).
    private init(fromBuffer args: [PickleValue]) throws {
        guard args.count == 4 else { throw PickleCallError("_frombuffer takes 4 arguments, got \(args.count)") }
        let (dtype, bigEndian) = try NumpyArray.dtype(args[1])
        let order = args[3].string ?? "C"
        try self.init(shape: try NumpyArray.shape(args[2]), dtype: dtype, bigEndian: bigEndian,
                      fortran: order == "F", data: args[0])
    }

    /// `numpy.core.multiarray.scalar(dtype, bytes)`: a numpy scalar (`np.float32(1.5)`) as a plain value.
    @Sendable static func scalar(_ args: [PickleValue]) throws -> PickleValue {
        guard args.count == 2 else { throw PickleCallError("scalar takes 2 arguments, got \(args.count)") }
        let (dtype, bigEndian) = try dtype(args[0])
        let array = try NumpyArray(shape: [], dtype: dtype, bigEndian: bigEndian, fortran: false, data: args[1])
        switch array.elements {
        case .floats(let v): return .float(v[0])
        case .integers(let v): return .int(v[0])
        case .bools(let v): return .bool(v[0])
        case .objects(let v): return v[0]
        }
    }

    private init(shape: [Int], dtype: DType, bigEndian: Bool, fortran: Bool, data: PickleValue) throws {
        var count = 1
        for n in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { throw PickleCallError("shape \(shape) overflows") }
            count = product
        }
        if dtype == .object {
            guard let items = data.elements, items.count == count else {
                throw PickleCallError("an object array of shape \(shape) needs a list of \(count) values")
            }
            self.init(shape: shape, dtype: dtype, isFortranOrder: fortran, elements: .objects(items))
            return
        }
        let raw: [UInt8]
        switch data {
        case .bytes(let b): raw = b
        case .string(let s): raw = Array(s.utf8)  // Python 2 str data that happened to be ASCII
        default: throw PickleCallError("array data must be bytes, found \(data.kindName)")
        }
        guard raw.count == count * dtype.itemSize else {
            throw PickleCallError("\(raw.count) data bytes for shape \(shape) of \(dtype) "
                + "(expected \(count * dtype.itemSize))")
        }
        var reader = ByteReader(raw)
        let size = dtype.itemSize
        func next() -> UInt64 { (try? reader.uint(size, bigEndian: bigEndian)) ?? 0 }  // length checked above
        let elements: Elements
        switch dtype {
        case .bool: elements = .bools((0..<count).map { _ in next() != 0 })
        case .int8: elements = .integers((0..<count).map { _ in Int(Int8(truncatingIfNeeded: next())) })
        case .int16: elements = .integers((0..<count).map { _ in Int(Int16(truncatingIfNeeded: next())) })
        case .int32: elements = .integers((0..<count).map { _ in Int(Int32(truncatingIfNeeded: next())) })
        case .int64: elements = .integers((0..<count).map { _ in Int(Int64(bitPattern: next())) })
        case .uint8, .uint16, .uint32: elements = .integers((0..<count).map { _ in Int(next()) })
        case .uint64:
            let values = (0..<count).map { _ in next() }
            guard values.allSatisfy({ $0 <= UInt64(Int.max) }) else {
                throw PickleCallError("a uint64 value exceeds Int.max")
            }
            elements = .integers(values.map { Int($0) })
        case .float16: elements = .floats((0..<count).map { _ in Double(halfToFloat(UInt16(next()))) })
        case .float32: elements = .floats((0..<count).map { _ in Double(Float(bitPattern: UInt32(next()))) })
        case .float64: elements = .floats((0..<count).map { _ in Double(bitPattern: next()) })
        case .object: preconditionFailure("handled above")
        }
        self.init(shape: shape, dtype: dtype, isFortranOrder: fortran, elements: elements)
    }

    static func shape(_ value: PickleValue) throws -> [Int] {
        guard let items = value.elements else { throw PickleCallError("shape is \(value.kindName), not a tuple") }
        return try items.map {
            guard let n = $0.int, n >= 0 else { throw PickleCallError("shape entry \($0) is not a size") }
            return n
        }
    }

    /// A pickled `numpy.dtype(code, align, copy)` with BUILD state `(version, byteorder, ...)`.
    static func dtype(_ value: PickleValue) throws -> (DType, bigEndian: Bool) {
        guard case .object(let callable, let arguments, let state) = value, let g = callable.globalName,
              g.name == "dtype", g.module.hasPrefix("numpy"), let code = arguments.first?.string else {
            throw PickleCallError("expected a numpy.dtype, found \(value.kindName)")
        }
        guard let dtype = DType(numpyCode: code) else {
            throw PickleCallError("unsupported dtype '\(code)'; expected b1, i1–i8, u1–u8, f2, f4, f8 or O")
        }
        let order = state?.elements.flatMap { $0.count > 1 ? $0[1].string : nil } ?? "<"
        return (dtype, order == ">")
    }
}
