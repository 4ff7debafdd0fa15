import Foundation

/// One run of one experiment on one dataset protocol, with everything that decides its numbers.
public struct RunRecord: Codable, Equatable, Sendable {
    /// `abandoned`: the process that was running it ended without finishing (found at a later start).
    public enum Status: String, Codable, Sendable { case running, complete, failed, abandoned }

    public var id: Int64?
    /// Experiment name (with its sweep suffix), e.g. `smvs-dvd/vlad-ablation-all[k=16,power=1.0]`.
    public var experiment: String
    /// Canonical method label, e.g. `RootSIFT-VLAD(K=16, intra) · exact`.
    public var label: String
    /// The config file as written (the loaded file; bases follow, separated by `--- <path>` lines).
    public var configText: String
    /// Canonical text of the resolved config (after extends and the sweep point), as written.
    public var resolvedConfig: String
    /// SHA-256 of what the run computes with: the decoded config with every default filled in and the contents of the
    /// files it names (weights). With `datasetIdentity` and `numbersRevision`, the key under which a complete run is
    /// reused.
    public var configHash: String
    /// The revision of the code that decides the numbers (source folders and numeric library versions), or
    /// `unknown`; empty for runs stored before it was recorded. A run of another revision is never reused, and
    /// reports mark it.
    public var numbersRevision: String = ""
    /// What a reader of the numbers must know that the config does not say, one line each (e.g. a learned step's
    /// fit set sharing images with the evaluated database); empty when nothing.
    public var notes: String = ""

    /// The phrase a note contains when a fit set of the run shares images with the evaluated database (allowed,
    /// unlike sharing a query's content): reports mark such values ‡.
    public static let fitSetSharesDatabase = "shares images with the evaluated database"

    /// The phrase a note contains when a re-ranker of the run is transductive (a query's result depends on the other
    /// queries): reports mark such values §.
    public static let transductiveReranking = "transductive re-ranking"

    /// Whether a re-ranker of the run is transductive (see `notes`).
    public var isTransductive: Bool { notes.contains(Self.transductiveReranking) }

    /// Whether a fit set of the run shares images with its evaluated database (see `notes`).
    public var fitSetSharesDatabase: Bool { notes.contains(Self.fitSetSharesDatabase) }
    /// The sweep assignment as `key=value` lines (empty without a sweep).
    public var sweep: String
    public var datasetName: String
    public var datasetProtocol: String
    /// SHA-256 of the benchmark's image list and ground truth.
    public var datasetIdentity: String
    /// `git describe --always --dirty` of the code, or `unknown`.
    public var codeVersion: String
    /// Library versions as `name=version` lines (VLFeat, OpenBLAS, SQLite, …).
    public var libraryVersions: String
    /// Host name, OS, CPU count.
    public var machine: String
    /// AP variant (`oxford`, `revisitop`, `finite`).
    public var apVariant: String
    /// Ranking tie rule, e.g. `similarity desc, database index asc`.
    public var tieRule: String
    /// Preprocessing: resize rule and filter, EXIF policy, crop rule.
    public var preprocessing: String
    /// Seeds as `name=value` lines.
    public var seeds: String
    public var startedAt: String
    public var endedAt: String?
    public var status: Status
    public var failure: String?
    /// The process running (or that ran) the run, and its host: a `running` row whose process is gone is abandoned.
    public var pid: Int?
    public var host: String?

    public init(experiment: String, label: String, configText: String, resolvedConfig: String, configHash: String,
                sweep: String, datasetName: String, datasetProtocol: String, datasetIdentity: String,
                codeVersion: String, libraryVersions: String, machine: String, apVariant: String, tieRule: String,
                preprocessing: String, seeds: String, startedAt: String) {
        self.experiment = experiment; self.label = label; self.configText = configText
        self.resolvedConfig = resolvedConfig; self.configHash = configHash; self.sweep = sweep
        self.datasetName = datasetName; self.datasetProtocol = datasetProtocol; self.datasetIdentity = datasetIdentity
        self.codeVersion = codeVersion; self.libraryVersions = libraryVersions; self.machine = machine
        self.apVariant = apVariant; self.tieRule = tieRule; self.preprocessing = preprocessing; self.seeds = seeds
        self.startedAt = startedAt; self.status = .running
        self.pid = Int(ProcessOwner.current.pid); self.host = ProcessOwner.current.host
    }
}

/// The scores of one query in one run. Lists are stored as JSON arrays (null for a missing value).
public struct QueryResultRecord: Codable, Equatable, Sendable {
    public var runId: Int64
    /// Position of the query in the protocol's order.
    public var queryIndex: Int
    public var queryId: String
    /// AP; nil when the query has no positives.
    public var ap: Double?
    /// The cut-offs k of the lists below.
    public var ks: [Int]
    public var precisionAtK: [Double]
    public var recallAtK: [Double?]
    public var successAtK: [Double?]
    /// revisitop's mP@k terms.
    public var revisitedPrecisionAtK: [Double?]
    public var positives: Int
    public var firstPositiveRank: Int?
    /// Ids (dataset names) of the top of the ranking, best first.
    public var topIds: [String]

    public init(runId: Int64, queryIndex: Int, queryId: String, ap: Double?, ks: [Int], precisionAtK: [Double],
                recallAtK: [Double?], successAtK: [Double?], revisitedPrecisionAtK: [Double?], positives: Int,
                firstPositiveRank: Int?, topIds: [String]) {
        self.runId = runId; self.queryIndex = queryIndex; self.queryId = queryId; self.ap = ap; self.ks = ks
        self.precisionAtK = precisionAtK; self.recallAtK = recallAtK; self.successAtK = successAtK
        self.revisitedPrecisionAtK = revisitedPrecisionAtK; self.positives = positives
        self.firstPositiveRank = firstPositiveRank; self.topIds = topIds
    }
}

/// An aggregate of a run (derived from its query rows when the run completes; reports recompute from the rows).
public struct MetricRecord: Codable, Equatable, Sendable {
    public var runId: Int64
    public var name: String
    public var value: Double
    /// Queries that contributed.
    public var count: Int
    /// Queries skipped (no positives).
    public var dropped: Int

    public init(runId: Int64, name: String, value: Double, count: Int, dropped: Int) {
        self.runId = runId; self.name = name; self.value = value; self.count = count; self.dropped = dropped
    }
}

/// Wall time of one pipeline stage.
public struct TimingRecord: Codable, Equatable, Sendable {
    public var runId: Int64
    public var stage: String
    public var seconds: Double
    public var items: Int

    public init(runId: Int64, stage: String, seconds: Double, items: Int) {
        self.runId = runId; self.stage = stage; self.seconds = seconds; self.items = items
    }
}

/// What a run's stages decided, written when the run completes: the preprocessing summary, the seeds and model
/// keys of the trained parts, and notes (its fit sets, and whether one shares images with the evaluated database).
public struct RunProvenance: Sendable, Equatable {
    public var preprocessing: String
    public var seeds: String
    public var notes: String

    public init(preprocessing: String, seeds: String, notes: String = "") {
        self.preprocessing = preprocessing
        self.seeds = seeds
        self.notes = notes
    }
}
