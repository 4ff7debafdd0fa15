@testable import Experiments
import Foundation
import ResultsStore
import Testing
import TestSupport

/// The re-rankers from YAML on the generated dataset (`all` over objects 1–10, every view querying the others;
/// RootSIFT-VLAD with a vocabulary from objects 11–20): each runs and chains, the transductive one is
/// recorded as such, and a k beyond the database is refused before any extraction.
@Suite(.serialized) struct RerankEndToEndTests {
    static func config(_ name: String, root: String, rerank: String) -> String {
        """
        name: \(name)
        dataset: {name: generated, root: \(root), protocol: all, objects: [1, 10]}
        descriptor:
          kind: vlad
          image: {max_side: 240}
          features: {max_features: 300}
          vocabulary: {k: 16, sample: 20000, seed: 3, training: {name: generated, root: \(root), protocol: all, objects: [11, 20]}}
        rerank: \(rerank)
        evaluation: {ap: oxford}
        """
    }

    @Test func everyReRankerRunsAndChains() throws {
        let dir = try SharedData.temporaryDirectory("rerank-e2e")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("generated").path
        let workspace = Workspace(database: dir.appendingPathComponent("cbir.sqlite"), cache: dir.appendingPathComponent("cache"))
        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        let cases: [(String, String, String)] = [
            ("none", "[]", "RootSIFT-VLAD(K=16, intra, α=0.5) · exact"),
            ("dba-aqe", "[{kind: dba, k: 2}, {kind: alpha-qe, k: 2}]",
             "RootSIFT-VLAD(K=16, intra, α=0.5) · exact · DBA(k=2) · αQE(k=2, α=3)"),
            ("diffusion", "[{kind: diffusion, k: 10, kq: 3}]",
             "RootSIFT-VLAD(K=16, intra, α=0.5) · exact · Diffusion(k=10, kq=3, γ=3, α=0.99)"),
            ("krr", "[{kind: k-reciprocal, k1: 6, k2: 2}]", "RootSIFT-VLAD(K=16, intra, α=0.5) · exact · kRR(k1=6, k2=2, λ=0.3)"),
            ("krr-joint", "[{kind: k-reciprocal, k1: 6, k2: 2, queries: joint}]",
             "RootSIFT-VLAD(K=16, intra, α=0.5) · exact · kRR(k1=6, k2=2, λ=0.3, joint)"),
        ]
        var maps: [String: Double] = [:]
        for (name, rerank, label) in cases {
            let url = dir.appendingPathComponent("\(name).yaml")
            try Self.config(name, root: root, rerank: rerank).write(to: url, atomically: true, encoding: .utf8)
            let plan = try runner.plan([url])[0]
            #expect(plan.config.label == label)
            let summary = try runner.execute(plan)
            maps[name] = try #require(summary.metric("map"))
            #expect(summary.run.isTransductive == (name == "krr-joint"), "\(name): \(summary.run.notes)")
            let timings = try ResultsStore(path: workspace.database).timings(runId: summary.run.id!)
            #expect(timings.filter { $0.stage.hasPrefix("rerank ") }.count == plan.config.rerank.count)
        }
        for (name, map) in maps { #expect(map > 0.5 && map <= 1, "\(name): mAP \(map)") }
    }

    @Test func aKBeyondTheDatabaseIsRefusedBeforeExtraction() throws {
        let dir = try SharedData.temporaryDirectory("rerank-e2e-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("generated").path
        let workspace = Workspace(database: dir.appendingPathComponent("cbir.sqlite"), cache: dir.appendingPathComponent("cache"))
        let url = dir.appendingPathComponent("bad.yaml")
        try Self.config("bad", root: root, rerank: "[{kind: diffusion, k: 500}]").write(to: url, atomically: true, encoding: .utf8)
        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        #expect(throws: ExperimentError.invalidValue(key: "rerank[0].k", value: "500",
                                                     expected: "at most 100: the database has 100 images")) {
            _ = try runner.execute(try runner.plan([url])[0])
        }
        // Nothing was extracted: the cache holds no local features.
        let local = workspace.cache.appendingPathComponent(Provenance.numbersRevision).appendingPathComponent("local")
        #expect(!FileManager.default.fileExists(atPath: local.path))
        try Self.config("bad", root: root, rerank: "[{kind: diffusion, alpha: 1}]").write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { _ = try runner.plan([url]) }
        do { _ = try runner.plan([url]) } catch {
            #expect(String(describing: error).contains("rerank[0].alpha: alpha = 1 is out of range; expected 0 < alpha < 1 (the paper uses 0.99)."),
                    "\(error)")
        }
    }

    /// Regional diffusion over EfficientNet-Lite0 R-MAC regions (the real weights; skipped without them), and its
    /// plan-time refusal after a descriptor without regions.
    @Test func regionalDiffusionRunsOnRMACRegions() throws {
        let weights = CNNDescriptorEndToEndTests.weights
        guard FileManager.default.fileExists(atPath: weights.path) else {
            print("\(weights.path) not found (scripts/setup fetches it); skipping regional diffusion"); return
        }
        let dir = try SharedData.temporaryDirectory("rerank-regional")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("generated").path
        let workspace = Workspace(database: dir.appendingPathComponent("cbir.sqlite"), cache: dir.appendingPathComponent("cache"))
        func config(_ kind: String) -> String {
            """
            name: regional-\(kind)
            dataset: {name: generated, root: \(root), protocol: all, objects: [1, 10]}
            descriptor:
              kind: \(kind)
              network: {architecture: efficientnet_lite0, weights: \(weights.path)}
              image: {size: 224}
            rerank: [{kind: diffusion, regional: true, k: 20, kq: 20}]
            """
        }
        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        let url = dir.appendingPathComponent("r.yaml")
        try config("rmac").write(to: url, atomically: true, encoding: .utf8)
        let plan = try runner.plan([url])[0]
        #expect(plan.config.label == "EffNetL0-R-MAC(L=3)@224 · exact · Diffusion(regional, k=20, kq=20, γ=3, α=0.99)")
        let summary = try runner.execute(plan)
        let map = try #require(summary.metric("map"))
        // ImageNet features at 224 px barely separate the generated textures (R-MAC alone: mAP 0.09); the semantics
        // are checked in DiffusionTests, here that the regions reach the re-ranker from the extraction cache.
        #expect(map > 0 && map <= 1, "mAP \(map)")
        let stages = try ResultsStore(path: workspace.database).timings(runId: summary.run.id!).map(\.stage)
        #expect(stages.contains("regions of the database") && stages.contains("regions of the queries"), "\(stages)")
        try config("gem").write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try runner.plan([url])
            Issue.record("regional diffusion after GeM was accepted")
        } catch {
            #expect(String(describing: error).contains(
                "rerank[0].regional: regional diffusion needs region vectors; EffNetL0-GeM(p=3)@224 has none; expected a "
                    + "descriptor with regions (kind: rmac), or regional: false."), "\(error)")
        }
    }
}
