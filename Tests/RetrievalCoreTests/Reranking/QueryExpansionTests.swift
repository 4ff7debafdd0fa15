import RetrievalCore
import Testing

/// Average and α-weighted query expansion worked by hand in 2-D.
@Suite struct QueryExpansionTests {
    // Database columns x0 = (1, 0), x1 = (0, 1), x2 = (0.6, 0.8); query q = (1, 0).
    let database = Matrix(rows: 2, columns: 3, values: [1, 0, 0, 1, 0.6, 0.8])
    let query = Matrix(rows: 2, columns: 1, values: [1, 0])

    @Test func averageQueryExpansionAddsTheTopK() {
        // k = 2 over ranking [0, 2, 1]: q + x0 + x2 = (2.6, 0.8), norm √7.4.
        let out = QueryExpansion.expand(queries: query, database: database, rankings: [[0, 2, 1]], k: 2)
        let n = Float(7.4).squareRoot()
        #expect(abs(out.values[0] - 2.6 / n) < 1e-6 && abs(out.values[1] - 0.8 / n) < 1e-6)
    }

    @Test func alphaWeightingUsesTheSimilarityToThePower() {
        // α = 3, k = 3 over ranking [0, 2, 1]: weights (q·x)^3 = 1, 0.216, 0 → (1 + 1 + 0.1296, 0.1728).
        let out = QueryExpansion.expand(queries: query, database: database, rankings: [[0, 2, 1]], k: 3, alpha: 3)
        let v: [Float] = [2.1296, 0.1728]
        let n = (v[0] * v[0] + v[1] * v[1]).squareRoot()
        #expect(abs(out.values[0] - v[0] / n) < 1e-6 && abs(out.values[1] - v[1] / n) < 1e-6)
    }

    @Test func kZeroLeavesTheNormalisedQuery() {
        let out = QueryExpansion.expand(queries: Matrix(rows: 2, columns: 1, values: [2, 0]), database: database,
                                        rankings: [[1]], k: 0)
        #expect(out.values == [1, 0])
    }
}
