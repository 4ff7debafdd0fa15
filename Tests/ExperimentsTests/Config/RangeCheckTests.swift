import Experiments
import Foundation
import ResultsStore
import Testing
import TestSupport

/// Every numeric key, set out of its declared range, is one clear `file:line:col: key.path: …; expected …` error at
/// plan time, before any run is recorded (the values that used to reach a `precondition` or be taken silently).
@Suite struct RangeCheckTests {
    static let vlad = """
    name: ranges
    dataset: {name: generated, root: generated, protocol: ref}
    descriptor:
      kind: vlad
      image:
        max_side: 320
      features:
        max_features: 500
        first_octave: 0
        peak_threshold: 0.01
        edge_threshold: 10
      vocabulary:
        k: 16
        training: {name: generated, root: generated, protocol: ref}
        sample: 5000
        iterations: 20
      power: 0.5
    reduction:
      - kind: power
        alpha: 0.5
    rerank:
      - kind: aqe
        k: 2
    evaluation:
      ks: [1, 5]
      store_top_k: 10

    """

    static let gem = """
    name: ranges-cnn
    dataset: {name: generated, root: generated, protocol: ref}
    descriptor:
      kind: crow
      a: 2
      b: 2
      network: {architecture: efficientnet_lite0, weights: w.pth}
      image:
        size: 224
        scales: [1]

    """

    static let gemWhitened = """
    name: ranges-gem
    dataset: {name: generated, root: generated, protocol: ref}
    descriptor:
      kind: gem
      p: 3
      network: {architecture: efficientnet_lite0, weights: w.pth}
      whitening:
        training: {name: generated, root: generated, protocol: ref}
        dims: 64

    """

    static let rmac = """
    name: ranges-rmac
    dataset: {name: generated, root: generated, protocol: ref}
    descriptor:
      kind: rmac
      levels: 3
      network: {architecture: efficientnet_lite0, weights: w.pth}

    """

    static let netvlad = """
    name: ranges-netvlad
    dataset: {name: generated, root: generated, protocol: ref}
    descriptor:
      kind: netvlad
      alpha: 10
      network: {architecture: efficientnet_lite0, weights: w.pth}
      vocabulary:
        k: 16
        training: {name: generated, root: generated, protocol: ref}

    """

    /// (line as written, its replacement, the message expected at that line:column).
    static let cases: [(String, String, String)] = [
        ("    max_side: 320", "    max_side: -1",
         "6:5: descriptor.image.max_side: max_side = -1 is out of range; expected 0 (original size) or 16 ≤ max_side ≤ 16384."),
        ("    max_features: 500", "    max_features: 0",
         "8:5: descriptor.features.max_features: max_features = 0 is out of range; expected 1 ≤ max_features ≤ 1000000."),
        ("    first_octave: 0", "    first_octave: -2",
         "9:5: descriptor.features.first_octave: first_octave = -2 is out of range; expected -1 ≤ first_octave ≤ 3 (−1 upsamples ×2)."),
        ("    peak_threshold: 0.01", "    peak_threshold: .nan",
         "10:5: descriptor.features.peak_threshold: peak_threshold = nan is out of range; expected 0 ≤ peak_threshold ≤ 1 (on [0,1] intensities)."),
        ("    edge_threshold: 10", "    edge_threshold: 0.5",
         "11:5: descriptor.features.edge_threshold: edge_threshold = 0.5 is out of range; expected 1 ≤ edge_threshold ≤ 1000 (Lowe's r; 10 in the paper)."),
        ("    k: 16", "    k: 0",
         "13:5: descriptor.vocabulary.k: k = 0 is out of range; expected 1 ≤ k ≤ 1048576 visual words."),
        ("    k: 16", "    k: -3",
         "13:5: descriptor.vocabulary.k: k = -3 is out of range; expected 1 ≤ k ≤ 1048576 visual words."),
        ("    sample: 5000", "    sample: 8",
         "15:5: descriptor.vocabulary.sample: sample = 8 is out of range; expected k ≤ sample ≤ 100000000 (at least one descriptor per word; k = 16)."),
        ("    iterations: 20", "    iterations: 0",
         "16:5: descriptor.vocabulary.iterations: iterations = 0 is out of range; expected 1 ≤ iterations ≤ 10000."),
        ("  power: 0.5", "  power: 0",
         "17:3: descriptor.power: power = 0 is out of range; expected 0 < power ≤ 1 (1 = none, 0.5 = signed square root)."),
        ("  power: 0.5", "  power: -1",
         "17:3: descriptor.power: power = -1 is out of range; expected 0 < power ≤ 1 (1 = none, 0.5 = signed square root)."),
        ("    alpha: 0.5", "    alpha: .inf",
         "20:5: reduction[0].alpha: alpha = inf is out of range; expected 0 < alpha ≤ 1 (1 = none, 0.5 = signed square root)."),
        ("    k: 2", "    k: -1",
         "23:5: rerank[0].k: k = -1 is out of range; expected 1 ≤ k ≤ 10000."),
        ("  ks: [1, 5]", "  ks: [1, 0]",
         "25:3: evaluation.ks: ks = [1, 0] is out of range; expected distinct cut-offs, each 1 ≤ k ≤ 100000."),
        ("  ks: [1, 5]", "  ks: [5, 5]",
         "25:3: evaluation.ks: ks = [5, 5] is out of range; expected distinct cut-offs, each 1 ≤ k ≤ 100000."),
        ("  store_top_k: 10", "  store_top_k: -1",
         "26:3: evaluation.store_top_k: store_top_k = -1 is out of range; expected 0 ≤ store_top_k ≤ 100000."),
    ]

    static let cnnCases: [(String, String, String)] = [
        ("  a: 2", "  a: .nan", "5:3: descriptor.a: a = nan is out of range; expected 0 < a ≤ 1000."),
        ("  b: 2", "  b: .inf", "6:3: descriptor.b: b = inf is out of range; expected 0 < b ≤ 1000."),
        ("    size: 224", "    size: 100000", "9:5: descriptor.image.size: 100000 px is too large; expected at most 8192."),
        ("    scales: [1]", "    scales: [1, .inf]", "10:5: descriptor.image.scales: [1, inf] is not a list of distinct positive scales; "
         + "expected e.g. [1, 0.7071, 1.4142], each giving at least 32 px."),
    ]

    static let gemCases: [(String, String, String)] = [
        ("  p: 3", "  p: 0", "5:3: descriptor.p: p = 0.0 is not positive; expected p > 0 (1 = average pooling, large p → max pooling)."),
        ("  p: 3", "  p: .inf", "5:3: descriptor.p: p = inf is too large; expected p ≤ 1000 (large p → max pooling; use `kind: mac` for p = ∞)."),
        ("    dims: 64", "    dims: 0", "9:5: descriptor.whitening.dims: 0 dimensions; expected at least 1 (or no `dims` to keep all)."),
    ]

    static let rmacCases: [(String, String, String)] = [
        ("  levels: 3", "  levels: 0", "5:3: descriptor.levels: L = 0; expected 1 ≤ levels ≤ 10 (the paper uses 3)."),
    ]

    static let netvladCases: [(String, String, String)] = [
        ("  alpha: 10", "  alpha: .nan", "5:3: descriptor.alpha: α = nan is not positive; expected α > 0 (or no `alpha` to initialise it from the training features)."),
        ("    k: 16", "    k: 1", "7:3: descriptor.vocabulary: K = 1 words; expected k ≥ 2 (the α initialisation compares the two nearest centres)."),
        ("    k: 16", "    k: 0", "8:5: descriptor.vocabulary.k: k = 0 is out of range; expected 1 ≤ k ≤ 1048576 visual words."),
    ]

    func message(_ text: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent("v.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try PlannedRun.plan([url])
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func everyNumericKeyOutOfRangeIsOneLocatedError() throws {
        let dir = try SharedData.temporaryDirectory("ranges")
        #expect(try message(Self.vlad, in: dir) == "no error")
        #expect(try message(Self.gem, in: dir) == "no error")
        for base in [Self.gemWhitened, Self.rmac, Self.netvlad] { #expect(try message(base, in: dir) == "no error") }
        for (base, cases) in [(Self.vlad, Self.cases), (Self.gem, Self.cnnCases), (Self.gemWhitened, Self.gemCases),
                              (Self.rmac, Self.rmacCases), (Self.netvlad, Self.netvladCases)] {
            for (line, replacement, expected) in cases {
                #expect(base.contains(line + "\n"), "\(line)")
                let text = base.replacingOccurrences(of: line + "\n", with: replacement + "\n")
                let got = try message(text, in: dir)
                #expect(got == dir.appendingPathComponent("v.yaml").path + ":" + expected, "\(replacement): \(got)")
            }
        }
    }

    /// The real command: `cbir run` on `vocabulary.k: 0` (which used to crash the runner with a precondition and
    /// leave the run `running`) exits 1 with the located error and records nothing.
    @Test func theRunnerRefusesBeforeRecordingARun() throws {
        let cbir = ConcurrentRunsTests.executable
        try #require(FileManager.default.isExecutableFile(atPath: cbir.path), "\(cbir.path) not built")
        let dir = try SharedData.temporaryDirectory("ranges-cli")
        let url = dir.appendingPathComponent("k0.yaml")
        try Self.vlad.replacingOccurrences(of: "    k: 16\n", with: "    k: 0\n").write(to: url, atomically: true, encoding: .utf8)
        let database = dir.appendingPathComponent("cbir.sqlite")
        let process = Process()
        process.executableURL = cbir
        process.arguments = ["run", "--database", database.path, "--cache", dir.appendingPathComponent("cache").path, url.path]
        process.currentDirectoryURL = dir
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("k0.yaml:13:5: descriptor.vocabulary.k: k = 0 is out of range"), "\(stderr)")
        #expect(try ResultsStore(path: database).allRuns().isEmpty)
    }
}
