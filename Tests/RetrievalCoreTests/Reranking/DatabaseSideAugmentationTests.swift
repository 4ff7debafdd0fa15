import RetrievalCore
import Testing
import TestSupport

/// DBA against the numpy transcription (`RerankingFixtures`): itself plus its k nearest others, weights
/// max(sim, 0)^α, L2.
@Suite struct DatabaseSideAugmentationTests {
    @Test func matchesTheTranscription() {
        let x = RerankingFixtures.database
        #expect(Approximate.equal(DatabaseSideAugmentation.augment(x, k: 3).values, RerankingFixtures.dbaK3, tolerance: 1e-6))
        #expect(Approximate.equal(DatabaseSideAugmentation.augment(x, k: 2, alpha: 3).values, RerankingFixtures.dbaK2Alpha3,
                                  tolerance: 1e-6))
    }
}
