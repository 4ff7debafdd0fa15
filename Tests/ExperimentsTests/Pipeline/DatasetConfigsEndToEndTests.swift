import Experiments
import Foundation
import Testing
import TestSupport

/// Every shipped config of the landmark, Holidays and UKBench benchmarks runs end to end on a miniature of its
/// dataset in the exact layout (`MiniatureDatasets`), so that a user's first run cannot fail on layout. Each config
/// is run as written except for the dataset roots and sizes, overridden through `extends` (the config loader's own
/// mechanism): roots point into the miniature folder, images are smaller, the vocabulary has K = 4.
@Suite(.serialized) struct DatasetConfigsEndToEndTests {
    static let datasets = ["oxford5k", "paris6k", "roxford5k", "rparis6k", "holidays", "ukbench"]

    /// The shipped configs of `datasets`, sorted.
    static func configs() throws -> [URL] {
        try datasets.flatMap { name in
            let folder = SharedData.repositoryRoot.appendingPathComponent("Configs/\(name)")
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
                .sorted().map { folder.appendingPathComponent($0) }
        }
    }

    /// The override of `config`: every `../shared/datasets/<name>` root replaced by the miniature's, smaller images.
    static func override(_ config: URL, miniature: URL) throws -> String {
        // The config's text followed by its bases' (`extends:`), so roots written in a base are found too.
        var text = try String(contentsOf: config, encoding: .utf8), current = text, file = config
        for _ in 0..<8 {
            guard let line = current.split(separator: "\n").first(where: { $0.hasPrefix("extends: ") }) else { break }
            file = file.deletingLastPathComponent().appendingPathComponent(String(line.dropFirst("extends: ".count)))
            current = try String(contentsOf: file, encoding: .utf8)
            text += "\n" + current
        }
        let roots = text.split(separator: "\n").compactMap { line -> String? in
            guard !line.contains("- {kind: "), let range = line.range(of: "root: ../shared/datasets/") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "," && $0 != "}" })
        }
        var yaml = "extends: \(config.path)\ndataset: {root: \(miniature.appendingPathComponent(roots[0]).path)}\n"
        if text.contains("kind: vlad") {
            yaml += """
            descriptor:
              image: {max_side: 256}
              features: {max_features: 300}
              vocabulary: {k: 4, sample: 5000, training: {root: \(miniature.appendingPathComponent(roots[1]).path)}}

            """
        } else {
            yaml += "descriptor: {image: {size: 224}}\n"
        }
        // Learned reduction steps: the same kinds, fitted on the miniature of their training dataset, at 4 dimensions
        // (a miniature has a handful of images) and few SGD pairs.
        let steps = text.split(separator: "\n").filter { $0.contains("- {kind: ") }
        if !steps.isEmpty {
            yaml += "reduction:\n" + steps.map { line -> String in
                guard let training = line.range(of: "training: {name: "), let root = line.range(of: "root: ../shared/datasets/") else {
                    return String(line) + "\n"
                }
                let kind = line[line.range(of: "kind: ")!.upperBound...].prefix { $0 != "," && $0 != "}" }
                let name = line[training.upperBound...].prefix { $0 != "," }
                let folder = line[root.upperBound...].prefix { $0 != "," && $0 != "}" }
                let sgd = kind == "large-margin" ? ", epochs: 1, pairs_per_epoch: 200" : ""
                return "  - {kind: \(kind), dims: 4\(sgd), training: {name: \(name), root: "
                    + "\(miniature.appendingPathComponent(String(folder)).path), protocol: standard}}\n"
            }.joined()
        }
        // Re-ranking sweeps: the same re-rankers with neighbourhoods a miniature's few images can hold.
        if text.contains("kind: diffusion") {
            yaml += "sweep:\n  rerank:\n" + [
                "[]", "[{kind: aqe, k: 1}]", "[{kind: alpha-qe, k: 1, alpha: 3}]", "[{kind: dba, k: 1}]",
                "[{kind: diffusion, k: 3, kq: 2}]", "[{kind: k-reciprocal, k1: 2, k2: 1, lambda: 0.3}]",
            ].map { "    - \($0)\n" }.joined()
        }
        return yaml
    }

    @Test func everyShippedConfigRunsOnItsMiniature() throws {
        let configs = try Self.configs()
        #expect(configs.count == 26)
        let dir = try SharedData.temporaryDirectory("dataset-configs")
        let miniature = dir.appendingPathComponent("datasets")
        guard try MiniatureDatasets.write(into: miniature) else { return }
        let weights = CNNDescriptorEndToEndTests.weights
        let workspace = Workspace(database: dir.appendingPathComponent("db.sqlite"), cache: dir.appendingPathComponent("cache"))
        let runner = try ExperimentRunner(workspace: workspace, threads: 2)
        var ran = 0, skipped = 0
        for config in configs {
            let text = try Self.override(config, miniature: miniature)
            if text.contains("size: 224"), !FileManager.default.fileExists(atPath: weights.path) {
                print("\(weights.path) not found; skipping \(config.lastPathComponent) of \(config.deletingLastPathComponent().lastPathComponent)")
                skipped += 1
                continue
            }
            let url = dir.appendingPathComponent("\(ran).yaml")
            try text.write(to: url, atomically: true, encoding: .utf8)
            let plans = try runner.plan([url])
            #expect(plans.count == (text.contains("kind: diffusion") ? 6 : 1))  // a re-ranking sweep: one run per re-ranker
            for plan in plans {
                let result = try runner.execute(plan)
                let dataset = plan.config.dataset.name
                #expect(plan.config.name.hasPrefix("\(dataset)/\(config.deletingPathExtension().lastPathComponent)"))
                #expect(result.metrics.first { $0.name == "map" }?.count == MiniatureDatasets.queries[dataset], "\(config.path)")
                let map = try #require(result.metric("map"))
                #expect(map > 0 && map <= 1, "\(config.path): mAP \(map)")
                print("\(plan.config.name) on its miniature: mAP \(map)")
            }
            ran += 1
        }
        #expect(ran + skipped == configs.count && ran >= 8)   // every RootSIFT-VLAD config runs without weights
    }

    /// The layout mistakes a first run makes fail that run with the dataset's error naming the fix: Oxford images
    /// one folder too deep, Holidays in `jpg/` (the unrotated originals), a query image missing.
    @Test func aWrongLayoutFailsTheRunNamingTheFix() throws {
        let dir = try SharedData.temporaryDirectory("dataset-configs-wrong")
        let miniature = dir.appendingPathComponent("datasets")
        guard try MiniatureDatasets.write(into: miniature) else { return }
        let fm = FileManager.default
        let oxford = miniature.appendingPathComponent("oxford5k/jpg")
        let nested = oxford.appendingPathComponent("oxbuild_images")
        try fm.createDirectory(at: nested, withIntermediateDirectories: true)
        for file in try fm.contentsOfDirectory(atPath: oxford.path) where file.hasSuffix(".jpg") {
            try fm.moveItem(at: oxford.appendingPathComponent(file), to: nested.appendingPathComponent(file))
        }
        let holidays = miniature.appendingPathComponent("holidays")
        try fm.moveItem(at: holidays.appendingPathComponent("jpg_rotated"), to: holidays.appendingPathComponent("jpg"))
        try fm.removeItem(at: miniature.appendingPathComponent("paris6k/jpg/paris_defense_000605.jpg"))
        let workspace = Workspace(database: dir.appendingPathComponent("db.sqlite"), cache: dir.appendingPathComponent("cache"))
        let runner = try ExperimentRunner(workspace: workspace)
        let cases = [
            ("oxford5k/vlad-rootsift-standard.yaml",
             "oxford5k: pitt_rivers_000033.jpg found in jpg/oxbuild_images/, a folder below jpg/"),
            ("holidays/vlad-rootsift-standard.yaml", "expected upright images in jpg_rotated/. Run `cbir datasets prepare holidays"),
            ("paris6k/vlad-rootsift-standard.yaml",
             "paris6k: defense_1_query.txt names paris_defense_000605, which is not in jpg/"),
        ]
        for (index, (config, message)) in cases.enumerated() {
            let url = dir.appendingPathComponent("\(index).yaml")
            let base = SharedData.repositoryRoot.appendingPathComponent("Configs/\(config)")
            try Self.override(base, miniature: miniature).write(to: url, atomically: true, encoding: .utf8)
            let plan = try runner.plan([url])[0]
            do {
                _ = try runner.execute(plan)
                Issue.record("\(config): expected the run to fail")
            } catch {
                #expect(String(describing: error).contains(message), "\(error)")
            }
        }
    }
}
