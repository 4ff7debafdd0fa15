import Experiments
import Foundation
import ResultsStore
import Testing
import TestSupport

/// Learned reduction steps through the whole pipeline on the generated dataset (20 objects): evaluated on objects
/// 1–10, fitted on the object-disjoint half 11–20 (`all` protocol, so its ground truth gives matching pairs), the
/// model cached by content; a fit set with a query's content, or `dims` above what the step receives or the fit set's
/// rank, is refused — the last two before any extraction.
@Suite(.serialized) struct ReductionEndToEndTests {
    static func config(_ name: String, root: String, reduction: String, dataset: String = "objects: [1, 10]") -> String {
        """
        name: \(name)
        dataset: {name: generated, root: \(root), protocol: ref, \(dataset)}
        descriptor:
          kind: vlad
          image: {max_side: 160}
          features: {kind: rootsift, max_features: 150}
          vocabulary: {k: 4, training: {name: generated, root: \(root), protocol: ref, objects: [11, 20]}, sample: 3000, seed: 1}
          intra_normalization: true
          power: 0.5
        reduction:
        \(reduction.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        evaluation: {ap: oxford, ks: [1]}
        """
    }

    @Test func learnedStepsRunOnAnObjectDisjointHalf() throws {
        let dir = try SharedData.temporaryDirectory("e2e-reduction")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("generated").path
        let workspace = Workspace(database: dir.appendingPathComponent("cbir.sqlite"), cache: dir.appendingPathComponent("cache"))
        let training = "training: {name: generated, root: \(root), protocol: all, objects: [11, 20]}"
        let cases: [(String, String, String)] = [
            ("pcaw", "- {kind: pca-whitening, dims: 16, \(training)}\n- {kind: l2}",
             "RootSIFT-VLAD(K=4, intra, α=0.5) · PCAw16[generated all objects 11–20] · L2 · exact"),
            ("lw", "- {kind: pca, dims: 24, \(training)}\n- {kind: learned-whitening, dims: 8, \(training)}\n- {kind: l2}",
             "RootSIFT-VLAD(K=4, intra, α=0.5) · PCA24[generated all objects 11–20] · LW8[generated all objects 11–20] · L2 · exact"),
            ("lm", "- {kind: large-margin, dims: 8, epochs: 3, pairs_per_epoch: 2000, seed: 2, \(training)}\n- {kind: l2}",
             "RootSIFT-VLAD(K=4, intra, α=0.5) · LM8[generated all objects 11–20] · L2 · exact"),
        ]
        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        for (name, reduction, label) in cases {
            let url = dir.appendingPathComponent("\(name).yaml")
            try Self.config(name, root: root, reduction: reduction).write(to: url, atomically: true, encoding: .utf8)
            let plan = try runner.plan([url])[0]
            #expect(plan.config.label == label)
            let summary = try runner.execute(plan)
            let map = try #require(summary.metric("map"))
            #expect(map.isFinite && map > 0 && map <= 1, "\(name): mAP \(map)")
            #expect(summary.metrics.first { $0.name == "map" }?.count == 30)  // 10 objects × 3 views
            let timings = try ResultsStore(path: workspace.database).timings(runId: summary.run.id!)
            #expect(timings.contains { $0.stage.hasPrefix("fit ") }, "\(name): no fit")
            // The fit set is recorded; it shares its distractors with the evaluated database: flagged.
            #expect(summary.run.notes.contains("fit set reduction[0].training: generated all objects 11–20, 100 images, identity "),
                    "\(summary.run.notes)")
            #expect(summary.run.fitSetSharesDatabase)
            // Forced: the model comes from the cache, the numbers are bit-identical.
            let forced = try ExperimentRunner(workspace: workspace, threads: 2, force: true).execute(plan)
            #expect(forced.metric("map")?.bitPattern == map.bitPattern)
            let again = try ResultsStore(path: workspace.database).timings(runId: forced.run.id!)
            #expect(!again.contains { $0.stage.hasPrefix("fit ") }, "\(name): refitted")
        }
    }

    @Test func badStepsAreRefusedBeforeExtraction() throws {
        let dir = try SharedData.temporaryDirectory("e2e-reduction-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("generated").path
        let workspace = Workspace(database: dir.appendingPathComponent("cbir.sqlite"), cache: dir.appendingPathComponent("cache"))
        func error(_ reduction: String, dataset: String = "objects: [1, 10]") throws -> String {
            let url = dir.appendingPathComponent("bad.yaml")
            try Self.config("bad", root: root, reduction: reduction, dataset: dataset).write(to: url, atomically: true, encoding: .utf8)
            do {
                let runner = try ExperimentRunner(workspace: workspace, threads: 2)
                _ = try runner.execute(try runner.plan([url])[0])
                return "no error"
            } catch {
                return String(describing: error)
            }
        }
        // VLAD with K = 4 is 512-D: at plan time.
        #expect(try error("- {kind: pca, dims: 600, training: {name: generated, root: \(root), protocol: all}}")
                    .contains("reduction[0].dims: 600 dimensions, but the step receives 512 (RootSIFT-VLAD(K=4, intra, α=0.5)); expected at most 512."))
        // The fit set's rank: 10 objects × 3 images + 60 distractors = 90 images at most rank 89 — before extraction.
        let rank = try error("- {kind: pca, dims: 100, training: {name: generated, root: \(root), protocol: all, objects: [11, 20]}}")
        #expect(rank.contains("reduction[0].dims") && rank.contains("covariance has rank at most"), "\(rank)")
        // A fit set holding the queries' images.
        let leak = try error("- {kind: pca, dims: 8, training: {name: generated, root: \(root), protocol: all, objects: [1, 20]}}")
        #expect(leak.contains("reduction[0].training"), "\(leak)")
        let store = try ResultsStore(path: workspace.database)
        #expect(try store.allRuns().allSatisfy { $0.status != .running })
    }
}
