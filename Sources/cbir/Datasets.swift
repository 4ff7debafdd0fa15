import ArgumentParser
import Datasets
import Foundation

/// `cbir datasets` — status, verify, prepare; parsing and printing only (the work is in `Datasets/Setup`).
struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "Which benchmarks are on this machine, where to get the others, and how to lay them out.",
        subcommands: [Status.self, Verify.self, Prepare.self],
        defaultSubcommand: Status.self)

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every benchmark with its status here, and where its authors publish the missing ones.")

        @Option(help: "The folder holding one root per dataset (<folder>/<name>/), as the shipped configs expect.")
        var datasets: String = "../shared/datasets"

        func run() throws {
            let folder = URL(fileURLWithPath: datasets)
            print(DatasetStatus.report(DatasetStatus.survey(datasets: folder), datasets: folder, displayPath: datasets),
                  terminator: "")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Counts and SHA-256 checksums of a dataset's image list and ground truth against the shipped values.")

        @Argument(help: "The dataset's catalog name (see `cbir datasets`).")
        var name: String

        @Option(help: "The dataset root.")
        var root: String

        func run() throws {
            do {
                let result = try DatasetVerification.verify(name: name, root: URL(fileURLWithPath: root))
                print(result.description, terminator: "")
                if !result.passed { throw ExitCode.failure }
            } catch let code as ExitCode {
                throw code
            } catch {
                throw fail(error)
            }
        }
    }

    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lay out the authors' archives (or extracted folders) as the suite reads them, linking, not copying.")

        @Argument(help: "The dataset's catalog name: oxford5k, roxford5k, paris6k, rparis6k, holidays, ukbench.")
        var name: String

        @Option(name: .customLong("from"), help: "An archive (.tgz, .tar.gz, .tar, .zip), a folder or a ground-truth file; repeat for each.")
        var sources: [String] = []

        @Option(help: "The dataset root to write (created if needed).")
        var root: String

        @Flag(help: "Holidays: the images are upright although the source is not named *rotated*.")
        var rotated = false

        func run() throws {
            do {
                let report = try DatasetPreparation.prepare(name: name, from: sources.map { URL(fileURLWithPath: $0) },
                                                            root: URL(fileURLWithPath: root), rotated: rotated)
                print(report.description, terminator: "")
                if !report.verification.passed { throw ExitCode.failure }
            } catch let code as ExitCode {
                throw code
            } catch {
                throw fail(error)
            }
        }
    }
}
