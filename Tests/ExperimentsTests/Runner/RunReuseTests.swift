import Configuration
import Experiments
import Foundation
import ResultsStore
import Testing
import TestSupport

/// A stored run is reused only under the same decoded config (defaults filled in), files, dataset and revision of the
/// code that decides the numbers — never across code that computes it differently.
@Suite(.serialized) struct RunReuseTests {
    static func config(root: String, spelledOut: Bool = false) -> String {
        """
        name: reuse
        dataset: {name: generated, root: \(root), protocol: ref}
        descriptor:
          kind: vlad
          image: {max_side: 160\(spelledOut ? ", filter: bilinear-antialias, exif: apply" : "")}
          features: {kind: rootsift, max_features: 200}
          vocabulary:
            k: 8
            training: {name: generated, root: \(root), protocol: ref}
            sample: 5000
            seed: 3
          intra_normalization: true
          power: 0.5
        evaluation: {ap: oxford, ks: [1]}
        """
    }

    @Test func aDefaultSpelledOutIsTheSameRunAndAnotherRevisionIsNot() throws {
        let dir = try SharedData.temporaryDirectory("reuse")
        defer { try? FileManager.default.removeItem(at: dir) }
        let workspace = Workspace(database: dir.appendingPathComponent("cbir.sqlite"), cache: dir.appendingPathComponent("cache"))
        let root = dir.appendingPathComponent("generated").path
        let terse = dir.appendingPathComponent("terse.yaml"), verbose = dir.appendingPathComponent("verbose.yaml")
        try Self.config(root: root).write(to: terse, atomically: true, encoding: .utf8)
        try Self.config(root: root, spelledOut: true).write(to: verbose, atomically: true, encoding: .utf8)
        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        let plans = try runner.plan([terse, verbose])
        // The YAML texts differ; what the runs compute does not.
        #expect(plans[0].resolved.canonicalText != plans[1].resolved.canonicalText)
        #expect(plans[0].configHash == plans[1].configHash)

        // A database filled by earlier code: a complete run of the same config and dataset under another revision.
        let first = try runner.execute(plans[0])
        #expect(!first.reused && first.run.numbersRevision != "unknown" && !first.run.numbersRevision.isEmpty)
        let store = try ResultsStore(path: workspace.database)
        var earlier = first.run
        earlier.id = nil
        earlier.numbersRevision = "0123456789abcdef"
        let earlierId = try store.beginRun(earlier)
        try store.completeRun(id: earlierId, endedAt: "t", queries: [], metrics: [], timings: [])

        // Same revision: reused, also through the config that spells out the defaults.
        #expect(try runner.execute(plans[1]).reused)
        // The earlier revision's run is neither reused nor deleted by a recomputation.
        #expect(try store.completeRun(configHash: plans[0].configHash, datasetIdentity: first.run.datasetIdentity,
                                      numbersRevision: "0123456789abcdef")?.id == earlierId)
        let forced = try ExperimentRunner(workspace: workspace, threads: 2, force: true).execute(plans[0])
        #expect(!forced.reused && forced.run.numbersRevision == first.run.numbersRevision)
        #expect(try store.completeRuns().map(\.numbersRevision).sorted() == [first.run.numbersRevision, "0123456789abcdef"].sorted())
    }
}
