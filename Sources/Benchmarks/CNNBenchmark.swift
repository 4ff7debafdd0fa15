import CNN
import Foundation

/// `cbir bench cnn`: the Swift engine against libtorch (Debian's python3-torch, TorchScript traced + frozen +
/// `optimize_for_inference`) on the same network, weights, input size and thread count, batch 1.
///
/// Each side runs in its own process, so its peak resident memory is its own: the python reference
/// (`scripts/cnn-reference-bench.py`) first, which also writes the seeded random weights, then `cbir bench cnn-case`,
/// which loads them. Times are medians over the timed runs after two warm-up runs: at least `iterations` runs and at
/// least `minimumSeconds` of them (fast networks get many runs; a few runs of a 10 ms network vary by ±10 %).
/// GFLOP counts every convolution and linear layer up to the stop layer (2 × multiply-accumulates of the direct
/// algorithm); the engine's GFLOP/s is given as a percentage of the machine's measured convolution peak
/// (`CNNRuntime.convolutionPeakGFLOPs`). Dense 3×3 stride-1 convolutions run as Winograd F(4×4, 3×3), which does
/// fewer multiplications than counted, so the percentage is of direct-algorithm work per second.
public enum CNNBenchmark {
    public struct Case: Sendable, Equatable {
        public var architecture: NetworkArchitecture
        public var layer: String
        public var height: Int
        public var width: Int

        public init(_ architecture: NetworkArchitecture, _ layer: String, height: Int, width: Int) {
            self.architecture = architecture; self.layer = layer; self.height = height; self.width = width
        }

        /// A case of an architecture given by its name (`vgg16`, `resnet50`, …).
        public init(named architecture: String, _ layer: String, height: Int, width: Int) throws {
            guard let a = NetworkArchitecture(rawValue: architecture) else {
                throw BenchmarkError.invalidArgument(key: "architecture", value: architecture,
                    expected: NetworkArchitecture.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.init(a, layer, height: height, width: width)
        }

        public var architectureName: String { architecture.rawValue }
        public var name: String { "\(architecture.rawValue) → \(layer) @ \(width)×\(height)" }
    }

    /// Issue 3's cases: VGG16 to conv5_3 and ResNet50 to layer4 at 1024×768, EfficientNet-Lite0 at 512 (×384).
    public static let standardCases = [
        Case(.vgg16, "conv5_3", height: 768, width: 1024),
        Case(.resnet50, "layer4", height: 768, width: 1024),
        Case(.efficientnetLite0, "features", height: 384, width: 512),
    ]

    /// One side's numbers for one case.
    public struct Measurement: Codable, Sendable {
        public var secondsPerImage: Double
        public var maxResidentMegabytes: Double
    }

    public struct Row: Sendable {
        public var benchCase: Case
        public var gflop: Double
        public var engine: Measurement
        public var libtorch: Measurement
    }

    public struct Result: Sendable {
        public var rows: [Row]
        public var threads: Int
        /// The timing rule: the median of at least `iterations` runs and at least `minimumSeconds` of them.
        public var iterations: Int
        public var minimumSeconds: Double
        public var peakGFLOPs: Double
        public var torchVersion: String
        public var oneDNNVersion: String

        /// A Markdown table: images/s of both, the speed-up, GFLOP/s as % of the conv peak, peak memory of both.
        public var report: String {
            var lines = [
                String(format: "CNN inference, batch 1, %d thread(s); median of ≥ %d timed runs and ≥ %.1f s per side "
                    + "after 2 warm-up runs; measured convolution peak %.1f GFLOP/s (oneDNN %@); libtorch = "
                    + "python3-torch %@ TorchScript (traced, frozen, optimize_for_inference).",
                    threads, iterations, minimumSeconds, peakGFLOPs, oneDNNVersion, torchVersion),
                "",
                "| network | GFLOP | cbir images/s | libtorch images/s | speed-up | cbir % of conv peak | cbir peak MB | libtorch peak MB |",
                "|---|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for r in rows {
                let ours = 1 / r.engine.secondsPerImage, theirs = 1 / r.libtorch.secondsPerImage
                lines.append(String(format: "| %@ | %.1f | %.3f | %.3f | %.2f× | %.0f%% | %.0f | %.0f |",
                                    r.benchCase.name, r.gflop, ours, theirs, ours / theirs,
                                    100 * r.gflop * ours / peakGFLOPs, r.engine.maxResidentMegabytes,
                                    r.libtorch.maxResidentMegabytes))
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Runs every case: the python reference, then `executable bench cnn-case …` in a child process.
    public static func run(_ cases: [Case], threads: Int, iterations: Int, minimumSeconds: Double,
                           weightsDirectory: URL, script: URL, executable: URL) throws -> Result {
        try FileManager.default.createDirectory(at: weightsDirectory, withIntermediateDirectories: true)
        var rows: [Row] = []
        var torchVersion = ""
        for c in cases {
            let checkpoint = weightsDirectory.appendingPathComponent("bench-\(c.architecture.rawValue)-seed0.pth")
            let reference = try runJSON("/usr/bin/python3", [script.path, c.architecture.rawValue, "\(c.height)",
                                                               "\(c.width)", "\(threads)", "\(iterations)", "\(minimumSeconds)",
                                                               checkpoint.path])
            guard let seconds = reference["seconds_per_image"] as? Double, let gflop = reference["gflop"] as? Double,
                  let rss = reference["max_rss_mb"] as? Double else {
                throw BenchmarkError.reference("\(script.path) printed no timing for \(c.name): \(reference)")
            }
            torchVersion = reference["torch"] as? String ?? "?"
            let engine = try runJSON(executable.path, ["bench", "cnn-case", "--architecture", c.architecture.rawValue,
                                                       "--layer", c.layer, "--height", "\(c.height)", "--width", "\(c.width)",
                                                       "--threads", "\(threads)", "--iterations", "\(iterations)",
                                                       "--minimum-seconds", "\(minimumSeconds)",
                                                       "--checkpoint", checkpoint.path])
            guard let ours = engine["secondsPerImage"] as? Double, let ourRSS = engine["maxResidentMegabytes"] as? Double else {
                throw BenchmarkError.reference("cbir bench cnn-case printed no timing for \(c.name): \(engine)")
            }
            rows.append(Row(benchCase: c, gflop: gflop,
                            engine: Measurement(secondsPerImage: ours, maxResidentMegabytes: ourRSS),
                            libtorch: Measurement(secondsPerImage: seconds, maxResidentMegabytes: rss)))
        }
        CNNRuntime.setThreads(threads)
        return Result(rows: rows, threads: threads, iterations: iterations, minimumSeconds: minimumSeconds,
                      peakGFLOPs: try CNNRuntime.convolutionPeakGFLOPs(),
                      torchVersion: torchVersion, oneDNNVersion: CNNRuntime.oneDNNVersion)
    }

    /// One case in this process: loads the checkpoint, two warm-up runs, the median of the timed runs (at least
    /// `iterations`, and at least `minimumSeconds` of them), and this process's peak resident memory.
    public static func measure(_ c: Case, checkpoint: URL, threads: Int, iterations: Int,
                               minimumSeconds: Double) throws -> Measurement {
        CNNRuntime.setThreads(threads)
        let network = try c.architecture.load(checkpoint: checkpoint)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let values = (0..<(3 * c.height * c.width)).map { _ -> Float in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Float(state % 2001) / 1000 - 1
        }
        let input = FeatureTensor(channels: 3, height: c.height, width: c.width, values: values)
        for _ in 0..<2 { _ = try network.forward(input, upTo: c.layer) }
        var times: [Double] = []
        while times.count < max(1, iterations) || times.reduce(0, +) < minimumSeconds {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try network.forward(input, upTo: c.layer)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Measurement(secondsPerImage: times.sorted()[times.count / 2],
                           maxResidentMegabytes: Double(usage.ru_maxrss) / 1024)
    }

    /// Runs a process and parses the JSON object on the last line of its standard output.
    static func runJSON(_ executable: String, _ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError  // warnings and errors pass through to the user
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0,
              let line = text.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw BenchmarkError.reference("\(executable) \(arguments.joined(separator: " ")) failed "
                + "with status \(process.terminationStatus) (its error output is above)")
        }
        return object
    }
}
