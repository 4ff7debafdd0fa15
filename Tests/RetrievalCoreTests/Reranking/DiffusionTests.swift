import Foundation
import RetrievalCore
import Testing
import TestSupport

/// Diffusion against the authors' MATLAB semantics transcribed in numpy (`Fixtures/rerank_golden.py`): the
/// normalised mutual k-NN graph, the query vector y, and conjugate gradient against a dense solve; then a toy
/// manifold where diffusion ranks along the curve and cosine does not.
@Suite struct DiffusionTests {
    @Test func graphAndQueryVectorMatchTheTranscription() {
        let graph = DiffusionGraph.build(database: RerankingFixtures.database, k: 4, gamma: 3)
        #expect(graph.edges == 28)
        var dense = [Float](repeating: 0, count: 144)
        for i in 0..<12 { for e in graph.rowStart[i]..<graph.rowStart[i + 1] { dense[i * 12 + graph.columns[e]] = graph.values[e] } }
        #expect(Approximate.equal(dense, RerankingFixtures.diffusionS, tolerance: 1e-6))
        let s = ExhaustiveSearch.similarities(database: RerankingFixtures.database, queries: RerankingFixtures.queries)
        let y = DiffusionGraph.queryVector(similarities: s.values[0..<12], kq: 3, gamma: 3)
        #expect(Approximate.equal(y, RerankingFixtures.diffusionY, tolerance: 1e-6))
    }

    @Test func conjugateGradientMatchesTheDenseSolve() {
        let graph = DiffusionGraph.build(database: RerankingFixtures.database, k: 4, gamma: 3)
        let (f, used) = graph.diffuse(RerankingFixtures.diffusionY, alpha: 0.9, iterations: 100, tolerance: 1e-7)
        #expect(used < 100)
        #expect(Approximate.relativeMaxError(f, reference: RerankingFixtures.diffusionF) < 1e-5)
        // The authors' 20 iterations at 1e-6 already agree to 1e-4.
        let (short, _) = graph.diffuse(RerankingFixtures.diffusionY, alpha: 0.9, iterations: 20, tolerance: 1e-6)
        #expect(Approximate.relativeMaxError(short, reference: RerankingFixtures.diffusionF) < 1e-4)
    }

    /// The regional query vector (`ymake` over several query vectors) and the per-image sum, against the transcription.
    @Test func regionalQueryVectorAndImageScores() {
        let owner = (0..<12).map { $0 / 2 }
        let y = DiffusionGraph.regionalQueryVector(databaseRegions: RerankingFixtures.database, owner: owner,
                                                   queryRegions: RerankingFixtures.queries.columns([0, 1]), kq: 3,
                                                   gamma: 3, excludedImages: [1])
        #expect(Approximate.equal(y, RerankingFixtures.regionalY, tolerance: 1e-6), "\(y)")
        #expect(Approximate.equal(DiffusionGraph.imageScores(RerankingFixtures.diffusionF, owner: owner, images: 6),
                                  RerankingFixtures.imageScores, tolerance: 1e-5))
    }

    /// Unit vectors along a great-circle arc (every 5°, from the query's direction to 100° away) and a tight
    /// cluster 50° off the arc's plane: cosine ranks the cluster above the arc's far half; diffusion on the 5-NN
    /// graph follows the arc first.
    @Test func diffusionRanksAlongTheManifold() {
        let arc = stride(from: 5.0, through: 100.0, by: 5.0).map { ($0 * .pi / 180) }
        var columns: [[Float]] = arc.map { [Float(cos($0)), Float(sin($0)), 0] }
        for d in [-1.0, 0.0, 1.0, 2.0] {
            let a = (50.0 + d) * .pi / 180
            columns.append([Float(cos(a)), 0, Float(sin(a))])
        }
        let database = Matrix(columns: columns, rows: 3)
        let query = Matrix(rows: 3, columns: 1, values: [1, 0, 0])
        let positives = Set(0..<arc.count)
        func ap(_ ranking: [Int]) -> Double {
            var hits = 0.0, sum = 0.0
            for (r, i) in ranking.enumerated() where positives.contains(i) { hits += 1; sum += hits / Double(r + 1) }
            return sum / Double(positives.count)
        }
        let s = ExhaustiveSearch.similarities(database: database, queries: query)
        let cosine = ExhaustiveSearch.ranking(similarities: s.values[...])
        let graph = DiffusionGraph.build(database: database, k: 5, gamma: 3)
        let y = DiffusionGraph.queryVector(similarities: s.values[...], kq: 3, gamma: 3)
        let f = graph.diffuse(y, alpha: 0.99, iterations: 200, tolerance: 1e-8).f
        let diffused = ExhaustiveSearch.ranking(similarities: f[...])
        #expect(ap(cosine) < 0.9, "cosine AP \(ap(cosine))")
        #expect(ap(diffused) == 1, "diffusion AP \(ap(diffused)): \(diffused)")
    }
}
