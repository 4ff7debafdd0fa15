import ArgumentParser
import Experiments
import Reports
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
