import Configuration
import Datasets

/// One experiment, as written in `Configs/<dataset>/<method>[-<protocol>].yaml` and documented key by key in
/// `Configs/README.md`. The sections follow the pipeline left to right:
/// dataset → descriptor → reduction (ordered) → search → rerank (ordered) → evaluation.
///
/// Every type here decodes strictly (unknown keys, wrong types and missing fields are errors with file:line:col)
/// through the `Configuration` module; `CodingKeys` are `CaseIterable` so the decoder can list the valid keys.
public struct ExperimentConfig: Decodable, Sendable, Equatable {
    /// Experiment name; results and report rows are keyed on it (a sweep appends its assignment, e.g. `[k=16]`).
    public var name: String
    /// Free text, shown in reports.
    public var description: String?
    public var dataset: DatasetConfig
    public var descriptor: DescriptorConfig
    /// Applied in order to database and query descriptors; empty = no reduction.
    public var reduction: [ReductionStep]
    public var search: SearchConfig
    /// Applied in order after the initial search; empty = no re-ranking.
    public var rerank: [RerankStep]
    public var evaluation: EvaluationConfig

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, dataset, descriptor, reduction, search, rerank, evaluation
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        dataset = try c.decode(DatasetConfig.self, forKey: .dataset)
        descriptor = try c.decode(DescriptorConfig.self, forKey: .descriptor)
        reduction = try c.decodeIfPresent([ReductionStep].self, forKey: .reduction) ?? []
        search = try c.decodeIfPresent(SearchConfig.self, forKey: .search) ?? SearchConfig()
        rerank = try c.decodeIfPresent([RerankStep].self, forKey: .rerank) ?? []
        evaluation = try c.decodeIfPresent(EvaluationConfig.self, forKey: .evaluation) ?? EvaluationConfig()
    }

    /// The canonical label of the method (descriptor · reductions · search · re-rankers), e.g.
    /// `RootSIFT-VLAD(K=64, intra, α=0.5) · exact`. Tables and records are keyed on it.
    public var label: String {
        ([descriptor.label] + reduction.map(\.label) + [search.label] + rerank.map(\.label)).joined(separator: " · ")
    }
}

/// `dataset:` — which benchmark, where its files are, and under which protocol.
public struct DatasetConfig: Decodable, Sendable, Equatable {
    /// Catalog name: `generated`, `smvs-dvd`, `coil100`, `manifest`, `oxford5k`, `paris6k`, `roxford5k`, `rparis6k`,
    /// `holidays`, `ukbench`, `oxford105k`, `paris106k`.
    public var name: String
    /// Dataset root directory; relative paths are resolved against the current working directory
    /// (run `cbir` from the repository root). `~` expands to the home directory.
    public var root: String
    /// Protocol name (dataset-specific), e.g. `ref`, `all`, `standard`, `easy`, `medium`, `hard`.
    public var `protocol`: String
    /// Manifest datasets only: keep objects `[first, last]` (1-based, in order of first appearance in the ground
    /// truth) and the distractors — object-disjoint halves such as SMVS DVD `[1, 50]` to train a learned step and
    /// `[51, 100]` to evaluate it. Part of the dataset's identity; nil keeps every object.
    public var objects: ClosedRange<Int>?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, root, `protocol`, objects
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        root = try c.decode(String.self, forKey: .root)
        `protocol` = try c.decode(String.self, forKey: .protocol)
        if let pair = try c.decodeIfPresent([Int].self, forKey: .objects) {
            guard pair.count == 2, pair[0] >= 1, pair[0] <= pair[1] else {
                throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.objects],
                                                 "[\(pair.map(String.init).joined(separator: ", "))] is not an object range",
                                                 expected: "[first, last] with 1 ≤ first ≤ last, e.g. [1, 50]")
            }
            objects = pair[0]...pair[1]
        }
    }

    /// `smvs-dvd ref`, `smvs-dvd ref objects 51–100`.
    public var label: String {
        "\(name) \(`protocol`)" + (objects.map { " objects \($0.lowerBound)–\($0.upperBound)" } ?? "")
    }

    /// The benchmark (the generated dataset is written into `root` first when needed).
    func load() throws -> Benchmark {
        try DatasetCatalog.load(name: name, root: Workspace.resolve(root), protocolName: `protocol`, objects: objects)
    }
}
