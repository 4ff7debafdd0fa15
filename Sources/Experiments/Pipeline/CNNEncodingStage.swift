import CNN
import Configuration
import Datasets
import Encoding
import Foundation
import Imaging
import RetrievalCore

/// A CNN local-feature encoding (`kind: blcf | netvlad`): prepared image → `FeatureMapSource` (last map, C×H×W) →
/// `LocalConvolutionalFeatures` (C×(H·W), L2-normalised positions) → encoded against K centres.
///
/// Training (cached by content: training image hashes, map fingerprint, preparation, k/sample/seed/iterations):
/// from each training image at most ⌈sample / N⌉ positions (N images; seeded per image, cached per image), then
/// `Vocabulary.fit` (VLFeat k-means++ / Elkan, seeded, on at most `sample` of them). The training images are the
/// database images of `vocabulary.training`, checked to share no content with a query.
///
/// - BLCF: each position hard-assigned to its nearest centre (`Vocabulary.assign`), word lists cached per image;
///   the idf is fitted on the **indexed database**'s word lists when the stage is built (`TFIDF.fit`, as `Encoding`'s
///   BoVW), then each image → `TFIDF.apply` (tf-idf, L2) as a dense K-dimensional column, searched exactly
///   (cosine; equal to the inverted-file score). The paper's PCA-whitening of the local features is not applied.
/// - NetVLAD: α = the configured `alpha` or `NetVLAD.initialAlpha` of the training positions used for
///   k-means (cached with the centres); each image → `NetVLAD.encode` (C·K), cached per image.
struct EncodedCNNStage: DescriptorStage {
    enum Encoder: Sendable {
        case blcf(BoVWEncoder)
        case netvlad(NetVLAD)
    }

    let config: EncodedCNNDescriptorConfig
    let source: FeatureMapSource
    let preparation: ImagePreparation
    let vocabulary: Vocabulary
    let vocabularyKey: String
    let encoder: Encoder
    let seeds: String

    init(_ config: EncodedCNNDescriptorConfig, database: [URL], context: RunContext) throws {
        self.config = config
        source = try FeatureMapSource(config.network, threads: context.threads)
        preparation = config.image.preparation()
        let (vocabulary, key, initialAlpha) = try Self.train(config, source: source, preparation: preparation,
                                                            context: context)
        self.vocabulary = vocabulary
        vocabularyKey = key
        var seeds = "vocabulary.seed=\(config.vocabulary.seed) vocabulary=\(key.prefix(16))"
        switch config.encoding {
        case .blcf:
            let words = try Self.words("index: BLCF words of the database", urls: database, crops: nil,
                                       vocabulary: vocabulary, key: key, source: source, preparation: preparation,
                                       context: context)
            let weighting = TFIDF.fit(database: words, vocabularySize: vocabulary.size)
            encoder = .blcf(BoVWEncoder(vocabulary: vocabulary, weighting: weighting))
        case .netvlad(let alpha):
            let a = alpha.map(Float.init) ?? initialAlpha
            seeds += " netvlad.alpha=\(a)"
            encoder = .netvlad(NetVLAD(centres: vocabulary.centres, alpha: a))
        }
        self.seeds = seeds
    }

    func describe(_ stage: String, urls: [URL], crops: [BoundingBox?]?, context: RunContext) throws -> Matrix {
        defer { CNNRuntime.releaseBuffers() }
        switch encoder {
        case .blcf(let bovw):
            let words = try Self.words(stage, urls: urls, crops: crops, vocabulary: vocabulary, key: vocabularyKey,
                                       source: source, preparation: preparation, context: context)
            let k = vocabulary.size
            var out = Matrix(rows: k, columns: urls.count)
            for (j, list) in words.enumerated() {
                let v = bovw.weighting.apply(list)
                for (w, x) in zip(v.indices, v.values) { out.values[j * k + w] = x }
            }
            return out
        case .netvlad(let netvlad):
            let source = self.source, preparation = self.preparation
            let fingerprint = "netvlad alpha=\(netvlad.alpha) vocabulary=\(vocabularyKey) " + source.fingerprint
                + " " + preparation.fingerprint
            let encoded = try Extraction.run(stage: stage, urls: urls, crops: crops, hashes: try context.fileHashes(urls),
                                             namespace: "global", fingerprint: fingerprint, context: context,
                                             threads: 1) { url, crop in
                let v = netvlad.encode(try Self.localFeatures(url, crop: crop, source: source, preparation: preparation))
                return Matrix(rows: v.count, columns: 1, values: v)
            }
            return Matrix(concatenating: encoded)
        }
    }

    /// The L2-normalised positions of one image's last map (C×(H·W)).
    static func localFeatures(_ url: URL, crop: BoundingBox?, source: FeatureMapSource,
                              preparation: ImagePreparation) throws -> Matrix {
        let map = try source.map(try preparation.prepare(url, crop: crop))
        return LocalConvolutionalFeatures.columns(map.values, channels: map.channels, height: map.height, width: map.width)
    }

    /// The hard-assigned words of each image's positions, cached per image (1×n, word indices as Float).
    static func words(_ stage: String, urls: [URL], crops: [BoundingBox?]?, vocabulary: Vocabulary, key: String,
                      source: FeatureMapSource, preparation: ImagePreparation, context: RunContext) throws -> [[Int]] {
        let fingerprint = "blcf-words vocabulary=\(key) " + source.fingerprint + " " + preparation.fingerprint
        let lists = try Extraction.run(stage: stage, urls: urls, crops: crops, hashes: try context.fileHashes(urls),
                                       namespace: "words", fingerprint: fingerprint, context: context,
                                       threads: 1) { url, crop in
            let words = vocabulary.assign(try localFeatures(url, crop: crop, source: source, preparation: preparation))
            return Matrix(rows: 1, columns: words.count, values: words.map(Float.init))
        }
        return lists.map { $0.values.map { Int($0) } }
    }

    /// The k-means centres (and the initial NetVLAD α for them) learned on the training split; see the type's doc.
    static func train(_ config: EncodedCNNDescriptorConfig, source: FeatureMapSource, preparation: ImagePreparation,
                      context: RunContext) throws -> (Vocabulary, String, Float) {
        let v = config.vocabulary
        let fitSet = context.fitSet("descriptor.vocabulary.training")
        let (training, urls, hashes) = (fitSet.benchmark, fitSet.urls, fitSet.hashes)
        let key = ContentHash.combine(["cnn-vocabulary", source.fingerprint, preparation.fingerprint, v.fitIdentity] + hashes)
        let alphaKey = ContentHash.combine(["netvlad-alpha", key])
        if let cached = context.cache.load(namespace: "vocabulary", key: key),
           let alpha = context.cache.load(namespace: "vocabulary", key: alphaKey) {
            let centres = Matrix(rows: cached.rows, columns: cached.columns, values: cached.values)
            return (Vocabulary(centres: centres), key, alpha.values[0])
        }
        guard !urls.isEmpty else {
            throw ExperimentError.tooFewTrainingDescriptors(split: "\(training.name) (\(training.protocolName))", count: 0, k: v.k)
        }
        let perImage = (v.sample + urls.count - 1) / urls.count
        let seed = v.seed
        let hashesByURL = Dictionary(zip(urls, hashes), uniquingKeysWith: { a, _ in a })
        let sampled = try Extraction.run(stage: "train: \(config.network.label) positions of \(training.name)", urls: urls,
                                         crops: nil, hashes: hashes, namespace: "local",
                                         fingerprint: "cnn-positions per-image=\(perImage) seed=\(seed) "
                                             + source.fingerprint + " " + preparation.fingerprint,
                                         context: context, threads: 1) { url, _ in
            let all = try localFeatures(url, crop: nil, source: source, preparation: preparation)
            // Per image, a seeded uniform sample of its positions (seed ⊕ the image's content hash prefix).
            let imageSeed = seed ^ UInt64(hashesByURL[url].flatMap { UInt64($0.prefix(16), radix: 16) } ?? 0)
            return all.columns(SeededSample.indices(count: all.columns, take: perImage, seed: imageSeed))
        }
        let data = Matrix(concatenating: sampled)
        guard data.columns >= v.k else {
            throw ExperimentError.tooFewTrainingDescriptors(split: "\(training.name) (\(training.protocolName))",
                                                            count: data.columns, k: v.k)
        }
        let started = Date()
        let vocabulary = try Vocabulary.fit(data, k: v.k, sample: v.sample, iterations: v.iterations, seed: v.seed)
        context.record(stage: "k-means (conv positions)", seconds: Date().timeIntervalSince(started), items: min(v.sample, data.columns))
        let alpha: Float = v.k >= 2 ? try NetVLAD.initialAlpha(centres: vocabulary.centres, descriptors: data) : 0
        try context.cache.store(namespace: "vocabulary", key: key, rows: vocabulary.dimension, columns: vocabulary.size,
                                values: vocabulary.centres.values)
        try context.cache.store(namespace: "vocabulary", key: alphaKey, rows: 1, columns: 1, values: [alpha])
        return (vocabulary, key, alpha)
    }
}
