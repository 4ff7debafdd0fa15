/// A check, before ZIPFoundation reads an archive, that every offset it will follow lies inside the file and every size
/// is small enough that its sums cannot overflow: ZIPFoundation converts offsets to `off_t` and adds sizes with
/// trapping arithmetic, so a crafted directory (found by fuzzing, `Fuzz/regressions/torch/`) crashed the process.
///
/// Checked: the end-of-central-directory record (the last one, as ZIPFoundation finds it), the ZIP64 locator and
/// record when present, and every central-directory entry (its fixed part, name, extra field and comment inside the
/// directory; its local-header offset, ZIP64 values and local header inside the file; sizes at most 2⁴⁰ bytes).
enum ZipBounds {
    /// nil when the archive is safe to hand to ZIPFoundation, else what is wrong.
    static func problem(_ b: [UInt8]) -> String? {
        let n = UInt64(b.count)
        let sizeLimit: UInt64 = 1 << 40
        func value(_ offset: UInt64, _ width: Int) -> UInt64? {
            guard offset <= n, UInt64(width) <= n - offset else { return nil }
            var v: UInt64 = 0
            for i in (0..<width).reversed() { v = v << 8 | UInt64(b[Int(offset) + i]) }
            return v
        }
        func signature(_ offset: UInt64, _ s: UInt64) -> Bool { value(offset, 4) == s }
        guard b.count >= 22 else { return "shorter than an end-of-central-directory record" }
        guard let eocd = stride(from: b.count - 22, through: max(0, b.count - 22 - 65535), by: -1)
            .first(where: { signature(UInt64($0), 0x0605_4B50) }).map(UInt64.init) else {
            return "no end-of-central-directory record"
        }
        var entries = value(eocd + 10, 2)!, size = value(eocd + 12, 4)!, start = value(eocd + 16, 4)!
        if eocd >= 20, signature(eocd - 20, 0x0706_4B50) {
            guard let record = value(eocd - 20 + 8, 8), record <= n, let _ = value(record, 56) else {
                return "the ZIP64 end-of-central-directory record lies outside the file"
            }
            if signature(record, 0x0606_4B50) {
                entries = value(record + 32, 8)!; size = value(record + 40, 8)!; start = value(record + 48, 8)!
            }
        }
        guard start <= n, size <= n - start else { return "the central directory lies outside the file" }
        guard entries <= size / 46 else { return "\(entries) entries do not fit in a \(size)-byte central directory" }
        var p = start
        for index in 0..<entries {
            guard signature(p, 0x0201_4B50), let nameLength = value(p + 28, 2), let extraLength = value(p + 30, 2),
                  let commentLength = value(p + 32, 2), let local = value(p + 42, 4),
                  let compressed = value(p + 20, 4), let uncompressed = value(p + 24, 4) else {
                return "central-directory entry \(index) is malformed"
            }
            let extraStart = p + 46 + nameLength, next = extraStart + extraLength + commentLength
            guard next <= start + size else { return "central-directory entry \(index) overruns the directory" }
            var offsets = [local], sizes = [compressed, uncompressed]
            var e = extraStart
            while e + 4 <= extraStart + extraLength {
                let id = value(e, 2)!, length = value(e + 2, 2)!
                guard e + 4 + length <= extraStart + extraLength else { return "entry \(index): extra field overruns" }
                if id == 1 {  // ZIP64: sizes, then the local-header offset, each 8 bytes when present
                    var values: [UInt64] = []
                    var k: UInt64 = 0
                    while k + 8 <= length { values.append(value(e + 4 + k, 8)!); k += 8 }
                    sizes += values.prefix(2)
                    offsets += values.dropFirst(2)
                }
                e += 4 + length
            }
            guard offsets.allSatisfy({ $0 == 0xFFFF_FFFF || $0 < n }), sizes.allSatisfy({ $0 <= sizeLimit }) else {
                return "entry \(index) points outside the file"
            }
            let headerOffset = offsets.last { $0 != 0xFFFF_FFFF } ?? local
            guard signature(headerOffset, 0x0403_4B50), value(headerOffset + 26, 2) != nil,
                  value(headerOffset + 28, 2) != nil else {
                return "entry \(index): no local header at byte \(headerOffset)"
            }
            p = next
        }
        return nil
    }
}
