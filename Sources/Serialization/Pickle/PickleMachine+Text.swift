extension PickleMachine {
    /// The operand of STRING: a Python 2 `repr` of a str, single- or double-quoted, with backslash escapes
    /// (`\\ \' \" \n \r \t \a \b \f \v \xNN \NNN`).
    func decodeQuotedString(_ line: [UInt8]) throws -> [UInt8] {
        guard line.count >= 2, let q = line.first, q == 0x27 || q == 0x22, line.last == q else {
            throw error("the STRING operand is not quoted")
        }
        let body = line[1..<(line.count - 1)]
        var out: [UInt8] = []
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            i += 1
            guard c == 0x5C, i < body.endIndex else { out.append(c); continue }
            let e = body[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "x"):
                guard i + 2 <= body.endIndex, let v = UInt8(String(decoding: body[i..<(i + 2)], as: UTF8.self), radix: 16)
                else { throw error("invalid \\x escape in a STRING operand") }
                out.append(v)
                i += 2
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(e - 0x30), n = 1
                while n < 3, i < body.endIndex, (0x30...0x37).contains(body[i]) {
                    v = v * 8 + Int(body[i] - 0x30)
                    i += 1
                    n += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            default: out.append(e)  // \\, \', \" and unknown escapes keep the character
            }
        }
        return out
    }

    /// The operand of UNICODE: `raw-unicode-escape` text — bytes are Latin-1 code points except `\uXXXX` and
    /// `\UXXXXXXXX`. Lone surrogates become U+FFFD.
    func decodeRawUnicodeEscape(_ line: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        var i = 0
        var pendingHigh: UInt32?
        func emit(_ v: UInt32) {
            if let high = pendingHigh {
                pendingHigh = nil
                if (0xDC00...0xDFFF).contains(v) {
                    scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00))!)
                    return
                }
                scalars.append("\u{FFFD}")
            }
            if (0xD800...0xDBFF).contains(v) { pendingHigh = v; return }
            scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
        }
        while i < line.count {
            let c = line[i]
            if c == 0x5C, i + 1 < line.count, line[i + 1] == UInt8(ascii: "u") || line[i + 1] == UInt8(ascii: "U") {
                let width = line[i + 1] == UInt8(ascii: "u") ? 4 : 8
                if i + 2 + width <= line.count,
                   let v = UInt32(String(decoding: line[(i + 2)..<(i + 2 + width)], as: UTF8.self), radix: 16) {
                    emit(v)
                    i += 2 + width
                    continue
                }
            }
            emit(UInt32(c))
            i += 1
        }
        if pendingHigh != nil { scalars.append("\u{FFFD}") }
        return String(scalars)
    }
}
