import Foundation

/// Activation buffers kept for reuse between layers and between images, instead of being returned to the system.
///
/// A forward pass allocates one output per layer; large allocations come straight from the kernel (`mmap`), so
/// every new buffer costs one page fault and one zeroed page per 4 KiB on its first write — measured at a quarter
/// of EfficientNet-Lite0's time at 512×384, and most of the process's system time. Buffers freed by a `DNNLMemory`
/// come back here and serve the next request they fit (best fit, at most twice the requested size, so a
/// half-empty buffer never holds a whole small layer); the same network at the same size then runs on the same
/// buffers after its first image. Free buffers beyond `retainedLimit` bytes are released, least recently freed
/// first. Contents are never assumed: every user writes a buffer completely before reading it (oneDNN outputs).
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()

    /// Free bytes kept for reuse at most.
    let retainedLimit: Int
    /// Requests below this many bytes use the system allocator directly (its own caches serve them well).
    let minimumSize: Int

    private struct Buffer {
        let pointer: UnsafeMutableRawPointer
        let capacity: Int
    }

    private let lock = NSLock()
    /// Free buffers, least recently freed first.
    private var free: [Buffer] = []
    private var freeBytes = 0

    init(retainedLimit: Int = 1 << 30, minimumSize: Int = 1 << 16) {
        self.retainedLimit = retainedLimit
        self.minimumSize = minimumSize
    }

    /// A buffer of at least `size` bytes (64-byte aligned) and its capacity.
    func take(_ size: Int) -> (pointer: UnsafeMutableRawPointer, capacity: Int) {
        let size = max(size, 1)
        if size >= minimumSize {
            let found: Buffer? = lock.withLock {
                var best: Int?
                for (i, b) in free.enumerated() where b.capacity >= size && b.capacity <= 2 * size {
                    if best == nil || b.capacity < free[best!].capacity { best = i }
                }
                guard let i = best else { return nil }
                freeBytes -= free[i].capacity
                return free.remove(at: i)
            }
            if let b = found { return (b.pointer, b.capacity) }
        }
        return (UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64), size)
    }

    /// Gives back a buffer from `take`.
    func give(_ pointer: UnsafeMutableRawPointer, capacity: Int) {
        guard capacity >= minimumSize, capacity <= retainedLimit else { return pointer.deallocate() }
        let released: [Buffer] = lock.withLock {
            free.append(Buffer(pointer: pointer, capacity: capacity))
            freeBytes += capacity
            var released: [Buffer] = []
            while freeBytes > retainedLimit {
                let oldest = free.removeFirst()
                freeBytes -= oldest.capacity
                released.append(oldest)
            }
            return released
        }
        for b in released { b.pointer.deallocate() }
    }

    /// Bytes currently kept free.
    var retainedBytes: Int { lock.withLock { freeBytes } }

    /// Releases every free buffer.
    func drain() {
        let all: [Buffer] = lock.withLock {
            defer { free = []; freeBytes = 0 }
            return free
        }
        for b in all { b.pointer.deallocate() }
    }
}
