import Foundation
import RetrievalCore

/// `cbir bench rerank`: the offline k-NN graph of diffusion (blocked sgemm + bounded heaps, mutual edges, symmetric
/// normalisation) and per-query diffusion (conjugate gradient) next to the initial exact search, on seeded synthetic
/// unit vectors with cluster structure (so the graph has the mutual edges real descriptors give), plus the cost of
/// applying a fitted linear reduction step (`cbir bench reduction` fits them). No reference implementation runs
/// here: the authors' diffusion is MATLAB; the search side is compared with faiss by `cbir bench retrieval`.
public enum RerankBenchmark {
    public struct Result: Sendable {
        public var dimension: Int, database: Int, queries: Int, k: Int, kq: Int
        public var graphSeconds: Double
        public var edges: Int
        /// Bytes of the graph's compressed rows (values, column indices, row starts).
        public var graphBytes: Int
        public var searchMillisecondsPerQuery: Double
        public var diffusionMillisecondsPerQuery: Double
        public var meanIterations: Double

        public var report: String {
            String(format: "diffusion graph N=%d D=%d k=%d: %.1f s, %d edges, %.1f MB | per query: exact search %.2f ms, "
                   + "diffusion (kq=%d, α=0.99, ≤20 CG iterations, mean %.1f) %.2f ms",
                   database, dimension, k, graphSeconds, edges, Double(graphBytes) / 1e6, searchMillisecondsPerQuery,
                   kq, meanIterations, diffusionMillisecondsPerQuery)
        }
    }

    /// `clusters` random centres, each database vector a centre plus noise, L2-normalised; queries likewise.
    static func clustered(_ count: Int, dimension d: Int, centres: Matrix, random: inout SplitMix64) -> Matrix {
        var x = Matrix(rows: d, columns: count)
        for j in 0..<count {
            let c = random.int(centres.columns)
            for i in 0..<d { x.values[j * d + i] = centres.values[c * d + i] + Float(random.uniform(-0.5, 0.5)) }
        }
        Normalization.l2Columns(&x)
        return x
    }

    public static func run(dimension d: Int = 512, database n: Int = 100_000, queries m: Int = 100, k: Int = 50,
                           kq: Int = 10, clusters: Int = 1000) -> Result {
        var random = SplitMix64(seed: 7)
        let centres = Matrix(rows: d, columns: clusters, values: (0..<(d * clusters)).map { _ in Float(random.uniform(-1, 1)) })
        let x = clustered(n, dimension: d, centres: centres, random: &random)
        let q = clustered(m, dimension: d, centres: centres, random: &random)
        let clock = ContinuousClock()
        func seconds(_ body: () -> Void) -> Double {
            let start = clock.now
            body()
            let e = start.duration(to: clock.now)
            return Double(e.components.seconds) + Double(e.components.attoseconds) * 1e-18
        }
        var graph: DiffusionGraph!
        let graphSeconds = seconds { graph = DiffusionGraph.build(database: x, k: k, gamma: 3) }
        var scores = Matrix(rows: 0, columns: 0)
        let searchSeconds = seconds { scores = ExhaustiveSearch.blockedSimilarities(database: x, queries: q) }
        var iterations = 0
        let diffusionSeconds = seconds {
            for j in 0..<m {
                let y = DiffusionGraph.queryVector(similarities: scores.values[j * n ..< (j + 1) * n], kq: kq, gamma: 3)
                iterations += graph.diffuse(y, alpha: 0.99, iterations: 20, tolerance: 1e-6).iterations
            }
        }
        return Result(dimension: d, database: n, queries: m, k: k, kq: kq, graphSeconds: graphSeconds, edges: graph.edges,
                      graphBytes: graph.edges * (4 + MemoryLayout<Int>.size) + (n + 1) * MemoryLayout<Int>.size,
                      searchMillisecondsPerQuery: searchSeconds * 1000 / Double(m),
                      diffusionMillisecondsPerQuery: diffusionSeconds * 1000 / Double(m),
                      meanIterations: Double(iterations) / Double(m))
    }

    /// Seconds and GB/s (input read + output written) of applying a D → d linear step to N vectors, the model fitted
    /// by PCA on the first 2·D of them.
    public static func applyLinearStep(vectors n: Int = 100_000, dimension d: Int = 2048, output k: Int = 128) throws
        -> (seconds: Double, gigabytesPerSecond: Double) {
        var random = SplitMix64(seed: 3)
        let x = Matrix(rows: d, columns: n, values: (0..<(n * d)).map { _ in Float(random.uniform(-1, 1)) })
        let model = try PCA.fit(x.columns(Array(0..<min(n, 2 * d))), dimensions: k).projection(dimensions: k)
        let clock = ContinuousClock()
        let start = clock.now
        let y = model.apply(x)
        let e = start.duration(to: clock.now)
        let s = Double(e.components.seconds) + Double(e.components.attoseconds) * 1e-18
        precondition(y.columns == n)
        return (s, Double((n * d + n * k) * 4) / s / 1e9)
    }
}
