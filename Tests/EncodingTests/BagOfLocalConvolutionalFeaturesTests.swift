import Encoding
import Foundation
import RetrievalCore
import Testing
import TestSupport

/// BLCF (Mohedano et al., ICMR 2016) by hand: conv positions as L2-normalised local features → hard-assigned words
/// of a 2-word vocabulary c₀ = (1, 0), c₁ = (0, 1) → tf-idf with the database's idf → cosine.
///
/// Image A, map 2×1×3: channel 0 = [3 0 1], channel 1 = [4 2 1] → positions (0.6, 0.8), (0, 1), (1/√2, 1/√2).
/// Squared distances to (c₀, c₁): (0.8, 0.4), (2, 0), (0.586, 0.586) → words 1, 1, 0 (tie → lowest index).
/// Image B, map 2×1×2: channel 0 = [0 0], channel 1 = [1 5] → (0, 1), (0, 1) → words 1, 1.
/// idf over {A, B}: N₀ = 1 → ln 2, N₁ = 2 → ln 1 = 0. A → (⅓ ln 2, 0) → L2 (1, 0); B → all zero → empty.
/// A query with words {0, 1} → (1, 0): cosine 1 with A, 0 with B.
@Suite struct BagOfLocalConvolutionalFeaturesTests {
    let vocabulary = Vocabulary(centres: Matrix(rows: 2, columns: 2, values: [1, 0, 0, 1]))

    @Test func wordsIdfAndCosine() {
        let a = LocalConvolutionalFeatures.columns([3, 0, 1, 4, 2, 1], channels: 2, height: 1, width: 3)
        let b = LocalConvolutionalFeatures.columns([0, 0, 1, 5], channels: 2, height: 1, width: 2)
        let wordsA = vocabulary.assign(a), wordsB = vocabulary.assign(b)
        #expect(wordsA == [1, 1, 0] && wordsB == [1, 1])
        let weighting = TFIDF.fit(database: [wordsA, wordsB], vocabularySize: 2)
        #expect(Approximate.equal(weighting.idf, [Float(log(2.0)), 0]))
        let encoder = BoVWEncoder(vocabulary: vocabulary, weighting: weighting)
        #expect(encoder.encode(a) == SparseVector(indices: [0], values: [1]))
        #expect(encoder.encode(b) == SparseVector(indices: [], values: []))
        let index = InvertedFile(database: [encoder.encode(a), encoder.encode(b)], vocabularySize: 2)
        let query = LocalConvolutionalFeatures.columns([1, 0, 0, 1], channels: 2, height: 1, width: 2)
        #expect(vocabulary.assign(query) == [0, 1])
        #expect(index.scores(encoder.encode(query)) == [1, 0])
    }
}
