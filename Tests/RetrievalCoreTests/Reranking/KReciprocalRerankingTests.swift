import RetrievalCore
import Testing
import TestSupport

/// k-reciprocal re-ranking against the authors' `re_ranking.py`, transcribed in numpy
/// (`Fixtures/rerank_golden.py`): all queries jointly (as the reference) and each query alone.
@Suite struct KReciprocalRerankingTests {
    /// Row-major (query × database) as the golden values are printed.
    func rows(_ m: Matrix) -> [Float] {
        (0..<m.columns).flatMap { j in (0..<m.rows).map { m.values[j * m.rows + $0] } }
    }

    @Test func jointQueriesMatchTheReference() {
        let d = KReciprocalReranking.distances(database: RerankingFixtures.database, queries: RerankingFixtures.queries,
                                               k1: 4, k2: 2, lambda: 0.3, jointQueries: true)
        #expect(d.rows == 12 && d.columns == 3)
        #expect(Approximate.equal(rows(d), RerankingFixtures.kReciprocalJoint, tolerance: 2e-6), "\(rows(d))")
    }

    @Test func eachQueryAloneMatchesTheReferenceRunPerQuery() {
        let d = KReciprocalReranking.distances(database: RerankingFixtures.database, queries: RerankingFixtures.queries,
                                               k1: 4, k2: 2, lambda: 0.3, jointQueries: false)
        #expect(Approximate.equal(rows(d), RerankingFixtures.kReciprocalEach, tolerance: 2e-6), "\(rows(d))")
        // The modes differ for the queries whose neighbourhoods overlap: joint re-ranking is transductive.
        #expect(!Approximate.equal(RerankingFixtures.kReciprocalEach, RerankingFixtures.kReciprocalJoint, tolerance: 1e-3))
    }
}
