import ArgumentParser
import Configuration
import Experiments
import ResultsStore
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

    @Option(help: "Run only the run with this index (0-based, in plan order over all configs and sweep points): a Slurm array task.")
    var runIndex: Int?

    @OptionGroup(title: "Slurm") var slurm: SlurmOptions

    func validate() throws {
        if let maxPixels, maxPixels < 1 { throw ValidationError("--max-pixels must be at least 1 (got \(maxPixels)).") }
        if let runIndex, runIndex < 0 { throw ValidationError("--run-index must be at least 0 (got \(runIndex)).") }
        if slurm.dryRun && !slurm.slurm { throw ValidationError("--dry-run applies to --slurm.") }
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
            var plans = try runner.plan(configs.map { URL(fileURLWithPath: $0) },
                                        overrides: try overrides.map(ConfigurationOverride.init(parsing:)))
            if slurm.slurm {
                try slurm.submit(configs: configs, overrides: overrides, runs: plans.count, workspace: workspace)
                return
            }
            if let runIndex {
                guard runIndex < plans.count else {
                    throw ValidationError("--run-index \(runIndex): the configs plan \(plans.count) run(s) (0…\(plans.count - 1)).")
                }
                plans = [plans[runIndex]]
            }
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

/// `cbir run --slurm`: the runs as a Slurm job array plus a merge job (`SlurmSubmission`).
struct SlurmOptions: ParsableArguments {
    @Flag(help: "Submit the runs as a Slurm job array (one task per run) and a dependent job merging their databases.")
    var slurm = false
    @Flag(help: "With --slurm: print the scripts instead of submitting them.")
    var dryRun = false
    @Option(help: "CPUs per task (also the task's --threads).")
    var cpus = 2
    @Option(help: "Memory per task (sbatch --mem).")
    var mem = "4G"
    @Option(help: "Time limit per task (sbatch --time).")
    var time = "02:00:00"
    @Option(help: "Slurm partition.")
    var partition: String?
    @Option(help: "Slurm account.")
    var account: String?
    @Option(help: "Folder of the scripts, task databases and logs (default: Results/slurm/<date-time>).")
    var slurmFolder: String?
    @Flag(help: "Accept a node-local filesystem (tmpfs) for the shared paths: a single-node cluster.")
    var allowLocalFilesystem = false

    func submit(configs: [String], overrides: [String], runs: Int, workspace: Workspace) throws {
        var resources = SlurmSubmission.Resources()
        resources.cpus = cpus
        resources.memory = mem
        resources.time = time
        resources.partition = partition
        resources.account = account
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let submission = SlurmSubmission(
            executable: URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: cwd).resolvingSymlinksInPath(),
            workingDirectory: cwd, configs: configs.map { URL(fileURLWithPath: $0, relativeTo: cwd).path },
            overrides: overrides, runs: runs, database: URL(fileURLWithPath: workspace.database.path, relativeTo: cwd),
            cache: URL(fileURLWithPath: workspace.cache.path, relativeTo: cwd),
            folder: URL(fileURLWithPath: slurmFolder ?? "Results/slurm/\(stamp)", relativeTo: cwd), resources: resources)
        try submission.checkSharedFilesystems(allowLocal: allowLocalFilesystem)
        if dryRun {
            print("# \(submission.folder.path)/array.sh\n\(submission.arrayScript)")
            print("# \(submission.folder.path)/merge.sh\n\(submission.mergeScript)")
            print("# sbatch --parsable \(submission.folder.path)/array.sh")
            print("# sbatch --parsable --dependency=afterok:<array job> \(submission.folder.path)/merge.sh")
            return
        }
        let jobs = try submission.submit()
        print("submitted \(runs) run(s) as array job \(jobs.array) and merge job \(jobs.merge) "
              + "(afterok) into \(submission.folder.path); results merge into \(workspace.database.path)")
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the finished runs of other results databases (Slurm tasks, other machines) into one, idempotently.")

    @Argument(help: "Databases to merge from.")
    var sources: [String]

    @Option(help: "The results database merged into (created if missing).")
    var database: String = "Results/cbir.sqlite"

    func run() throws {
        do {
            let target = try ResultsStore(path: URL(fileURLWithPath: database))
            for source in sources {
                print("\(source): \(try target.merge(from: URL(fileURLWithPath: source)))")
            }
        } catch {
            throw fail(error)
        }
    }
}
