import Experiments
import Foundation
import ResultsStore
import Testing
import TestSupport

/// `kind: blcf` and `kind: netvlad` through the whole pipeline on the generated dataset with the real
/// EfficientNet-Lite0 weights (skipped with a message when absent): the vocabulary is trained on the declared split,
/// runs are stored under their labels and retrieve above chance; a forced rerun reuses the cached vocabulary and
/// per-image outputs.
@Suite(.serialized) struct CNNEncodingEndToEndTests {
    @Test func blcfAndNetVLADRunEndToEnd() throws {
        guard let (dir, root, workspace) = try CNNDescriptorEndToEndTests.setUp("e2e-cnn-encoding") else { return }
        let vocabulary = "vocabulary: {training: {name: generated, root: \(root), protocol: ref}, seed: 1, k: "
        // Chance AP is H(80)/80 ≈ 0.062 (see CNNDescriptorEndToEndTests). At 128 px the map has 4×4 positions, so BLCF
        // has 16 words per image over 80 database images — nearly every word is in many images and the idf is small:
        // measured mAP 0.073 (BLCF, K=32) and 0.135 (NetVLAD, K=8); the bounds sit just below the measurements.
        let cases: [(String, String, String, Double)] = [
            ("blcf", "kind: blcf\n\(vocabulary)32}", "EffNetL0-BLCF(K=32)@128 · exact", 0.068),
            ("netvlad", "kind: netvlad\n\(vocabulary)8}", "EffNetL0-NetVLAD(K=8)@128 · exact", 0.11),
        ]
        var urls = [URL]()
        for (name, descriptor, _, _) in cases {
            let url = dir.appendingPathComponent("\(name).yaml")
            try CNNDescriptorEndToEndTests.config(name, root: root, descriptor: descriptor)
                .write(to: url, atomically: true, encoding: .utf8)
            urls.append(url)
        }
        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        let plans = try runner.plan(urls)
        for (plan, (name, _, label, bound)) in zip(plans, cases) {
            let summary = try runner.execute(plan)
            let map = try #require(summary.metric("map"))
            #expect(summary.run.label == label)
            #expect(map > bound, "\(name): mAP \(map)")
        }
        let forced = try ExperimentRunner(workspace: workspace, threads: 2, force: true).execute(plans[0])
        let timings = try ResultsStore(path: workspace.database).timings(runId: forced.run.id!)
        #expect(timings.filter { $0.stage.hasPrefix("describe") || $0.stage.hasPrefix("index") || $0.stage.hasPrefix("train") }
                    .allSatisfy { $0.items == 0 })
        #expect(!timings.contains { $0.stage.hasPrefix("k-means") })
    }
}
