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

/// RootSIFT → hard-assigned VLAD with the configured normalisations. The local features of every image are cached
/// (the expensive part, shared by every vocabulary and normalisation of a sweep); encoding is recomputed.
struct VLADStage: DescriptorStage {
    let preparation: ImagePreparation
    let extractor: SIFTExtractor
    let encoder: VLADEncoder
    let seeds: String

    func describe(_ stage: String, urls: [URL], crops: [BoundingBox?]?, context: RunContext) throws -> Matrix {
        let local = try DescriptorStages.localFeatures(stage, urls: urls, crops: crops, extractor: extractor,
                                                       preparation: preparation, context: context)
        let started = Date()
        let encoded = Matrix(concatenating: local.map { Matrix(rows: encoder.dimension, columns: 1, values: encoder.encode($0)) })
        context.record(stage: "\(stage): VLAD", seconds: Date().timeIntervalSince(started), items: urls.count)
        return encoded
    }
}

enum DescriptorStages {
    /// Builds the descriptor of `config`, training what it needs on its declared split (cached by content);
    /// `database` (the indexed images) is used by descriptors whose weighting is fitted on the index (BLCF's idf).
    static func make(_ config: DescriptorConfig, queries: [URL], database: [URL], context: RunContext) throws
        -> any DescriptorStage {
        switch config {
        case .vlad(let v):
            let preparation = ImagePreparation(v.image)
            let extractor = SIFTExtractor(firstOctave: v.features.firstOctave, peakThreshold: v.features.peakThreshold,
                                          edgeThreshold: v.features.edgeThreshold, maxFeatures: v.features.maxFeatures,
                                          root: v.features.kind == "rootsift")
            let (vocabulary, key) = try trainVocabulary(v.vocabulary, extractor: extractor, preparation: preparation,
                                                        queries: queries, context: context)
            return VLADStage(preparation: preparation, extractor: extractor,
                             encoder: VLADEncoder(vocabulary: vocabulary, intraNormalization: v.intraNormalization,
                                                  power: Float(v.power)),
                             seeds: "vocabulary.seed=\(v.vocabulary.seed) vocabulary=\(key.prefix(16))")
        case .pooledCNN(let c):
            return try PooledCNNStage(c, queries: queries, context: context)
        case .encodedCNN(let c):
            return try EncodedCNNStage(c, queries: queries, database: database, context: context)
        }
    }

    /// The database images of a declared training split (with their content hashes); throws when one has the same
    /// content as a query. `key` is where the split is written, for the message.
    static func trainingImages(_ dataset: DatasetConfig, key: String, queries: [URL], context: RunContext) throws
        -> (Benchmark, [URL], [String]) {
        let training = try context.loadBenchmark(dataset)
        let urls = training.database.map(\.url)
        let hashes = try context.fileHashes(urls)
        let queryHashes = Set(try context.fileHashes(queries))
        let overlap = zip(training.database, hashes).filter { queryHashes.contains($0.1) }
        if let first = overlap.first {
            throw ExperimentError.trainingOverlapsQueries(key: key, training: "\(training.name) (\(training.protocolName))",
                                                          dataset: context.datasetDescription, count: overlap.count,
                                                          example: first.0.id)
        }
        return (training, urls, hashes)
    }

    /// The local descriptors of each image, cached by content (file hash, crop, preparation, extractor).
    static func localFeatures(_ stage: String, urls: [URL], crops: [BoundingBox?]?, extractor: SIFTExtractor,
                              preparation: ImagePreparation, context: RunContext) throws -> [Matrix] {
        try Extraction.run(stage: stage, urls: urls, crops: crops, hashes: try context.fileHashes(urls),
                           namespace: "local", fingerprint: extractor.fingerprint + " " + preparation.fingerprint,
                           context: context) {
            extractor.extract(try preparation.prepare($0, crop: $1)).descriptors
        }
    }

    /// k-means on a seeded sample of the local descriptors of the training split's database images. The training
    /// images must not share content with any query (checked by file hash).
    static func trainVocabulary(_ config: VocabularyConfig, extractor: SIFTExtractor, preparation: ImagePreparation,
                                queries: [URL], context: RunContext) throws -> (Vocabulary, String) {
        let (training, urls, hashes) = try trainingImages(config.training, key: "descriptor.vocabulary.training",
                                                          queries: queries, context: context)
        let key = ContentHash.combine(["vocabulary-v1", extractor.fingerprint, preparation.fingerprint,
                                       "k=\(config.k) sample=\(config.sample) seed=\(config.seed) it=\(config.iterations)"]
                                      + hashes)
        if let cached = context.cache.load(namespace: "vocabulary", key: key) {
            return (Vocabulary(centres: Matrix(rows: cached.rows, columns: cached.columns, values: cached.values)), key)
        }
        let local = try localFeatures("train: \(extractor.label) on \(training.name)", urls: urls, crops: nil,
                                      extractor: extractor, preparation: preparation, context: context)
        let total = local.reduce(0) { $0 + $1.columns }
        guard total >= config.k else {
            throw ExperimentError.tooFewTrainingDescriptors(split: "\(training.name) (\(training.protocolName))",
                                                            count: total, k: config.k)
        }
        // Seeded uniform sample without replacement (partial Fisher–Yates over all descriptor positions), kept in
        // their original order so the sample does not depend on anything but the seed.
        var positions = Array(0..<total)
        var random = SplitMix64(seed: config.seed)
        let count = min(config.sample, total)
        for i in 0..<count { positions.swapAt(i, i + Int(random.next() % UInt64(total - i))) }
        let chosen = positions.prefix(count).sorted()
        let d = local.first { $0.columns > 0 }?.rows ?? 128
        var values = [Float]()
        values.reserveCapacity(count * d)
        var matrixIndex = 0, offset = 0
        for p in chosen {
            while p >= offset + local[matrixIndex].columns { offset += local[matrixIndex].columns; matrixIndex += 1 }
            let m = local[matrixIndex], column = p - offset
            values.append(contentsOf: m.values[column * d ..< (column + 1) * d])
        }
        let started = Date()
        let vocabulary = Vocabulary.fit(Matrix(rows: d, columns: count, values: values), k: config.k,
                                        iterations: config.iterations, seed: config.seed)
        context.record(stage: "k-means", seconds: Date().timeIntervalSince(started), items: count)
        try context.cache.store(namespace: "vocabulary", key: key, rows: d, columns: config.k,
                                values: vocabulary.centres.values)
        return (vocabulary, key)
    }
}

extension ImagePreparation {
    init(_ config: LocalImageConfig) {
        self.init(maxSide: config.maxSide, filter: config.filter, exif: config.exif)
    }
}
