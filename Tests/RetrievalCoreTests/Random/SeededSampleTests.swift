import RetrievalCore
import Testing

/// The suite's one seeded sampler against a Python transcription of SplitMix64 (Steele, Lea & Flood 2014; first
/// output for seed 0 is the published 0xE220A8397B1DCDAF) and the partial Fisher–Yates shuffle:
///
///     def sample(count, take, seed):
///         if take >= count: return list(range(count))
///         p = list(range(count)); g = splitmix64(seed)
///         for i in range(take):
///             j = i + next(g) % (count - i); p[i], p[j] = p[j], p[i]
///         return sorted(p[:take])
@Suite struct SeededSampleTests {
    @Test func matchesTheTranscription() {
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(SeededSample.indices(count: 10, take: 3, seed: 0) == [1, 5, 9])
        #expect(SeededSample.indices(count: 100, take: 5, seed: 42) == [2, 9, 13, 83, 86])
        #expect(SeededSample.indices(count: 7, take: 7, seed: 1) == Array(0..<7))
        #expect(SeededSample.indices(count: 7, take: 70, seed: 1) == Array(0..<7))
        #expect(SeededSample.indices(count: 0, take: 3, seed: 1) == [])
    }
}
