import CNN
import Datasets
import Foundation
import Imaging
import RetrievalCore

/// A CNN descriptor: for each scale s, the image prepared at longer side round(s · min(size, longer side)) →
/// `FeatureMapSource` (the
/// network's last map) → `CNNPooling` (cached per image and scale) → per-scale descriptor (R-MAC: regions, optionally
/// whitened, summed) → multi-scale combination (`MultiScaleCombination`, q = p for GeM, else 1) → optional
/// descriptor whitening + L2. The network runs one image at a time (oneDNN's primitive caches are per network).
///
/// Whitening is learned on the database images of `whitening.training` (no query content allowed): R-MAC on the
/// region vectors of every scale (one model), CGD on each component's vectors of every scale (one model per
/// component, `dims` each: the training-free stand-in for CGD's per-branch FC reduction), every other kind on the
/// final unwhitened descriptors; models are cached by content (training image hashes, extraction fingerprint, dims).
struct PooledCNNStage: DescriptorStage {
    let config: PooledCNNDescriptorConfig
    let source: FeatureMapSource
    /// One preparation per scale; the first is reported as the run's preprocessing.
    let preparations: [ImagePreparation]
    /// R-MAC's region whitening (one model) or CGD's per-component whitenings.
    let partWhitening: [PCAWhitening]?
    let descriptorWhitening: PCAWhitening?
    let seeds: String

    var preparation: ImagePreparation { preparations[0] }

    init(_ config: PooledCNNDescriptorConfig, queries: [URL], context: RunContext) throws {
        self.config = config
        source = try FeatureMapSource(config.network, threads: context.threads)
        preparations = config.image.scales.map {
            config.image.preparation(scale: $0)
        }
        guard let whitening = config.whitening else {
            partWhitening = nil
            descriptorWhitening = nil
            seeds = ""
            return
        }
        let unwhitened = PooledCNNStage(config: config, source: source, preparations: preparations)
        let (models, key) = try unwhitened.trainWhitening(whitening, queries: queries, context: context)
        partWhitening = config.pooling.whitenedParts == nil ? nil : models
        descriptorWhitening = config.pooling.whitenedParts == nil ? models[0] : nil
        seeds = "whitening=\(key.prefix(16))"
    }

    private init(config: PooledCNNDescriptorConfig, source: FeatureMapSource, preparations: [ImagePreparation]) {
        self.config = config
        self.source = source
        self.preparations = preparations
        partWhitening = nil
        descriptorWhitening = nil
        seeds = ""
    }

    /// Cache fingerprint of the pooled output at one scale: equal to the single-scale descriptor's for scale 1.
    /// (CGD's output changed from the concatenation to one column per component: v2.)
    func fingerprint(scale index: Int) -> String {
        let version = config.pooling.whitenedParts == .components ? "pooled-cnn-v2" : "pooled-cnn-v1"
        return "\(version) \(config.network.label)-\(config.poolingLabel)@\(config.image.size) \(source.fingerprint) "
            + preparations[index].fingerprint
    }

    /// Per scale, per image: the cached `pool` output.
    func pooledOutputs(_ stage: String, urls: [URL], crops: [BoundingBox?]?, context: RunContext) throws -> [[Matrix]] {
        let hashes = try context.fileHashes(urls)
        defer { CNNRuntime.releaseBuffers() }
        return try preparations.indices.map { s in
            let preparation = preparations[s], pooling = config.pooling, source = self.source
            let label = preparations.count > 1 ? "\(stage) ×\(formatParameter(preparation.scale))" : stage
            return try Extraction.run(stage: label, urls: urls, crops: crops, hashes: hashes,
                                      namespace: pooling.whitenedParts == nil ? "global" : "regional",
                                      fingerprint: fingerprint(scale: s), context: context, threads: 1) { url, crop in
                pooling.pool(try source.map(try preparation.prepare(url, crop: crop)))
            }
        }
    }

    /// Multi-scale combination of the per-scale descriptors, before descriptor whitening (D×N).
    func combined(_ outputs: [[Matrix]]) -> Matrix {
        let n = outputs[0].count, q = config.multiScaleExponent
        let columns = (0..<n).map { i in
            MultiScaleCombination.combine(outputs.map { config.pooling.descriptor($0[i], partWhitening: partWhitening) },
                                          exponent: q)
        }
        return Matrix(columns: columns, rows: columns.first?.count ?? 0)
    }

    func describe(_ stage: String, urls: [URL], crops: [BoundingBox?]?, context: RunContext) throws -> Matrix {
        let outputs = try pooledOutputs(stage, urls: urls, crops: crops, context: context)
        var descriptors = combined(outputs)
        if let descriptorWhitening {
            descriptors = descriptorWhitening.apply(descriptors)
            Normalization.l2Columns(&descriptors)
        }
        return descriptors
    }

    /// Learns (or loads) the PCA-whitening(s) of `config` on its training split: one model, or one per CGD component.
    private func trainWhitening(_ config: WhiteningConfig, queries: [URL], context: RunContext) throws
        -> ([PCAWhitening], String) {
        let (training, urls, hashes) = try DescriptorStages.trainingImages(config.training, key: "descriptor.whitening.training",
                                                                          queries: queries, context: context)
        let parts = self.config.pooling.whitenedParts
        let target = parts?.rawValue ?? "descriptors"
        let key = ContentHash.combine(["pcaw-v1", target, "dims=\(config.dims.map(String.init) ?? "all")"]
                                      + preparations.indices.map { fingerprint(scale: $0) } + hashes)
        let count = parts == .components ? self.config.pooling.componentCount : 1
        let keys = (0..<count).map { count == 1 ? key : ContentHash.combine([key, "component=\($0)"]) }
        let cached = keys.compactMap { context.cache.load(namespace: "whitening", key: $0) }
        if cached.count == count {
            return (cached.map { Self.decode(Matrix(rows: $0.rows, columns: $0.columns, values: $0.values)) }, key)
        }
        let stage = "train: \(self.config.network.label)-\(self.config.poolingLabel) on \(training.name)"
        let perScale = try pooledOutputs(stage, urls: urls, crops: nil, context: context)
        let outputs = perScale.flatMap { $0 }  // every scale's parts
        let data: [Matrix] = switch parts {
        case .regions: [Matrix(concatenating: outputs)]
        case .components: (0..<count).map { j in Matrix(concatenating: outputs.map { $0.columns([j]) }) }
        case nil: [combined(perScale)]
        }
        if let dims = config.dims, dims > data[0].rows {
            throw ExperimentError.invalidValue(key: "descriptor.whitening.dims", value: String(dims),
                                               expected: "at most the \(parts == .components ? "component" : "descriptor")'s \(data[0].rows) dimensions")
        }
        var models: [PCAWhitening] = []
        for (j, (data, key)) in zip(data, keys).enumerated() {
            let started = Date()
            let model = try PCAWhitening.fit(data, dimensions: config.dims)
            let what = count == 1 ? target : "component \(j + 1)/\(count)"  // one timing row per stage name
            context.record(stage: "PCA-whitening (\(what))", seconds: Date().timeIntervalSince(started), items: data.columns)
            let stored = Self.encode(model)
            try context.cache.store(namespace: "whitening", key: key, rows: stored.rows, columns: stored.columns,
                                    values: stored.values)
            models.append(model)
        }
        return (models, key)
    }

    /// A whitening as one D×(dims + 2) matrix: mean, eigenvalues (zero-padded), then the projection's columns.
    static func encode(_ w: PCAWhitening) -> Matrix {
        let d = w.inputDimension
        let eigenvalues = w.eigenvalues + [Float](repeating: 0, count: d - w.outputDimension)
        return Matrix(rows: d, columns: w.outputDimension + 2, values: w.mean + eigenvalues + w.projection.values)
    }

    static func decode(_ m: Matrix) -> PCAWhitening {
        let d = m.rows, k = m.columns - 2
        return PCAWhitening(mean: Array(m.values[0..<d]),
                            projection: Matrix(rows: d, columns: k, values: Array(m.values[(2 * d)...])),
                            eigenvalues: Array(m.values[d ..< d + k]))
    }
}
