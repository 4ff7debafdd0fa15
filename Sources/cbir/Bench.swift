import ArgumentParser
import Datasets
import Experiments
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (not tests): extraction images/s and exact search time against faiss, on this machine.")

    @Option(help: "Dataset for extraction: a catalog name.")
    var dataset: String = "generated"

    @Option(help: "Its root (default: Results/cache/generated for the generated dataset).")
    var root: String = "Results/cache/generated"

    @Option(help: "Its protocol.")
    var `protocol`: String = "ref"

    @Option(help: "Images timed for extraction.")
    var images: Int = 60

    @Option(help: "Database size of the search benchmark.")
    var database: Int = 100_000

    @Option(help: "Descriptor dimension of the search benchmark.")
    var dimension: Int = 512

    @Option(help: "Worker threads.")
    var threads: Int = 2

    func run() throws {
        do {
            let benchmark = try DatasetCatalog.load(name: dataset, root: Workspace.resolve(root), protocolName: `protocol`)
            print(try ExtractionBenchmark.run(benchmark, limit: images, threads: Array(Set([1, threads])).sorted()).report)
            print(try SearchBenchmark.run(dimension: dimension, database: database, threads: threads).report)
        } catch {
            throw fail(error)
        }
    }
}
