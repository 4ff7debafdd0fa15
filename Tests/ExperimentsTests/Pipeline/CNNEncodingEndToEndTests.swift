import Experiments
import Foundation
import ResultsStore
import Testing
import TestSupport

/// `kind: blcf` and `kind: netvlad` through the whole pipeline on the generated dataset with the real
/// EfficientNet-Lite0 weights (skipped with a message when absent): the vocabulary is trained on the declared split,
/// runs are stored under their labels with every query scored; a forced rerun reuses the cached vocabulary and
/// per-image outputs.
@Suite(.serialized) struct CNNEncodingEndToEndTests {
    @Test func blcfAndNetVLADRunEndToEnd() throws {
        guard let (dir, root, workspace) = try CNNDescriptorEndToEndTests.setUp("e2e-cnn-encoding") else { return }
        let vocabulary = "vocabulary: {training: {name: generated, root: \(root), protocol: ref}, seed: 1, k: "
        // Chance AP is H(80)/80 ≈ 0.062 (see CNNDescriptorEndToEndTests). At 128 px the map has 4×4 positions, so BLCF
        // has 16 words per image over 80 database images; with the network as trained (TF 'SAME' padding) both sit at
        // about chance on these synthetic textures (measured 0.037 BLCF K=32, 0.064 NetVLAD K=8; 0.073 and 0.135 with
        // symmetric padding): this test checks the wiring and the caches, real photos measure the quality.
        let cases: [(String, String, String)] = [
            ("blcf", "kind: blcf\n\(vocabulary)32}", "EffNetL0-BLCF(K=32)@128 · exact"),
            ("netvlad", "kind: netvlad\n\(vocabulary)8}", "EffNetL0-NetVLAD(K=8)@128 · exact"),
        ]
        var urls = [URL]()
        for (name, descriptor, _) in cases {
            let url = dir.appendingPathComponent("\(name).yaml")
            try CNNDescriptorEndToEndTests.config(name, root: root, descriptor: descriptor)
                .write(to: url, atomically: true, encoding: .utf8)
            urls.append(url)
        }
        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        let plans = try runner.plan(urls)
        for (plan, (name, _, label)) in zip(plans, cases) {
            let summary = try runner.execute(plan)
            let map = try #require(summary.metric("map"))
            #expect(summary.run.label == label)
            #expect(map.isFinite && map > 0 && map < 1, "\(name): mAP \(map)")
            #expect(summary.metrics.first { $0.name == "map" }?.count == 60)
        }
        let forced = try ExperimentRunner(workspace: workspace, threads: 2, force: true).execute(plans[0])
        let timings = try ResultsStore(path: workspace.database).timings(runId: forced.run.id!)
        #expect(timings.filter { $0.stage.hasPrefix("describe") || $0.stage.hasPrefix("index") || $0.stage.hasPrefix("train") }
                    .allSatisfy { $0.items == 0 })
        #expect(!timings.contains { $0.stage.hasPrefix("k-means") })
    }
}
