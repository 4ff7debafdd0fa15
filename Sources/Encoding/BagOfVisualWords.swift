import Foundation
import RetrievalCore

/// A sparse vector: strictly ascending `indices` with their non-zero `values`.
public struct SparseVector: Sendable, Equatable {
    public var indices: [Int]
    public var values: [Float]

    public init(indices: [Int], values: [Float]) {
        precondition(indices.count == values.count, "SparseVector: \(indices.count) indices, \(values.count) values")
        precondition(zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 }, "SparseVector: indices not ascending")
        self.indices = indices
        self.values = values
    }

    /// Term counts of a list of words: index w → number of occurrences of w.
    public init(counting words: [Int]) {
        var counts: [Int: Int] = [:]
        for w in words { counts[w, default: 0] += 1 }
        let keys = counts.keys.sorted()
        self.init(indices: keys, values: keys.map { Float(counts[$0]!) })
    }
}

/// tf-idf weighting of bag-of-visual-words histograms (Sivic & Zisserman, "Video Google", ICCV 2003):
///
///   t_w(d) = (n_wd / n_d) · log(N / N_w)
///
/// with n_wd the count of word w in image d, n_d the number of words in d, N the number of database images and
/// N_w the number of database images containing w (natural log). A word absent from the database (N_w = 0) gets
/// idf 0: it can never match. `fit` learns the idf from the database; `apply` weights and L2-normalises one
/// histogram (so the inverted-file score is the cosine similarity). An empty histogram stays empty.
public struct TFIDF: Sendable, Equatable {
    /// idf per word, length K.
    public let idf: [Float]

    public init(idf: [Float]) { self.idf = idf }

    /// Learns idf_w = log(N / N_w) from the database images' word lists (vocabulary size K).
    public static func fit(database: [[Int]], vocabularySize k: Int) -> TFIDF {
        var documentFrequency = [Int](repeating: 0, count: k)
        for words in database {
            for w in Set(words) {
                precondition(w >= 0 && w < k, "TFIDF.fit: word \(w) outside 0..<\(k)")
                documentFrequency[w] += 1
            }
        }
        let n = Double(database.count)
        return TFIDF(idf: documentFrequency.map { $0 == 0 ? 0 : Float(log(n / Double($0))) })
    }

    /// The L2-normalised tf-idf vector of one image's words.
    public func apply(_ words: [Int]) -> SparseVector {
        let counts = SparseVector(counting: words)
        let total = Float(words.count)
        var indices = [Int](), values = [Float]()
        for (w, c) in zip(counts.indices, counts.values) {
            precondition(w >= 0 && w < idf.count, "TFIDF.apply: word \(w) outside 0..<\(idf.count)")
            let t = c / total * idf[w]
            if t != 0 { indices.append(w); values.append(t) }
        }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { values = values.map { $0 / norm } }
        return SparseVector(indices: indices, values: values)
    }
}

/// An inverted file over sparse (tf-idf) database vectors: for each word, the list of (image, weight) postings in
/// ascending image order. `scores(query)` gives Σ_w q_w·d_w for every database image (the cosine similarity for
/// L2-normalised vectors) by visiting only the postings of the query's words — the sparse search of Sivic &
/// Zisserman 2003. Rankings break ties by ascending database index (`ExhaustiveSearch.ranking`).
public struct InvertedFile: Sendable, Equatable {
    public let vocabularySize: Int
    public let count: Int
    /// postings[w] = (database index, weight) in ascending index order.
    public let postings: [[(image: Int, weight: Float)]]

    public init(database: [SparseVector], vocabularySize k: Int) {
        var postings = [[(image: Int, weight: Float)]](repeating: [], count: k)
        for (i, v) in database.enumerated() {
            for (w, x) in zip(v.indices, v.values) {
                precondition(w >= 0 && w < k, "InvertedFile: word \(w) outside 0..<\(k)")
                postings[w].append((i, x))
            }
        }
        self.vocabularySize = k
        self.count = database.count
        self.postings = postings
    }

    /// Similarity of `query` to every database image (length `count`).
    public func scores(_ query: SparseVector) -> [Float] {
        var s = [Float](repeating: 0, count: count)
        for (w, q) in zip(query.indices, query.values) where w < vocabularySize {
            for p in postings[w] { s[p.image] += q * p.weight }
        }
        return s
    }

    /// The database indices by decreasing score (ties → ascending index), at most `limit`.
    public func ranking(_ query: SparseVector, limit: Int? = nil) -> [Int] {
        ExhaustiveSearch.ranking(similarities: scores(query)[...], limit: limit)
    }

    public static func == (a: InvertedFile, b: InvertedFile) -> Bool {
        a.vocabularySize == b.vocabularySize && a.count == b.count
            && zip(a.postings, b.postings).allSatisfy { x, y in
                x.count == y.count && zip(x, y).allSatisfy { $0.image == $1.image && $0.weight == $1.weight }
            }
    }
}

/// Bag of visual words (Sivic & Zisserman 2003) with tf-idf and an inverted file: descriptors → words by a
/// `KDForestAssigner` (approximate, for 50k–1M words) or the exact `Vocabulary.assign` → tf-idf sparse vector.
/// Label: `BoVW(K=…, tf-idf)`.
public struct BoVWEncoder: Sendable {
    public let assigner: KDForestAssigner?
    public let vocabulary: Vocabulary
    public let weighting: TFIDF

    /// `assigner` nil = exact assignment (ties → lowest index).
    public init(vocabulary: Vocabulary, weighting: TFIDF, assigner: KDForestAssigner? = nil) {
        precondition(weighting.idf.count == vocabulary.size, "BoVWEncoder: idf of \(weighting.idf.count) words, K = \(vocabulary.size)")
        self.vocabulary = vocabulary
        self.weighting = weighting
        self.assigner = assigner
    }

    public var label: String { "BoVW(K=\(vocabulary.size), tf-idf)" }

    /// The visual words of an image's descriptors (D×N → N indices).
    public func words(_ descriptors: Matrix) -> [Int] {
        guard descriptors.columns > 0 else { return [] }
        return assigner?.assign(descriptors) ?? vocabulary.assign(descriptors)
    }

    /// The L2-normalised tf-idf vector of an image's descriptors.
    public func encode(_ descriptors: Matrix) -> SparseVector { weighting.apply(words(descriptors)) }
}
