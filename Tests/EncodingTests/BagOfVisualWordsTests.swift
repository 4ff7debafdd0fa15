import Encoding
import Foundation
import RetrievalCore
import Testing
import TestSupport

/// tf-idf on a hand-worked toy corpus (K = 4 words, N = 3 images):
///   d0 = [0, 0, 1]  d1 = [1, 2]  d2 = [2, 2, 2]
/// Document frequencies: N_0 = 1, N_1 = 2, N_2 = 2, N_3 = 0 → idf = (ln 3, ln 1.5, ln 1.5, 0).
/// d0: tf = (2/3, 1/3) → (2/3·ln3, 1/3·ln1.5) = (0.732408, 0.135155), ‖·‖ = 0.744774 → (0.983396, 0.181470).
/// d1: tf = (1/2, 1/2) on words 1, 2 with equal idf → (1/√2, 1/√2).
/// d2: tf = 1 on word 2 → (1).
@Suite struct BagOfVisualWordsTests {
    let corpus = [[0, 0, 1], [1, 2], [2, 2, 2]]

    @Test func idfAndWeights() {
        let tfidf = TFIDF.fit(database: corpus, vocabularySize: 4)
        #expect(Approximate.close(tfidf.idf, [log(3), log(1.5), log(1.5), 0]))
        let d0 = tfidf.apply(corpus[0])
        #expect(d0.indices == [0, 1] && Approximate.close(d0.values, [0.983396, 0.181470]))
        let d1 = tfidf.apply(corpus[1])
        #expect(d1.indices == [1, 2] && Approximate.close(d1.values, [(0.5).squareRoot(), (0.5).squareRoot()]))
        #expect(tfidf.apply(corpus[2]) == SparseVector(indices: [2], values: [1]))
        // A word no database image contains has idf 0 and drops out; no words → empty vector.
        #expect(tfidf.apply([3, 3]) == SparseVector(indices: [], values: []))
        #expect(tfidf.apply([]) == SparseVector(indices: [], values: []))
    }

    /// Query [1, 2, 2]: tf = (1/3, 2/3) on words 1, 2, equal idf → (1, 2)/√5 = (0.447214, 0.894427).
    /// Scores: d0 = 0.447214·0.181470 = 0.081155; d1 = (0.447214 + 0.894427)/√2 = 0.948683; d2 = 0.894427.
    @Test func invertedFileScoresAndRanking() {
        let tfidf = TFIDF.fit(database: corpus, vocabularySize: 4)
        let file = InvertedFile(database: corpus.map(tfidf.apply), vocabularySize: 4)
        let query = tfidf.apply([1, 2, 2])
        #expect(Approximate.close(file.scores(query), [0.081155, 0.948683, 0.894427]))
        #expect(file.ranking(query) == [1, 2, 0])
        // Ties by ascending index: two identical database images.
        let twins = InvertedFile(database: [tfidf.apply([2]), tfidf.apply([2])], vocabularySize: 4)
        #expect(twins.ranking(tfidf.apply([2])) == [0, 1])
    }

    /// With unlimited comparisons the kd-forest finds the exact nearest centre (random data: no ties).
    @Test func kdForestWithUnlimitedChecksIsExact() throws {
        var random = SplitMix64(seed: 11)
        let centres = Matrix(rows: 16, columns: 300, values: (0..<4800).map { _ in Float(random.uniform()) })
        let queries = Matrix(rows: 16, columns: 200, values: (0..<3200).map { _ in Float(random.uniform()) })
        let vocabulary = Vocabulary(centres: centres)
        let exact = try KDForestAssigner(vocabulary: vocabulary, trees: 2, maxComparisons: 0)
        #expect(exact.assign(queries) == vocabulary.assign(queries))
        // A bounded search is approximate but mostly right, and deterministic for a seed.
        let a = try KDForestAssigner(vocabulary: vocabulary, trees: 4, maxComparisons: 64, seed: 1)
        let b = try KDForestAssigner(vocabulary: vocabulary, trees: 4, maxComparisons: 64, seed: 1)
        let words = a.assign(queries)
        #expect(words == b.assign(queries))
        let agreement = zip(words, vocabulary.assign(queries)).filter { $0 == $1 }.count
        #expect(agreement >= 100)
        #expect(a.label == "KDForest(trees=4, checks=64)")
        let encoder = BoVWEncoder(vocabulary: vocabulary, weighting: TFIDF(idf: Array(repeating: 1, count: 300)),
                                  assigner: exact)
        #expect(encoder.words(queries) == vocabulary.assign(queries) && encoder.label == "BoVW(K=300, tf-idf)")
    }
}

extension Approximate {
    static func close(_ a: [Float], _ b: [Double], tolerance: Double = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs(Double($0) - $1) < tolerance }
    }
}
