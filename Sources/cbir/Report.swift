import ArgumentParser
import Experiments
import Reports
import ResultsStore
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regenerate Reports/*.md and Reports/*.csv from the results database (byte-identical when unchanged).")

    @Option(help: "Directory of table specs (YAML).")
    var specs: String = "Reports/specs"

    @Option(help: "Directory the tables are written to.")
    var output: String = "Reports"

    @Option(help: "The results database.")
    var database: String = "Results/cbir.sqlite"

    func run() throws {
        do {
            let files = try Reporting.regenerate(specs: URL(fileURLWithPath: specs), output: URL(fileURLWithPath: output),
                                                 database: URL(fileURLWithPath: database),
                                                 currentRevision: Provenance.numbersRevision)
            for file in files { print(file.relativePath) }
        } catch {
            throw fail(error)
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the latest results with the committed baselines; exit non-zero on a regression.")

    @Option(help: "Directory of baselines (YAML).")
    var baselines: String = "Results/baselines"

    @Option(help: "The results database.")
    var database: String = "Results/cbir.sqlite"

    func run() throws {
        let outcomes: [Baseline.Outcome]
        do {
            outcomes = try Reporting.check(baselines: URL(fileURLWithPath: baselines), database: URL(fileURLWithPath: database))
        } catch {
            throw fail(error)
        }
        for outcome in outcomes { print(outcome) }
        let failures = outcomes.filter(\.isFailure).count
        print(failures == 0 ? "check: \(outcomes.count) expectation(s) met" : "check: \(failures) of \(outcomes.count) failed")
        if failures > 0 { throw ExitCode.failure }
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two runs on the same queries: per-query AP gains and losses, a paired randomisation test and a bootstrap CI of the mAP difference.")

    @Argument(help: "Run A: a run id or an experiment name (its latest complete run).")
    var a: String
    @Argument(help: "Run B.")
    var b: String

    @Option(help: "The results database.")
    var database: String = "Results/cbir.sqlite"
    @Option(help: "Random sign flips of the randomisation test (and bootstrap resamples).")
    var permutations: Int = 10_000
    @Option(help: "Seed of both.")
    var seed: UInt64 = 0
    @Option(help: "Largest gains and losses listed.")
    var extremes: Int = 10

    func validate() throws {
        if permutations < 1 { throw ValidationError("--permutations must be at least 1 (got \(permutations)).") }
    }

    func run() throws {
        do {
            let store = try ResultsStore.existing(at: URL(fileURLWithPath: database))
            print(try RunComparison.markdown(a, b, store: store, permutations: permutations, resamples: permutations,
                                             seed: seed, extremes: extremes), terminator: "")
        } catch {
            throw fail(error)
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a run's record, per-query results (CSV, JSON Lines) and stored rankings into a folder.")

    @Argument(help: "A run id or an experiment name (its latest complete run).")
    var name: String

    @Option(help: "The folder written (created if missing).")
    var to: String

    @Option(help: "The results database.")
    var database: String = "Results/cbir.sqlite"

    func run() throws {
        do {
            let store = try ResultsStore.existing(at: URL(fileURLWithPath: database))
            for file in try RunExport.export(name, store: store, to: URL(fileURLWithPath: to)) { print(file.relativePath) }
        } catch {
            throw fail(error)
        }
    }
}
