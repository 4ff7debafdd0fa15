@testable import CNN
import Testing

/// The activation buffer pool: best fit within twice the requested size, small requests bypassing it, and the
/// retained-bytes limit enforced least recently freed first.
@Suite struct BufferPoolTests {
    @Test func aFreedBufferServesTheNextRequestItFits() {
        let pool = BufferPool(retainedLimit: 1 << 20, minimumSize: 1024)
        let a = pool.take(4096)
        pool.give(a.pointer, capacity: a.capacity)
        #expect(pool.retainedBytes == 4096)
        let b = pool.take(3000)  // 4096 ≤ 2 × 3000: reused
        #expect(b.pointer == a.pointer && b.capacity == 4096)
        #expect(pool.retainedBytes == 0)
        pool.give(b.pointer, capacity: b.capacity)
        let c = pool.take(1500)  // 4096 > 2 × 1500: a new buffer of exactly the size asked for
        #expect(c.pointer != a.pointer && c.capacity == 1500)
        pool.give(c.pointer, capacity: c.capacity)
        pool.drain()
        #expect(pool.retainedBytes == 0)
    }

    @Test func theSmallestFittingBufferIsChosen() {
        let pool = BufferPool(retainedLimit: 1 << 20, minimumSize: 1024)
        let big = pool.take(8000), small = pool.take(5000)
        pool.give(big.pointer, capacity: big.capacity)
        pool.give(small.pointer, capacity: small.capacity)
        let x = pool.take(4500)
        #expect(x.pointer == small.pointer)
        pool.give(x.pointer, capacity: x.capacity)
        pool.drain()
    }

    @Test func smallRequestsAreNotKept() {
        let pool = BufferPool(retainedLimit: 1 << 20, minimumSize: 1024)
        let a = pool.take(512)
        pool.give(a.pointer, capacity: a.capacity)
        #expect(pool.retainedBytes == 0)
    }

    @Test func beyondTheLimitTheLeastRecentlyFreedGo() {
        let pool = BufferPool(retainedLimit: 10_000, minimumSize: 1024)
        let a = pool.take(4000), b = pool.take(4000), c = pool.take(4000)
        pool.give(a.pointer, capacity: a.capacity)
        pool.give(b.pointer, capacity: b.capacity)
        pool.give(c.pointer, capacity: c.capacity)  // 12 000 > 10 000: a is released
        #expect(pool.retainedBytes == 8000)
        let d = pool.take(4000), e = pool.take(4000)
        #expect(Set([d.pointer, e.pointer]) == Set([b.pointer, c.pointer]))
        pool.give(d.pointer, capacity: d.capacity)
        pool.give(e.pointer, capacity: e.capacity)
        pool.drain()
    }
}
