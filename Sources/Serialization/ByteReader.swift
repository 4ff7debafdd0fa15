import Foundation

/// A bounds-checked little/big-endian cursor over a byte array. Every read throws `ByteReader.OutOfBounds`
/// instead of trapping; format readers catch it and rethrow their own `SerializationError` with context.
struct ByteReader {
    struct OutOfBounds: Error {
        let offset: Int
        let needed: Int
    }

    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw OutOfBounds(offset: offset, needed: 1) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// `count` bytes as a slice-copy; `count` must be non-negative and available.
    mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= remaining else { throw OutOfBounds(offset: offset, needed: count) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func skip(_ count: Int) throws {
        guard count >= 0, count <= remaining else { throw OutOfBounds(offset: offset, needed: count) }
        offset += count
    }

    /// An unsigned little-endian integer of `width` bytes (1…8).
    mutating func uintLE(_ width: Int) throws -> UInt64 {
        guard width <= remaining else { throw OutOfBounds(offset: offset, needed: width) }
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += width
        return value
    }

    /// An unsigned integer of `width` bytes (1…8) in the given byte order.
    mutating func uint(_ width: Int, bigEndian: Bool) throws -> UInt64 {
        guard bigEndian else { return try uintLE(width) }
        guard width <= remaining else { throw OutOfBounds(offset: offset, needed: width) }
        var value: UInt64 = 0
        for i in 0..<width { value = value << 8 | UInt64(bytes[offset + i]) }
        offset += width
        return value
    }

    /// Bytes up to (not including) the next `\n`, which is consumed.
    mutating func line() throws -> [UInt8] {
        guard let end = bytes[offset...].firstIndex(of: 0x0A) else {
            throw OutOfBounds(offset: offset, needed: remaining + 1)
        }
        defer { offset = end + 1 }
        return Array(bytes[offset..<end])
    }
}

/// Reads a whole file into memory, mapping failures to `SerializationError.unreadable`.
func readFileBytes(_ url: URL) throws -> [UInt8] {
    do {
        return [UInt8](try Data(contentsOf: url, options: .mappedIfSafe))
    } catch {
        throw SerializationError.unreadable(file: url.path, reason: (error as NSError).localizedDescription)
    }
}
