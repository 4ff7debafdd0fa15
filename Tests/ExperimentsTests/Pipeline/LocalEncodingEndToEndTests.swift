import Configuration
@testable import Experiments
import Foundation
import ResultsStore
import RetrievalCore
import Testing
import TestSupport

/// The local-feature family reachable from YAML, on the generated dataset: VLAD on DoG and on Hessian-affine
/// RootSIFT, BoVW with exact and kd-forest assignment, Fisher vectors, and α-QE after VLAD.
@Suite(.serialized) struct LocalEncodingEndToEndTests {
    static func config(_ name: String, root: String, descriptor: String, rerank: String = "", k: Int = 16) -> String {
        """
        name: \(name)
        dataset: {name: generated, root: \(root), protocol: ref}
        descriptor:
        \(descriptor.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
          image: {max_side: 240}
          vocabulary:
            k: \(k)
            training: {name: generated, root: \(root), protocol: ref}
            sample: 20000
            seed: 3
        \(rerank)
        evaluation: {ap: oxford}
        """
    }

    /// Runs each (name, descriptor, rerank) and returns per-query AP by name.
    static func run(_ cases: [(String, String, String)]) throws -> [String: [Double?]] {
        let dir = try SharedData.temporaryDirectory("local-encodings")
        let root = dir.appendingPathComponent("generated").path
        let workspace = Workspace(database: dir.appendingPathComponent("cbir.sqlite"), cache: dir.appendingPathComponent("cache"))
        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        let store = try ResultsStore(path: workspace.database)
        var results: [String: [Double?]] = [:]
        for (name, descriptor, rerank) in cases {
            let url = dir.appendingPathComponent("\(name).yaml")
            // BoVW needs a vocabulary of hundreds of words to discriminate; the aggregating encodings work with 16.
            let k = descriptor.hasPrefix("kind: bovw") ? 512 : 16
            try config(name, root: root, descriptor: descriptor, rerank: rerank, k: k)
                .write(to: url, atomically: true, encoding: .utf8)
            let summary = try runner.execute(try runner.plan([url])[0])
            results[name] = try store.queryResults(runId: summary.run.id!).map(\.ap)
        }
        return results
    }

    static func map(_ aps: [Double?]?) -> Double {
        let values = (aps ?? []).compactMap { $0 }
        return values.reduce(0, +) / Double(max(values.count, 1))
    }

    @Test func everyEncodingRunsAndTheEquivalencesHold() throws {
        let results = try Self.run([
            ("vlad", "kind: vlad\nfeatures: {max_features: 300}", ""),
            ("vlad-hesaff", "kind: vlad\nfeatures: {detector: hessian-affine, max_features: 300}", ""),
            ("bovw", "kind: bovw\nfeatures: {max_features: 300}", ""),
            ("bovw-kd", "kind: bovw\nassigner: kd-forest\ntrees: 2\nchecks: 0\nfeatures: {max_features: 300}", ""),
            ("fisher", "kind: fisher\nfeatures: {max_features: 300}", ""),
            ("vlad-aqe", "kind: vlad\nfeatures: {max_features: 300}", "rerank: [{kind: aqe, k: 2}]"),
            ("vlad-aqe0", "kind: vlad\nfeatures: {max_features: 300}", "rerank: [{kind: alpha-qe, k: 2, alpha: 0}]"),
            ("vlad-aqe3", "kind: vlad\nfeatures: {max_features: 300}", "rerank: [{kind: alpha-qe, k: 2}]"),
        ])
        for (name, aps) in results.sorted(by: { $0.key < $1.key }) {
            #expect(aps.count == 60, "\(name)")
            // Planar textured objects under viewpoint change: every local encoding retrieves most positives.
            #expect(Self.map(aps) > 0.5, "\(name): mAP \(Self.map(aps))")
        }
        // kd-forest assignment with unlimited checks is exact nearest-centre assignment.
        #expect(results["bovw-kd"]!.map { $0?.bitPattern } == results["bovw"]!.map { $0?.bitPattern })
        // α-QE with α = 0 is AQE, bit for bit.
        #expect(results["vlad-aqe0"]!.map { $0?.bitPattern } == results["vlad-aqe"]!.map { $0?.bitPattern })
        #expect(results["vlad-aqe3"]!.map { $0?.bitPattern } != results["vlad"]!.map { $0?.bitPattern })
    }

    @Test func labelsNameTheDetectorEncodingAndAssigner() throws {
        let root = "/nonexistent"
        func label(_ descriptor: String, rerank: String = "") throws -> String {
            let text = Self.config("l", root: root, descriptor: descriptor, rerank: rerank)
            return try ConfigurationLoader.decodeYAML(ExperimentConfig.self, text, file: "l.yaml").label
        }
        #expect(try label("kind: vlad") == "RootSIFT-VLAD(K=16, intra, α=0.5) · exact")
        #expect(try label("kind: vlad\nfeatures: {detector: hessian-affine, kind: sift}") == "HesAff-SIFT-VLAD(K=16, intra, α=0.5) · exact")
        #expect(try label("kind: bovw\nassigner: kd-forest") == "RootSIFT-BoVW(K=16, tf-idf, kd-forest(trees=4, checks=512)) · exact")
        #expect(try label("kind: fisher") == "RootSIFT-FV(K=16, improved) · exact")
        #expect(try label("kind: vlad", rerank: "rerank: [{kind: alpha-qe, k: 3}]") == "RootSIFT-VLAD(K=16, intra, α=0.5) · exact · αQE(k=3, α=3)")
        func message(_ descriptor: String) -> String {
            do { return try label(descriptor) } catch { return String(describing: error) }
        }
        // `trees` applies to the kd-forest assigner only.
        #expect(message("kind: bovw\ntrees: 4").contains(
            "descriptor.trees: key 'trees' does not apply here; remove it. Used here: kind, image, features, vocabulary, assigner."))
        #expect(message("kind: vlad\nfeatures: {kind: rootsfit}").contains(
            "descriptor.features.kind: unknown local descriptor 'rootsfit'. Did you mean 'rootsift'? Known: rootsift, sift."))
    }
}
