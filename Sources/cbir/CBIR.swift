import ArgumentParser
import Experiments
import Foundation

/// `cbir` — parsing and printing only; the work is done by the Experiments, Reports and CNN targets.
@main
struct CBIR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cbir",
        abstract: "A reproducible benchmark suite for content-based image retrieval.",
        subcommands: [Run.self, Merge.self, Report.self, Compare.self, Export.self, Check.self, Bench.self, Inspect.self, DatasetsCommand.self])
}

/// Options shared by the commands that touch the results database and caches.
struct StoreOptions: ParsableArguments {
    @Option(help: "The results database.")
    var database: String = "Results/cbir.sqlite"

    @Option(help: "The descriptor / vocabulary / generated-dataset cache directory.")
    var cache: String = "Results/cache"

    var workspace: Workspace {
        Workspace(database: URL(fileURLWithPath: database), cache: URL(fileURLWithPath: cache))
    }
}

/// Prints an error's description (not Swift's debug form) and exits non-zero.
func fail(_ error: any Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(String(describing: error))\n".utf8))
    return ExitCode.failure
}
