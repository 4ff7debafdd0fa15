import ArgumentParser
import Experiments
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run experiments (each config, or each point of its sweep) and store per-query results.",
        discussion: """
            Every config is validated before anything is computed. A run already complete for the same config hash \
            and dataset identity is not redone (use --force); an interrupted one is redone from scratch. A run that \
            fails is recorded as failed and the others still run; the exit status is non-zero if any failed. \
            Results go to the database; descriptors are cached by content hash so a rerun skips extraction.
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

    func run() throws {
        do {
            var workspace = store.workspace
            workspace.refreshCache = refreshCache
            let runner = try ExperimentRunner(workspace: workspace, threads: threads, force: force)
            for run in runner.abandoned {
                FileHandle.standardError.write(Data(("warning: run \(run.id ?? -1) (\(run.experiment)) was left running by "
                    + "process \(run.pid.map(String.init) ?? "?") on \(run.host ?? "?"), which has ended; marked abandoned.\n").utf8))
            }
            let plans = try runner.plan(configs.map { URL(fileURLWithPath: $0) })
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
