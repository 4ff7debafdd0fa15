import Datasets
import Foundation
import Testing
import TestSupport

@Suite struct GeneratedDatasetTests {
    @Test func isBitIdenticalAcrossRunsAndLoadsAsABenchmark() throws {
        var p = GeneratedDataset.Parameters()
        p.objects = 3; p.views = 2; p.distractors = 2; p.width = 96; p.height = 72
        let a = try SharedData.temporaryDirectory("gen"), b = try SharedData.temporaryDirectory("gen")
        try GeneratedDataset.write(to: a, parameters: p)
        try GeneratedDataset.write(to: b, parameters: p)
        let files = try FileManager.default.contentsOfDirectory(atPath: a.appendingPathComponent("images").path).sorted()
        #expect(files.count == 3 * 3 + 2)
        for f in files {
            #expect(FileManager.default.contents(atPath: a.appendingPathComponent("images/\(f)").path)
                    == FileManager.default.contents(atPath: b.appendingPathComponent("images/\(f)").path))
        }
        let manifest = try Manifest(dataset: "generated", root: a)
        let benchmark = try ManifestProtocol.ref.benchmark(name: "generated", root: a, manifest: manifest)
        #expect(benchmark.database.count == 5 && benchmark.queries.count == 6)
        #expect(benchmark.queries.allSatisfy { $0.judgement.positives.count == 1 })
        // A second write with the same parameters is skipped (the marker matches); changed parameters rewrite.
        let marker = try String(contentsOf: a.appendingPathComponent("COMPLETE"), encoding: .utf8)
        #expect(marker.hasPrefix("generated-v2 seed=2024 objects=3 views=2 distractors=2 96x72\n"))
    }
}
