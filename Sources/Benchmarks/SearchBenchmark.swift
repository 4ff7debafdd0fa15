import CFaiss
import Foundation
import RetrievalCore

/// `cbir bench search`: exact top-k search by this suite (`ExhaustiveSearch`: sgemm + bounded heap, stable ties)
/// against faiss `IndexFlatIP` on the same machine, the same random unit vectors and the same thread count.
public enum SearchBenchmark {
    public struct Result: Sendable {
        public var dimension: Int, database: Int, queries: Int, k: Int
        public var suiteSeconds: Double
        public var faissSeconds: Double
        /// Fraction of queries whose top-k id lists agree exactly (ties may legitimately differ).
        public var agreement: Double

        public var report: String {
            String(format: "search  D=%d N=%d M=%d k=%d: cbir %.3f s, faiss IndexFlatIP %.3f s → cbir/faiss time ratio %.2f (top-k agreement %.1f%%)",
                   dimension, database, queries, k, suiteSeconds, faissSeconds, suiteSeconds / faissSeconds, agreement * 100)
        }
    }

    public static func run(dimension: Int = 512, database n: Int = 100_000, queries m: Int = 100, k: Int = 100,
                           threads: Int = 2, repetitions: Int = 3) throws -> Result {
        var random = SplitMix64(seed: 1)
        func unitColumns(_ count: Int) -> Matrix {
            var x = Matrix(rows: dimension, columns: count,
                           values: (0..<(dimension * count)).map { _ in Float(random.uniform() - 0.5) })
            Normalization.l2Columns(&x)
            return x
        }
        let x = unitColumns(n), q = unitColumns(m)
        cfaiss_set_threads(Int32(threads))
        setenv("OPENBLAS_NUM_THREADS", "\(threads)", 1)
        var suite: [[Int]] = []
        let suiteSeconds = best(repetitions) { suite = ExhaustiveSearch.rankings(database: x, queries: q, limit: k) }
        var distances = [Float](repeating: 0, count: m * k)
        var labels = [Int64](repeating: 0, count: m * k)
        var error = [CChar](repeating: 0, count: 256)
        var status: Int32 = 0
        let faissSeconds = best(repetitions) {
            status = cfaiss_flat_ip_search(Int64(dimension), Int64(n), x.values, Int64(m), q.values, Int64(k),
                                           &distances, &labels, &error, Int64(error.count))
        }
        guard status == 0 else {
            throw BenchmarkError.invalidArgument(key: "bench", value: "faiss", expected: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        let agreeing = (0..<m).filter { j in suite[j] == labels[j * k ..< (j + 1) * k].map { Int($0) } }.count
        return Result(dimension: dimension, database: n, queries: m, k: k, suiteSeconds: suiteSeconds,
                      faissSeconds: faissSeconds, agreement: Double(agreeing) / Double(m))
    }

    /// The best wall time of `repetitions` runs.
    static func best(_ repetitions: Int, _ body: () -> Void) -> Double {
        (0..<max(1, repetitions)).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }.min()!
    }
}
