extension MATParser {
    /// The contents of one miMATRIX element: array flags, dimensions, name, then the class's sub-elements.
    /// An empty miMATRIX (no bytes, as MATLAB writes for `[]` cells) is a 0×0 double.
    mutating func matrix(_ data: [UInt8], base: Int, depth: Int = 0) throws -> (name: String, value: MATArray) {
        guard depth < 64 else { throw fail(base, "arrays nested deeper than 64 levels") }
        if data.isEmpty { return ("", MATArray(arrayClass: .double, dimensions: [0, 0], content: .numeric(real: [], imaginary: nil))) }
        var offset = 0
        func next() throws -> Element {
            guard offset < data.count else { throw fail(base + offset, "truncated miMATRIX: a sub-element is missing") }
            return try element(data, &offset, base: base)
        }
        let flagsElement = try next()
        guard flagsElement.type == MATParser.miUINT32, flagsElement.data.count == 8 else {
            throw fail(flagsElement.offset, "miMATRIX without its array-flags sub-element")
        }
        let flags = flagsElement.data.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        let classCode = Int(flags & 0xFF), isComplex = flags & 0x800 != 0, isLogical = flags & 0x200 != 0
        let dimsElement = try next()
        guard dimsElement.type == MATParser.miINT32, dimsElement.data.count >= 8, dimsElement.data.count % 4 == 0 else {
            throw fail(dimsElement.offset, "miMATRIX without a valid dimensions sub-element")
        }
        let dims = try integers(dimsElement).map { Int($0) }
        var count = 1
        for d in dims {
            let (c, overflow) = count.multipliedReportingOverflow(by: d)
            guard d >= 0, !overflow, c <= 1 << 40 else { throw fail(dimsElement.offset, "invalid dimensions \(dims)") }
            count = c
        }
        let nameElement = try next()
        guard nameElement.type == MATParser.miINT8 || nameElement.type == MATParser.miUINT8 else {
            throw fail(nameElement.offset, "miMATRIX without an array-name sub-element")
        }
        let name = String(decoding: nameElement.data, as: UTF8.self)
        if depth == 0 { variable = name }
        guard let arrayClass = MATArray.ArrayClass(rawValue: classCode) else {
            throw fail(flagsElement.offset, "unknown array class \(classCode)")
        }
        let content: MATArray.Content
        switch arrayClass {
        case .sparse, .object:
            throw fail(flagsElement.offset, "\(arrayClass) arrays are not supported; convert with full() / struct() before saving")
        case .cell:
            guard count <= (data.count - offset) / 8 else { throw fail(base, "truncated: \(count) cells cannot fit in the element") }
            var cells: [MATArray] = []
            cells.reserveCapacity(count)
            for _ in 0..<count {
                let e = try next()
                guard e.type == MATParser.miMATRIX else { throw fail(e.offset, "a cell is not an miMATRIX element") }
                cells.append(try matrix(e.data, base: e.offset + 8, depth: depth + 1).value)
            }
            content = .cell(cells)
        case .structure:
            let lengthElement = try next()
            guard lengthElement.type == MATParser.miINT32, let length = try integers(lengthElement).first, length > 0 else {
                throw fail(lengthElement.offset, "struct without a field-name length")
            }
            let namesElement = try next()
            guard namesElement.type == MATParser.miINT8, namesElement.data.count % Int(length) == 0 else {
                throw fail(namesElement.offset, "struct field names do not fill \(length)-byte slots")
            }
            let fields = stride(from: 0, to: namesElement.data.count, by: Int(length)).map {
                String(decoding: namesElement.data[$0..<($0 + Int(length))].prefix { $0 != 0 }, as: UTF8.self)
            }
            guard fields.isEmpty || count <= (data.count - offset) / (8 * fields.count) else {
                throw fail(base, "truncated: \(count) struct elements cannot fit in the element")
            }
            var elements: [[String: MATArray]] = []
            for _ in 0..<count {
                var values: [String: MATArray] = [:]
                for field in fields {
                    let e = try next()
                    guard e.type == MATParser.miMATRIX else { throw fail(e.offset, "struct field \(field) is not an miMATRIX element") }
                    values[field] = try matrix(e.data, base: e.offset + 8, depth: depth + 1).value
                }
                elements.append(values)
            }
            content = .structure(fields: fields, elements: elements)
        case .char:
            let e = count == 0 && offset >= data.count ? Element(type: MATParser.miUTF8, data: [], offset: base) : try next()
            let scalars = try characters(e)
            guard scalars.count == count else {
                throw fail(e.offset, "a char array of dimensions \(dims) holds \(scalars.count) characters")
            }
            let rows = dims.isEmpty ? 0 : dims[0], columns = rows == 0 ? 0 : count / rows
            content = .char(rows: (0..<rows).map { r in
                var s = String.UnicodeScalarView()
                for c in 0..<columns { s.append(scalars[c * rows + r]) }
                return String(s)
            })
        default:
            let real = try numbers(try next())
            guard real.count == count else {
                throw fail(base, "a \(arrayClass) array of dimensions \(dims) holds \(real.count) values")
            }
            var imaginary: [Double]?
            if isComplex {
                imaginary = try numbers(try next())
                guard imaginary?.count == count else { throw fail(base, "the imaginary part has the wrong length") }
            }
            content = .numeric(real: real, imaginary: imaginary)
        }
        return (name, MATArray(arrayClass: arrayClass, dimensions: dims, isLogical: isLogical, content: content))
    }

    func integers(_ e: Element) throws -> [Int64] {
        try numbers(e).map { Int64($0) }
    }

    /// The values of a numeric data element, as Double.
    func numbers(_ e: Element) throws -> [Double] {
        let size: Int
        switch e.type {
        case MATParser.miINT8, MATParser.miUINT8: size = 1
        case MATParser.miINT16, MATParser.miUINT16: size = 2
        case MATParser.miINT32, MATParser.miUINT32, MATParser.miSINGLE: size = 4
        case MATParser.miDOUBLE, MATParser.miINT64, MATParser.miUINT64: size = 8
        default: throw fail(e.offset, "data element type \(e.type) is not numeric")
        }
        guard e.data.count % size == 0 else { throw fail(e.offset, "\(e.data.count) bytes are not whole \(size)-byte values") }
        return e.data.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: size).map { o -> Double in
                switch e.type {
                case MATParser.miINT8: Double(raw.load(fromByteOffset: o, as: Int8.self))
                case MATParser.miUINT8: Double(raw[o])
                case MATParser.miINT16: Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int16.self)))
                case MATParser.miUINT16: Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
                case MATParser.miINT32: Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int32.self)))
                case MATParser.miUINT32: Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
                case MATParser.miSINGLE:
                    Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))))
                case MATParser.miDOUBLE: Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
                case MATParser.miINT64: Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self)))
                default: Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
                }
            }
        }
    }

    /// The characters of a char array's data element.
    func characters(_ e: Element) throws -> [Unicode.Scalar] {
        switch e.type {
        case MATParser.miUTF8:
            guard let s = String(validating: e.data, as: UTF8.self) else { throw fail(e.offset, "invalid UTF-8 text") }
            return Array(s.unicodeScalars)
        case MATParser.miUINT8, MATParser.miINT8:
            return e.data.map { Unicode.Scalar($0) }
        case MATParser.miUINT16, MATParser.miUTF16:
            let units = try numbers(Element(type: MATParser.miUINT16, data: e.data, offset: e.offset)).map { UInt16($0) }
            var scalars: [Unicode.Scalar] = []
            for r in UTF16.decode(units) { scalars.append(r) }
            return scalars
        case MATParser.miUTF32, MATParser.miUINT32:
            return try numbers(Element(type: MATParser.miUINT32, data: e.data, offset: e.offset)).map {
                Unicode.Scalar(UInt32($0)) ?? "\u{FFFD}"
            }
        default:
            throw fail(e.offset, "char data of element type \(e.type); expected miUTF8, miUINT16/miUTF16 or miUTF32")
        }
    }
}

extension UTF16 {
    /// Decodes code units, replacing ill-formed sequences with U+FFFD.
    static func decode(_ units: [UInt16]) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): scalars.append(s)
            case .emptyInput: break loop
            case .error: scalars.append("\u{FFFD}")
            }
        }
        return scalars
    }
}
