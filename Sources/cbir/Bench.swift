import ArgumentParser
import Benchmarks
import Datasets
import Experiments
import Foundation
import RetrievalCore

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (not tests), measured on this machine against a reference run side by side.",
        subcommands: [Retrieval.self, CNNInference.self, CNNCase.self, Reduction.self, Rerank.self], defaultSubcommand: Retrieval.self)

    struct Retrieval: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrieval", abstract: "Extraction images/s and exact search time against faiss.")

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

    /// `cbir bench reduction`: the learned reduction steps' fit times on seeded random data (no reference side:
    /// LAPACK and BLAS are the reference implementations themselves).
    struct Reduction: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit time of PCA / PCA-whitening (dsyrk + dsyev) on N×D and of large-margin SGD over a number of pairs.")

        @Option(help: "Training vectors N.")
        var vectors: Int = 100_000
        @Option(help: "Dimension D.")
        var dimension: Int = 2048
        @Option(help: "Output dimensions of the large-margin reduction.")
        var outputDimensions: Int = 128
        @Option(help: "SGD pairs.")
        var pairs: Int = 1_000_000
        @Option(help: "SGD mini-batch size (1 = the paper's plain SGD).")
        var batchSize: Int = 1

        func run() throws {
            do {
                print(Bench.machine)
                let pca = try ReductionBenchmark.pcaFitSeconds(vectors: vectors, dimension: dimension)
                print(String(format: "PCA fit %d × %d (covariance + dsyev): %.1f s", vectors, dimension, pca))
                let sgd = ReductionBenchmark.largeMarginSeconds(vectors: min(vectors, 20_000), dimension: dimension,
                                                                outputDimensions: outputDimensions, pairs: pairs,
                                                                batchSize: batchSize)
                print(String(format: "large-margin SGD %d → %d, %d pairs, batch %d: %.1f s", dimension, outputDimensions,
                             pairs, batchSize, sgd))
                let apply = try RerankBenchmark.applyLinearStep(vectors: vectors, dimension: dimension, output: outputDimensions)
                print(String(format: "apply a fitted %d → %d step to %d vectors: %.2f s (%.1f GB/s read + written)",
                             dimension, outputDimensions, vectors, apply.seconds, apply.gigabytesPerSecond))
            } catch {
                throw fail(error)
            }
        }
    }

    /// `machine: <CPU model>, <n> CPUs`, printed first by the benchmarks without a reference side.
    static var machine: String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("model name") }?.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) }
        return "machine: \(cpu ?? "unknown CPU"), \(ProcessInfo.processInfo.processorCount) CPUs"
    }

    /// `cbir bench rerank`: diffusion's offline graph and per-query cost next to the initial search.
    struct Rerank: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Diffusion: k-NN graph build time and memory on N synthetic vectors, per-query diffusion vs exact search.")

        @Option(help: "Database vectors N.")
        var vectors: Int = 100_000
        @Option(help: "Dimension D.")
        var dimension: Int = 512
        @Option(help: "Queries.")
        var queries: Int = 100
        @Option(help: "Graph neighbours k.")
        var k: Int = 50

        func run() throws {
            print(Bench.machine)
            print(RerankBenchmark.run(dimension: dimension, database: vectors, queries: queries, k: k).report)
        }
    }

    struct CNNInference: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cnn",
            abstract: "CNN inference images/s and peak memory against libtorch (python3-torch, TorchScript), same weights, sizes and threads.")

        @Option(help: "OpenMP threads on both sides.")
        var threads: Int = 2

        @Option(help: "Timed runs per network at least (after two warm-up runs); the median is reported.")
        var iterations: Int = 5

        @Option(help: "Seconds of timed runs per network at least (more runs than --iterations for fast networks).")
        var minimumSeconds: Double = 3

        @Option(help: "Only these architectures (comma-separated), from: vgg16, resnet50, efficientnet_lite0.")
        var only: String?

        @Option(help: "Where the seeded random benchmark weights are written.")
        var weights: String = "~/.cache/cbir/bench-weights"

        func run() throws {
            do {
                let names = only.map { Set($0.split(separator: ",").map(String.init)) }
                let cases = CNNBenchmark.standardCases.filter { names?.contains($0.architecture.rawValue) ?? true }
                let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                let script = URL(fileURLWithPath: "scripts/cnn-reference-bench.py")
                let result = try CNNBenchmark.run(cases, threads: threads, iterations: iterations,
                                                  minimumSeconds: minimumSeconds,
                                                  weightsDirectory: Workspace.resolve(weights), script: script,
                                                  executable: executable)
                print(result.report)
            } catch {
                throw fail(error)
            }
        }
    }

    /// One side of `bench cnn`, in its own process so its peak memory is its own; prints one JSON line.
    struct CNNCase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cnn-case", abstract: "(internal) Times one network in this process and prints JSON.",
            shouldDisplay: false)

        @Option var architecture: String
        @Option var layer: String
        @Option var height: Int
        @Option var width: Int
        @Option var threads: Int = 2
        @Option var iterations: Int = 5
        @Option var minimumSeconds: Double = 0
        @Option var checkpoint: String

        func run() throws {
            do {
                let m = try CNNBenchmark.measure(try CNNBenchmark.Case(named: architecture, layer, height: height, width: width),
                                                 checkpoint: URL(fileURLWithPath: checkpoint), threads: threads,
                                                 iterations: iterations, minimumSeconds: minimumSeconds)
                print(String(decoding: try JSONEncoder().encode(m), as: UTF8.self))
            } catch {
                throw fail(error)
            }
        }
    }
}
