import Configuration
import Foundation

/// One run, validated and ready: the resolved configuration, its decoded form and its hash.
public struct PlannedRun: Sendable {
    /// The configuration after `extends` and one sweep combination.
    public let resolved: ResolvedConfiguration
    /// The decoded, validated experiment.
    public let config: ExperimentConfig
    /// SHA-256 of what the run computes with (`computedIdentity`): the decoded config with every default filled in
    /// (`DecodedText`, not the YAML text) and the SHA-256 of every file it names (weights). A complete run is reused
    /// only under the same hash, dataset identity and numbers revision (`Provenance.numbersRevision`).
    public let configHash: String

    /// Decodes and validates every run of every file before any computation; the first problem throws.
    public static func plan(_ files: [URL], overrides: [ConfigurationOverride] = []) throws -> [PlannedRun] {
        var plans: [PlannedRun] = []
        for file in files {
            for resolved in try ConfigurationLoader.load(file, overrides: overrides) {
                let config = try resolved.decode(ExperimentConfig.self)
                try validate(config, in: resolved)
                plans.append(PlannedRun(resolved: resolved, config: config, configHash: try computedIdentity(config)))
            }
        }
        return plans
    }

    /// The hash behind `configHash`.
    static func computedIdentity(_ config: ExperimentConfig) throws -> String {
        let files = try config.descriptor.referencedFiles.map { path in
            let url = Workspace.resolve(path)
            return FileManager.default.fileExists(atPath: url.path) ? "\(path) \(try ContentHash.file(url))" : "\(path) absent"
        }
        return ContentHash.combine([DecodedText.render(config)] + files)
    }

    /// Checks that need the whole config (values the types cannot check alone), located in the file.
    static func validate(_ config: ExperimentConfig, in resolved: ResolvedConfiguration) throws {
        let reductionTraining = config.reduction.enumerated().compactMap { i, step in
            step.training.map { ("reduction[\(i)].training", $0) }
        }
        for (key, dataset) in [("dataset", config.dataset)] + config.descriptor.trainingDatasets + reductionTraining {
            let root = Workspace.resolve(dataset.root)
            if dataset.name != "generated", !FileManager.default.fileExists(atPath: root.path) {
                throw resolved.invalid(at: "\(key).root", "'\(dataset.root)' does not exist (dataset \(dataset.name))",
                                       hint: "Point `root` at the dataset's folder (shared data lives in ../shared/datasets).")
            }
        }
        // A descriptor's whitening keeps at most the channels it whitens (R-MAC's regions, each CGD component, or the
        // pooled vector all have the stop layer's channels) — known before any image is read.
        if case .pooledCNN(let c) = config.descriptor, let dims = c.whitening?.dims, dims > c.network.channels {
            throw resolved.invalid(at: "descriptor.whitening.dims",
                                   "\(dims) dimensions, but \(c.network.label) gives \(c.network.channels) channels",
                                   expected: "at most \(c.network.channels)")
        }
        // The chain's shapes: each step's output dimension from its input's, every problem located in the file.
        var dimension = config.descriptor.dimension
        for (i, step) in config.reduction.enumerated() {
            do {
                dimension = try step.parameters.outputDimension(input: dimension)
            } catch {
                throw resolved.invalid(at: "reduction[\(i)].\(error.key)",
                                       error.problem + " (\(config.descriptor.label)" + (i > 0 ? " after reduction[0…\(i - 1)]" : "") + ")",
                                       expected: error.expected)
            }
        }
        // Regional re-rankers need a descriptor with regions (R-MAC).
        for (i, step) in config.rerank.enumerated() where step.parameters.needsRegions {
            if case .pooledCNN(let c) = config.descriptor, c.pooling.whitenedParts == .regions { continue }
            throw resolved.invalid(at: "rerank[\(i)].regional",
                                   "regional diffusion needs region vectors; \(config.descriptor.label) has none",
                                   expected: "a descriptor with regions (kind: rmac), or regional: false")
        }
        for k in config.evaluation.ks where k < 1 {
            throw resolved.invalid(at: "evaluation.ks", "cut-off \(k) is not positive", expected: "integers ≥ 1")
        }
    }
}
