/// A check, before ZIPFoundation reads an archive, that every value it will follow is one checked here: ZIPFoundation
/// converts offsets to `off_t` and adds sizes with trapping arithmetic, so a crafted directory (found by fuzzing,
/// `Fuzz/regressions/torch/`) crashed the process instead of failing.
///
/// The checks follow ZIPFoundation's own reading (0.9.20: `Archive.scanForEndOfCentralDirectoryRecord`,
/// `Archive.makeIterator`, `Entry+ZIP64.swift`, `Archive.extract`) and the ZIP APPNOTE (6.3.x):
/// - the end-of-central-directory record: the last signature in the final 22 + 65,535 bytes (ZIPFoundation takes the
///   last one too);
/// - ZIP64 (APPNOTE 4.3.14–4.3.15), when a locator precedes that record: ZIPFoundation reads the ZIP64 record from
///   the 56 bytes just before the locator, whatever the locator says, so the locator must point there, a record must
///   be there and need version 4.5 or later (torch's miniz and Python's zipfile write exactly that); its entry count,
///   directory size and offset then replace the 32-bit ones;
/// - the central directory inside the file and before the end records, at most one entry per 46 bytes;
/// - every entry: its fixed part, name, extra field and comment inside the directory, each extra field inside the extra
///   area; the ZIP64 extended-information field (APPNOTE 4.5.3) present when the fixed part marks a size or the
///   local-header offset 0xFFFFFFFF (or the disk 0xFFFF), and exactly as long as those marked fields (8 bytes each, 4
///   for the disk, in the order uncompressed size, compressed size, offset, disk) — ZIPFoundation ignores a field of
///   any other length and would then take the 0xFFFFFFFF themselves as values;
/// - the values ZIPFoundation derives from them (the ZIP64 value of a marked field, which must not be 0: ZIPFoundation
///   would take the 0xFFFFFFFF instead; else the 32-bit one): sizes at most 2⁴⁰ bytes, a local header at the offset
///   with its name and extra field inside the file, and the entry's data (as many bytes as `extract` reads for the
///   local header's method) inside the file.
enum ZipBounds {
    /// Sizes above this (1 TiB) are refused: far beyond any checkpoint, and small enough that ZIPFoundation's sums of an
    /// offset inside the file and a few sizes cannot overflow.
    static let sizeLimit: UInt64 = 1 << 40

    /// nil when the archive is safe to hand to ZIPFoundation, else what is wrong.
    static func problem(_ b: [UInt8]) -> String? {
        let n = UInt64(b.count)
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
        var endRecords = eocd  // where the central directory must end at the latest
        if eocd >= 20, signature(eocd - 20, 0x0706_4B50) {
            let locator = eocd - 20
            // ZIPFoundation reads a record only when it starts after byte 0 (`56 < locatorOffset`).
            guard locator > 56 else {
                return "the ZIP64 end-of-central-directory locator at byte \(locator) has no room for its record before it"
            }
            let record = locator - 56, pointed = value(locator + 8, 8)!
            guard pointed == record else {
                return "the ZIP64 end-of-central-directory locator points to byte \(pointed), "
                    + "not to the record just before it at byte \(record)"
            }
            guard signature(record, 0x0606_4B50) else { return "no ZIP64 end-of-central-directory record at byte \(record)" }
            let version = value(record + 14, 2)!
            guard version >= 45 else {
                return "the ZIP64 end-of-central-directory record needs version \(version), not 45 (4.5) or later"
            }
            entries = value(record + 32, 8)!; size = value(record + 40, 8)!; start = value(record + 48, 8)!
            endRecords = record
        }
        guard start <= endRecords, size <= endRecords - start else {
            return "the central directory (\(size) bytes at byte \(start)) lies outside the file"
        }
        guard entries <= size / 46 else { return "\(entries) entries do not fit in a \(size)-byte central directory" }
        var p = start
        for index in 0..<entries {
            guard signature(p, 0x0201_4B50), let nameLength = value(p + 28, 2), let extraLength = value(p + 30, 2),
                  let commentLength = value(p + 32, 2), let disk = value(p + 34, 2), let local = value(p + 42, 4),
                  let compressed = value(p + 20, 4), let uncompressed = value(p + 24, 4) else {
                return "central-directory entry \(index) is malformed"
            }
            let extraStart = p + 46 + nameLength, extraEnd = extraStart + extraLength, next = extraEnd + commentLength
            guard next <= start + size else { return "central-directory entry \(index) overruns the directory" }
            var zip64: (start: UInt64, length: UInt64)?
            var e = extraStart
            while e + 4 <= extraEnd {
                let id = value(e, 2)!, length = value(e + 2, 2)!
                guard e + 4 + length <= extraEnd else { return "entry \(index): extra field overruns" }
                if id == 1, zip64 == nil { zip64 = (e + 4, length) }  // ZIPFoundation uses the first one
                e += 4 + length
            }
            let marked = (uncompressed: uncompressed == 0xFFFF_FFFF, compressed: compressed == 0xFFFF_FFFF,
                          offset: local == 0xFFFF_FFFF, disk: disk == 0xFFFF)
            let needed: UInt64 = (marked.uncompressed ? 8 : 0) + (marked.compressed ? 8 : 0) + (marked.offset ? 8 : 0)
                + (marked.disk ? 4 : 0)
            if let zip64 {
                guard zip64.length == needed else {
                    return "entry \(index): its ZIP64 extra field has \(zip64.length) bytes, but the fields marked "
                        + "0xFFFFFFFF need \(needed)"
                }
            } else if needed > 0 {
                return "entry \(index): fields marked 0xFFFFFFFF but no ZIP64 extra field"
            }
            // The values ZIPFoundation uses: the next ZIP64 value for a marked field, the 32-bit one for the others. It
            // takes a ZIP64 value of 0 for absent and would use the 0xFFFFFFFF itself, so 0 is refused.
            var cursor = zip64?.start ?? 0
            var values: [UInt64] = []
            for (name, isMarked, narrow) in [("uncompressed size", marked.uncompressed, uncompressed),
                                             ("compressed size", marked.compressed, compressed),
                                             ("local-header offset", marked.offset, local)] {
                guard isMarked else { values.append(narrow); continue }
                let wide = value(cursor, 8)!
                cursor += 8
                guard wide > 0 else {
                    return "entry \(index): its ZIP64 \(name) is 0, which ZIPFoundation reads as 0xFFFFFFFF"
                }
                values.append(wide)
            }
            let (uncompressedSize, compressedSize, headerOffset) = (values[0], values[1], values[2])
            guard uncompressedSize <= sizeLimit, compressedSize <= sizeLimit else {
                return "entry \(index): a size above 2^40 bytes (uncompressed \(uncompressedSize), compressed \(compressedSize))"
            }
            guard signature(headerOffset, 0x0403_4B50), let localMethod = value(headerOffset + 8, 2),
                  let localName = value(headerOffset + 26, 2), let localExtra = value(headerOffset + 28, 2) else {
                return "entry \(index): no local header at byte \(headerOffset)"
            }
            let dataStart = headerOffset + 30 + localName + localExtra
            let dataSize = localMethod == 0 ? uncompressedSize : compressedSize  // what `Archive.extract` reads
            guard dataStart <= n, dataSize <= n - dataStart else {
                return "entry \(index): its \(dataSize) bytes of data at byte \(dataStart) run past the end of the file"
            }
            p = next
        }
        return nil
    }
}
