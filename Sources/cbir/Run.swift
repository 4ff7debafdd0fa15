import ArgumentParser
import Configuration
import Experiments
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run experiments (each config, or each point of its sweep) and store per-query results.",
        discussion: """
            Every config is validated before anything is computed. A run already complete for the same config hash \
            and dataset identity is not redone (use --force); an interrupted one is redone from scratch, and a run \
            left `running` by a killed process is reported and marked abandoned. A run that fails is recorded as \
            failed and the others still run; the exit status is non-zero if any failed. Several `cbir run` \
            processes may share one database and cache. Results go to the database; descriptors are cached by \
            content hash (each entry checksummed) so a rerun skips extraction (use --refresh-cache to recompute).
            """)

    @Argument(help: "Experiment configs (YAML).")
    var configs: [String]

    @OptionGroup var store: StoreOptions

    @Option(help: "Worker threads for extraction.")
    var threads: Int = 2

    @Flag(help: "Redo runs that are already complete (reading cached features).")
    var force = false

    @Flag(help: "Recompute cached features and trained models (vocabularies, whitening) instead of reading them.")
    var refreshCache = false

    @Option(help: "Refuse images with more pixels than this, before decoding (default: Pillow's limit, 89478485).")
    var maxPixels: Int?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override one config key, as if written in every config: key=value, the value in YAML (repeatable).",
        discussion: "e.g. --set descriptor.p=5 --set 'rerank=[{kind: aqe, k: 2}]'; the run's name gets [p=5]."))
    var overrides: [String] = []

    func validate() throws {
        if let maxPixels, maxPixels < 1 { throw ValidationError("--max-pixels must be at least 1 (got \(maxPixels)).") }
    }

    func run() throws {
        do {
            var workspace = store.workspace
            workspace.refreshCache = refreshCache
            let runner = try ExperimentRunner(workspace: workspace, threads: threads, force: force, pixelLimit: maxPixels)
            for run in runner.abandoned {
                FileHandle.standardError.write(Data(("warning: run \(run.id ?? -1) (\(run.experiment)) was left running by "
                    + "process \(run.pid.map(String.init) ?? "?") on \(run.host ?? "?"), which has ended; marked abandoned.\n").utf8))
            }
            let plans = try runner.plan(configs.map { URL(fileURLWithPath: $0) },
                                        overrides: try overrides.map(ConfigurationOverride.init(parsing:)))
            try runner.executeAll(plans) { plan, result in
                switch result {
                case .success(let summary): print(summary.table)
                case .failure(let error):
                    FileHandle.standardError.write(Data("error: \(plan.config.name): \(error)\n".utf8))
                }
            }
        } catch {
            throw fail(error)
        }
    }
}
