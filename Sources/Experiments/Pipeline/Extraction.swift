import Datasets
import Dispatch
import Foundation
import RetrievalCore
import Synchronization

/// Runs a per-image computation over many images on `context.threads` workers, with a progress bar and a
/// content-addressed cache: the key of an image is SHA-256(file bytes, crop, `fingerprint`), so a rerun (or another
/// protocol over the same images) skips the work. Results come back in input order; the first error (by image
/// order) is thrown after all workers stop.
enum Extraction {
    static func run(stage: String, urls: [URL], crops: [BoundingBox?]?, hashes: [String], namespace: String,
                    fingerprint: String, context: RunContext, threads: Int? = nil,
                    compute: @Sendable @escaping (URL, BoundingBox?) throws -> Matrix) throws -> [Matrix] {
        precondition(crops == nil || crops!.count == urls.count, "Extraction: crops do not match images")
        let n = urls.count
        let results = Mutex([Matrix?](repeating: nil, count: n))
        let errors = Mutex([(Int, any Error)]())
        let computed = Mutex(0)
        let progress = ProgressReporter(stage: stage, total: n, unit: "images")
        let started = Date()
        let threads = threads ?? context.threads
        DispatchQueue.concurrentPerform(iterations: threads) { lane in
            for i in stride(from: lane, to: n, by: threads) {
                if errors.withLock({ !$0.isEmpty }) { break }
                let crop = crops?[i] ?? nil
                let cropText = crop.map { "\($0.x1),\($0.y1),\($0.x2),\($0.y2)" } ?? "-"
                let key = ContentHash.combine([hashes[i], cropText, fingerprint])
                do {
                    let matrix: Matrix
                    if let cached = context.cache.load(namespace: namespace, key: key) {
                        matrix = Matrix(rows: cached.rows, columns: cached.columns, values: cached.values)
                    } else {
                        matrix = try compute(urls[i], crop)
                        try context.cache.store(namespace: namespace, key: key, rows: matrix.rows,
                                                columns: matrix.columns, values: matrix.values)
                        computed.withLock { $0 += 1 }
                    }
                    results.withLock { $0[i] = matrix }
                } catch {
                    errors.withLock { $0.append((i, error)) }
                }
                progress.advance()
            }
        }
        _ = progress.finish()
        if let (_, error) = errors.withLock({ $0.min { $0.0 < $1.0 } }) { throw error }
        context.record(stage: stage, seconds: Date().timeIntervalSince(started), items: computed.withLock { $0 })
        return results.withLock { $0.map { $0! } }
    }
}
