import CNN
import Configuration
import Datasets
import Foundation
import Imaging
import RetrievalCore

/// The unwhitened half of a pooled CNN descriptor: for each scale s, the image prepared at longer side
/// round(s · min(size, longer side)) → `FeatureMapSource` (the network's map) → the pooling's `pool` (cached per
/// image and scale) → per-scale descriptor (R-MAC: regions, optionally whitened, summed; CGD: components, each
/// optionally whitened, concatenated) → multi-scale combination (`MultiScaleCombination`, q = p for GeM, else 1).
/// The network runs one image at a time (oneDNN's primitive caches are per network).
struct PooledCNNExtractor: Sendable {
    let config: PooledCNNDescriptorConfig
    let source: FeatureMapSource
    /// One preparation per scale; the first is reported as the run's preprocessing.
    let preparations: [ImagePreparation]

    init(_ config: PooledCNNDescriptorConfig, threads: Int) throws {
        self.config = config
        source = try FeatureMapSource(config.network, threads: threads)
        preparations = config.image.scales.map { config.image.preparation(scale: $0) }
    }

    /// Cache identity of the pooled output at one scale: the pooling's decoded parameters, the network, the
    /// preparation (the cache itself is per code revision).
    func fingerprint(scale index: Int) -> String {
        "pooled \(DecodedText.render(config.pooling)) \(source.fingerprint) \(preparations[index].fingerprint)"
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

    /// Multi-scale combination of the per-scale descriptors (D×N), the parts whitened by `partWhitening`.
    func combined(_ outputs: [[Matrix]], partWhitening: [PCAWhitening]?) -> Matrix {
        let n = outputs[0].count, q = config.pooling.multiScaleExponent
        let columns = (0..<n).map { i in
            MultiScaleCombination.combine(outputs.map { config.pooling.descriptor($0[i], partWhitening: partWhitening) },
                                          exponent: q)
        }
        return Matrix(columns: columns, rows: columns.first?.count ?? 0)
    }
}

/// A pooled CNN descriptor (`PooledCNNDescriptorConfig`): `PooledCNNExtractor`, then the optional learned whitening.
///
/// Whitening is learned on the fit set `descriptor.whitening.training` (resolved and leak-checked before the run
/// extracts anything): R-MAC on the region vectors of every scale (one model), CGD on each component's vectors of
/// every scale (one model per component, `dims` each: the training-free stand-in for CGD's per-branch FC
/// reduction), every other kind on the final unwhitened descriptors, followed by L2; models are cached by content
/// (the whitening's parameters, the extraction fingerprints and the fit images' hashes).
struct PooledCNNStage: DescriptorStage {
    let extractor: PooledCNNExtractor
    /// R-MAC's region whitening (one model) or CGD's per-component whitenings.
    let partWhitening: [PCAWhitening]?
    let descriptorWhitening: PCAWhitening?
    let seeds: String

    var preparation: ImagePreparation { extractor.preparations[0] }

    init(_ config: PooledCNNDescriptorConfig, context: RunContext) throws {
        extractor = try PooledCNNExtractor(config, threads: context.threads)
        guard let whitening = config.whitening else {
            (partWhitening, descriptorWhitening, seeds) = (nil, nil, "")
            return
        }
        let (models, key) = try Self.trainWhitening(whitening, extractor: extractor, context: context)
        partWhitening = config.pooling.whitenedParts == nil ? nil : models
        descriptorWhitening = config.pooling.whitenedParts == nil ? models[0] : nil
        seeds = "whitening=\(key.prefix(16))"
    }

    func describe(_ stage: String, urls: [URL], crops: [BoundingBox?]?, context: RunContext) throws -> Matrix {
        let outputs = try extractor.pooledOutputs(stage, urls: urls, crops: crops, context: context)
        var descriptors = extractor.combined(outputs, partWhitening: partWhitening)
        if let descriptorWhitening {
            descriptors = descriptorWhitening.apply(descriptors)
            Normalization.l2Columns(&descriptors)
        }
        return descriptors
    }

    /// Per image, its region vectors (R-MAC only: every scale's regions, whitened and L2-normalised when the
    /// descriptor whitens its regions), from the cached pooled outputs; nil for poolings without regions.
    func regionVectors(_ stage: String, urls: [URL], crops: [BoundingBox?]?, context: RunContext) throws -> [Matrix]? {
        guard extractor.config.pooling.whitenedParts == .regions else { return nil }
        let outputs = try extractor.pooledOutputs(stage, urls: urls, crops: crops, context: context)
        return urls.indices.map { i in
            var regions = Matrix(concatenating: outputs.map { $0[i] })
            if let whitening = partWhitening?.first {
                regions = whitening.apply(regions)
                Normalization.l2Columns(&regions)
            }
            return regions
        }
    }

    /// Learns (or loads) the PCA-whitening(s) of `config` on its fit set: one model, or one per CGD component.
    private static func trainWhitening(_ config: WhiteningConfig, extractor: PooledCNNExtractor,
                                       context: RunContext) throws -> ([PCAWhitening], String) {
        let fitSet = context.fitSet("descriptor.whitening.training")
        let pooling = extractor.config.pooling
        let parts = pooling.whitenedParts
        let key = ContentHash.combine(["whitening", DecodedText.render(config.dims), parts?.rawValue ?? "descriptors"]
                                      + extractor.preparations.indices.map { extractor.fingerprint(scale: $0) } + fitSet.hashes)
        let count = pooling.partModels
        let keys = (0..<count).map { count == 1 ? key : ContentHash.combine([key, "component=\($0)"]) }
        let cached = keys.compactMap { context.cache.load(namespace: "whitening", key: $0) }
        if cached.count == count {
            return (cached.map { PCAWhitening(stored: Matrix(rows: $0.rows, columns: $0.columns, values: $0.values)) }, key)
        }
        let stage = "train: \(extractor.config.network.label)-\(pooling.label) on \(fitSet.benchmark.name)"
        let perScale = try extractor.pooledOutputs(stage, urls: fitSet.urls, crops: nil, context: context)
        let outputs = perScale.flatMap { $0 }  // every scale's parts
        let data: [Matrix] = switch parts {
        case .regions: [Matrix(concatenating: outputs)]
        case .components: (0..<count).map { j in Matrix(concatenating: outputs.map { $0.columns([j]) }) }
        case nil: [extractor.combined(perScale, partWhitening: nil)]
        }
        var models: [PCAWhitening] = []
        for (j, (data, key)) in zip(data, keys).enumerated() {
            let started = Date()
            let model = try PCAWhitening.fit(data, dimensions: config.dims)
            let what = count == 1 ? (parts?.rawValue ?? "descriptors") : "component \(j + 1)/\(count)"
            context.record(stage: "PCA-whitening (\(what))", seconds: Date().timeIntervalSince(started), items: data.columns)
            let stored = model.stored
            try context.cache.store(namespace: "whitening", key: key, rows: stored.rows, columns: stored.columns,
                                    values: stored.values)
            models.append(model)
        }
        return (models, key)
    }
}
