import Configuration
import Experiments
import Foundation
import Imaging
import Reports
import RetrievalCore
import ResultsStore
import Testing
import TestSupport

/// The whole spine on the generated dataset: config → run → SQLite → rerun (bit-identical, extraction skipped) →
/// report (byte-identical) → check (pass and fail) → failures recorded as failed.
@Suite(.serialized) struct EndToEndTests {
    static func config(root: String, name: String = "e2e") -> String {
        """
        name: \(name)
        dataset: {name: generated, root: \(root), protocol: ref}
        descriptor:
          kind: vlad
          image: {max_side: 240}
          features: {kind: rootsift, max_features: 400}
          vocabulary:
            k: 16
            training: {name: generated, root: \(root), protocol: ref}
            sample: 20000
            seed: 3
          intra_normalization: true
          power: 0.5
        evaluation: {ap: oxford, ks: [1, 5]}
        """
    }

    @Test func runRerunReportCheck() throws {
        let dir = try SharedData.temporaryDirectory("e2e")
        let workspace = Workspace(database: dir.appendingPathComponent("cbir.sqlite"), cache: dir.appendingPathComponent("cache"))
        let configURL = dir.appendingPathComponent("e2e.yaml")
        try Self.config(root: dir.appendingPathComponent("generated").path).write(to: configURL, atomically: true, encoding: .utf8)

        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        let plans = try runner.plan([configURL])
        #expect(plans.count == 1)
        let first = try runner.execute(plans[0])
        let map = try #require(first.metric("map"))
        #expect(map > 0.5, "mAP \(map) on the generated dataset")
        #expect(first.metrics.first { $0.name == "map" }?.count == 60)

        let store = try ResultsStore(path: workspace.database)
        let firstRows = try store.queryResults(runId: first.run.id!)
        #expect(firstRows.count == 60)

        // Same config again: reused without recomputation.
        #expect(try runner.execute(plans[0]).reused)
        // Forced: recomputed from the caches, bit-identical per-query AP, no image re-extracted.
        let forced = try ExperimentRunner(workspace: workspace, threads: 1, force: true).execute(plans[0])
        let again = try store.queryResults(runId: forced.run.id!)
        #expect(again.map { $0.ap?.bitPattern } == firstRows.map { $0.ap?.bitPattern })
        let timings = try store.timings(runId: forced.run.id!)
        #expect(timings.filter { $0.stage.hasPrefix("describe") && !$0.stage.hasSuffix("VLAD") }.allSatisfy { $0.items == 0 })
        #expect(try store.completeRuns().count == 1)

        // Report: byte-identical on a second generation.
        let specs = dir.appendingPathComponent("specs"), output = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try """
        title: End to end
        columns: [{metric: map, header: mAP}, {metric: success@1, header: top-1}]
        rows: [{experiment: e2e, name: VLAD, published: {map: 0.5}, source: "made up for the test"}]
        """.write(to: specs.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        _ = try Reporting.regenerate(specs: specs, output: output, database: workspace.database,
                                     currentRevision: Provenance.numbersRevision)
        let markdown = try Data(contentsOf: output.appendingPathComponent("t.md"))
        _ = try Reporting.regenerate(specs: specs, output: output, database: workspace.database,
                                     currentRevision: Provenance.numbersRevision)
        #expect(try Data(contentsOf: output.appendingPathComponent("t.md")) == markdown)
        let text = String(decoding: markdown, as: UTF8.self)
        // ‡: the vocabulary's fit set is the evaluated database itself (no query content): flagged.
        #expect(text.contains(String(format: "| VLAD | %.1f‡ | ", map * 100)), "\(text)")
        #expect(text.contains("| 50.0 |"))

        // Check: a baseline above the measured value fails, one below passes.
        let baselines = dir.appendingPathComponent("baselines")
        try FileManager.default.createDirectory(at: baselines, withIntermediateDirectories: true)
        let baselineFile = baselines.appendingPathComponent("e2e.yaml")
        try "experiment: e2e\nmetrics: [{metric: map, value: \(map - 0.001), tolerance: 0.005}]\n"
            .write(to: baselineFile, atomically: true, encoding: .utf8)
        #expect(try Reporting.check(baselines: baselines, database: workspace.database).allSatisfy { !$0.isFailure })
        try "experiment: e2e\nmetrics: [{metric: map, value: \(map + 0.02), tolerance: 0.005}]\n"
            .write(to: baselineFile, atomically: true, encoding: .utf8)
        #expect(try Reporting.check(baselines: baselines, database: workspace.database).allSatisfy(\.isFailure))
    }

    @Test func aCorruptImageFailsTheRunAndIsRecordedAsFailed() throws {
        let dir = try SharedData.temporaryDirectory("e2e-bad")
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // A manifest dataset whose query is a truncated JPEG.
        // Random 8×8 grey blocks: plenty of DoG blobs and corners.
        var random = SplitMix64(seed: 5)
        let blocks: [UInt8] = (0..<(20 * 15)).map { _ in UInt8(random.int(256)) }
        let pixels: [UInt8] = (0..<(160 * 120)).map { (i: Int) -> UInt8 in blocks[(i / 160 / 8) * 20 + (i % 160) / 8] }
        let texture = Image(width: 160, height: 120, channels: 1, pixels: pixels)
        try texture.pngData().write(to: data.appendingPathComponent("ref.png"))
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46]).write(to: data.appendingPathComponent("query.jpg"))
        try "image,object,role\nref.png,1,reference\nquery.jpg,1,query\n"
            .write(to: data.appendingPathComponent("groundtruth.csv"), atomically: true, encoding: .utf8)
        let config = """
        name: bad
        dataset: {name: manifest, root: \(data.path), protocol: ref}
        descriptor:
          kind: vlad
          vocabulary: {k: 4, training: {name: manifest, root: \(data.path), protocol: ref}}
        """
        let url = dir.appendingPathComponent("bad.yaml")
        try config.write(to: url, atomically: true, encoding: .utf8)
        let workspace = Workspace(database: dir.appendingPathComponent("db.sqlite"), cache: dir.appendingPathComponent("cache"))
        let runner = try ExperimentRunner(workspace: workspace)
        let plan = try runner.plan([url])[0]
        #expect(throws: (any Error).self) { try runner.execute(plan) }
        let runs = try ResultsStore(path: workspace.database).allRuns()
        #expect(runs.map(\.status) == [.failed])
        #expect(runs.first?.failure?.contains("query.jpg: the image is truncated or corrupt") == true,
                "\(runs.first?.failure ?? "no failure")")
    }

    /// In a batch, a failing run is recorded as failed and reported, the next run still completes, and the batch
    /// ends with one error naming the failed run.
    @Test func aFailedRunDoesNotStopTheBatch() throws {
        let dir = try SharedData.temporaryDirectory("e2e-batch")
        var random = SplitMix64(seed: 5)
        let blocks: [UInt8] = (0..<(20 * 15)).map { _ in UInt8(random.int(256)) }
        let pixels: [UInt8] = (0..<(160 * 120)).map { (i: Int) -> UInt8 in blocks[(i / 160 / 8) * 20 + (i % 160) / 8] }
        let texture = Image(width: 160, height: 120, channels: 1, pixels: pixels)
        // The good query: the texture shifted by 3 pixels (the same content as a training image is refused).
        let shifted = Image(width: 160, height: 120, channels: 1, pixels: (0..<(160 * 120)).map { pixels[($0 + 3) % (160 * 120)] })
        var urls: [URL] = []
        for (name, query) in [("bad", Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46])), ("good", try shifted.pngData())] {
            let data = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try texture.pngData().write(to: data.appendingPathComponent("ref.png"))
            try query.write(to: data.appendingPathComponent("query.img"))
            try "image,object,role\nref.png,1,reference\nquery.img,1,query\n"
                .write(to: data.appendingPathComponent("groundtruth.csv"), atomically: true, encoding: .utf8)
            let url = dir.appendingPathComponent("\(name).yaml")
            try """
            name: \(name)
            dataset: {name: manifest, root: \(data.path), protocol: ref}
            descriptor:
              kind: vlad
              vocabulary: {k: 4, training: {name: manifest, root: \(data.path), protocol: ref}}
            """.write(to: url, atomically: true, encoding: .utf8)
            urls.append(url)
        }
        let workspace = Workspace(database: dir.appendingPathComponent("db.sqlite"), cache: dir.appendingPathComponent("cache"))
        let runner = try ExperimentRunner(workspace: workspace)
        var reported: [String: Bool] = [:]
        #expect(throws: ExperimentError.runsFailed(failed: ["bad"], of: 2)) {
            try runner.executeAll(try runner.plan(urls)) { plan, result in
                if case .failure(let error) = result { print("\(plan.config.name): \(error)") }
                if case .success = result { reported[plan.config.name] = true } else { reported[plan.config.name] = false }
            }
        }
        #expect(reported == ["bad": false, "good": true])
        let runs = try ResultsStore(path: workspace.database).allRuns()
        #expect(runs.map(\.experiment) == ["bad", "good"] && runs.map(\.status) == [.failed, .complete])
    }

    @Test func anUnknownKeyIsOneErrorWithFileLineAndColumn() throws {
        let dir = try SharedData.temporaryDirectory("e2e-key")
        let url = dir.appendingPathComponent("typo.yaml")
        try Self.config(root: "/tmp/none").replacingOccurrences(of: "  power: 0.5", with: "  powr: 0.5")
            .write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try PlannedRun.plan([url])
            Issue.record("expected an error")
        } catch {
            let message = String(describing: error)
            #expect(message.contains("typo.yaml:13:3: descriptor.powr: unknown key"), "\(message)")
            #expect(message.contains("Did you mean 'power'?"), "\(message)")
        }
    }

    /// GeM on EfficientNet-Lite0 through the whole pipeline (skipped without the weights scripts/setup downloads).
    @Test func cnnDescriptorRunsEndToEndAndIsDeterministic() throws {
        let weights = CNNDescriptorEndToEndTests.weights
        guard FileManager.default.fileExists(atPath: weights.path) else { print("\(weights.path) not found; skipping"); return }
        let dir = try SharedData.temporaryDirectory("e2e-cnn")
        let root = dir.appendingPathComponent("generated").path
        let url = dir.appendingPathComponent("gem.yaml")
        try """
        name: gem
        dataset: {name: generated, root: \(root), protocol: ref}
        descriptor:
          kind: gem
          p: 3
          network: {architecture: efficientnet_lite0, weights: \(weights.path)}
          image: {size: 224}
        """.write(to: url, atomically: true, encoding: .utf8)
        let workspace = Workspace(database: dir.appendingPathComponent("db.sqlite"), cache: dir.appendingPathComponent("cache"))
        let plan = try PlannedRun.plan([url])[0]
        #expect(plan.config.label == "EffNetL0-GeM(p=3)@224 · exact")
        let first = try ExperimentRunner(workspace: workspace).execute(plan)
        let map = try #require(first.metric("map"))
        // Measured 0.145 (ImageNet features on synthetic textures at 224 px); chance is about 0.06 (1 positive in 80).
        #expect(map > 0.1, "mAP \(map)")
        let store = try ResultsStore(path: workspace.database)
        let rows = try store.queryResults(runId: first.run.id!)
        let again = try ExperimentRunner(workspace: workspace, force: true).execute(plan)
        #expect(try store.queryResults(runId: again.run.id!).map { $0.ap?.bitPattern } == rows.map { $0.ap?.bitPattern })
        #expect(first.run.libraryVersions.contains("onednn=2.6"))
        #expect(first.run.libraryVersions.contains("cnn-engine=conv=winograd3x3s1|direct residual=sum-post-op resnet=blocked"))
    }

    @Test func aGeMExponentMustBePositive() throws {
        let dir = try SharedData.temporaryDirectory("e2e-p")
        let url = dir.appendingPathComponent("p.yaml")
        try """
        name: bad-p
        dataset: {name: generated, root: \(dir.path), protocol: ref}
        descriptor:
          kind: gem
          p: -1
          network: {architecture: efficientnet_lite0, weights: /nonexistent.pth}
        """.write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try PlannedRun.plan([url])
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains("p.yaml:5:3: descriptor.p: p = -1.0 is not positive"), "\(error)")
        }
    }
}
