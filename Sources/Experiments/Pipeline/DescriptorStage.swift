import Configuration
import Datasets
import Encoding
import Foundation
import Imaging
import LocalFeatures
import RetrievalCore

/// A descriptor ready to describe images: built (and trained) from the config by `DescriptorStages.make`.
protocol DescriptorStage: Sendable {
    var preparation: ImagePreparation { get }
    /// Seeds that decided the trained parts, as `name=value` lines.
    var seeds: String { get }
    /// The D×N descriptors of the images (with optional crops), using the run's caches.
    func describe(_ stage: String, urls: [URL], crops: [BoundingBox?]?, context: RunContext) throws -> Matrix
}

/// Local features → an aggregation (VLAD, BoVW, Fisher vectors). The local features of every image are cached (the
/// expensive part, shared by every encoding and model of a sweep); encoding is recomputed.
struct LocalDescriptorStage: DescriptorStage {
    let preparation: ImagePreparation
    let extractor: any LocalFeatureExtractor
    let encoder: LocalEncoder
    let label: String
    let seeds: String

    func describe(_ stage: String, urls: [URL], crops: [BoundingBox?]?, context: RunContext) throws -> Matrix {
        let local = try DescriptorStages.localFeatures(stage, urls: urls, crops: crops, extractor: extractor,
                                                       preparation: preparation, context: context)
        let started = Date()
        let encoded = Matrix(concatenating: local.map { Matrix(rows: encoder.dimension, columns: 1, values: encoder.encode($0)) })
        // Timed under the method's name alone (`VLAD`, `BoVW`, `FV`).
        context.record(stage: "\(stage): \(label.prefix { $0 != "(" })", seconds: Date().timeIntervalSince(started),
                       items: urls.count)
        return encoded
    }
}

enum DescriptorStages {
    /// Builds the descriptor of `config`, training what it needs on its fit set (resolved before, cached by content);
    /// `database` (the indexed images) is used by descriptors whose weighting is fitted on the index (BLCF's idf).
    static func make(_ config: DescriptorConfig, database: [URL], context: RunContext) throws -> any DescriptorStage {
        switch config {
        case .local(let l):
            let preparation = ImagePreparation(l.image)
            let extractor = l.features.extractor
            let (model, key) = try fitLocalModel(l.encoding.model, config: l.vocabulary, extractor: extractor,
                                                 preparation: preparation, context: context)
            let encoder = try l.encoding.encoder(model: model) {
                try localFeatures("index: \(extractor.label) of the database", urls: database, crops: nil,
                                  extractor: extractor, preparation: preparation, context: context)
            }
            return LocalDescriptorStage(preparation: preparation, extractor: extractor, encoder: encoder,
                                        label: l.encoding.label(k: l.vocabulary.k),
                                        seeds: "vocabulary.seed=\(l.vocabulary.seed) vocabulary=\(key.prefix(16))")
        case .pooledCNN(let c):
            return try PooledCNNStage(c, context: context)
        case .encodedCNN(let c):
            return try EncodedCNNStage(c, database: database, context: context)
        }
    }

    /// The local descriptors of each image, cached by content (file hash, crop, preparation, extractor).
    static func localFeatures(_ stage: String, urls: [URL], crops: [BoundingBox?]?, extractor: any LocalFeatureExtractor,
                              preparation: ImagePreparation, context: RunContext) throws -> [Matrix] {
        try Extraction.run(stage: stage, urls: urls, crops: crops, hashes: try context.fileHashes(urls),
                           namespace: "local", fingerprint: extractor.fingerprint + " " + preparation.fingerprint,
                           context: context) {
            try extractor.extract(try preparation.prepare($0, crop: $1)).descriptors
        }
    }

    /// k-means centres or a GMM on a seeded sample (`SeededSample`) of the local descriptors of the fit set
    /// `descriptor.vocabulary.training`; cached by content (model family, parameters, extractor, preparation, fit
    /// images).
    static func fitLocalModel(_ family: LocalModel, config: VocabularyConfig, extractor: any LocalFeatureExtractor,
                              preparation: ImagePreparation, context: RunContext) throws -> (LocalModelValue, String) {
        let fitSet = context.fitSet("descriptor.vocabulary.training")
        let key = ContentHash.combine([family == .kMeans ? "vocabulary" : family.rawValue, config.fitIdentity,
                                       extractor.fingerprint, preparation.fingerprint] + fitSet.hashes)
        if let cached = context.cache.load(namespace: "vocabulary", key: key) {
            let stored = Matrix(rows: cached.rows, columns: cached.columns, values: cached.values)
            return (family == .kMeans ? .vocabulary(Vocabulary(centres: stored)) : .mixture(GaussianMixture(stored: stored)), key)
        }
        let training = fitSet.benchmark
        let local = try localFeatures("train: \(extractor.label) on \(training.name)", urls: fitSet.urls, crops: nil,
                                      extractor: extractor, preparation: preparation, context: context)
        let total = local.reduce(0) { $0 + $1.columns }
        guard total >= config.k else {
            throw ExperimentError.tooFewTrainingDescriptors(split: "\(training.name) (\(training.protocolName))",
                                                            count: total, k: config.k)
        }
        // The sampled descriptor positions over all images, in their original order.
        let chosen = SeededSample.indices(count: total, take: config.sample, seed: config.seed)
        let d = local.first { $0.columns > 0 }?.rows ?? 128
        var values = [Float]()
        values.reserveCapacity(chosen.count * d)
        var matrixIndex = 0, offset = 0
        for p in chosen {
            while p >= offset + local[matrixIndex].columns { offset += local[matrixIndex].columns; matrixIndex += 1 }
            let m = local[matrixIndex], column = p - offset
            values.append(contentsOf: m.values[column * d ..< (column + 1) * d])
        }
        let started = Date()
        let sample = Matrix(rows: d, columns: chosen.count, values: values)
        let model: LocalModelValue, stored: Matrix
        switch family {
        case .kMeans:
            let vocabulary = Vocabulary.fit(sample, k: config.k, iterations: config.iterations, seed: config.seed)
            (model, stored) = (.vocabulary(vocabulary), vocabulary.centres)
        case .gmm:
            let mixture = try GaussianMixture.fit(sample, k: config.k, iterations: config.iterations, seed: config.seed)
            (model, stored) = (.mixture(mixture), mixture.stored)
        }
        context.record(stage: family.rawValue, seconds: Date().timeIntervalSince(started), items: chosen.count)
        try context.cache.store(namespace: "vocabulary", key: key, rows: stored.rows, columns: stored.columns,
                                values: stored.values)
        return (model, key)
    }
}

extension ImagePreparation {
    init(_ config: LocalImageConfig) {
        self.init(maxSide: config.maxSide, filter: config.filter, exif: config.exif)
    }
}
