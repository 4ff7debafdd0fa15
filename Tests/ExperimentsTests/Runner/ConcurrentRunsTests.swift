import Foundation
import ResultsStore
import Testing
import TestSupport

/// Real `cbir run` processes at once on one fresh database, one cache and one generated dataset, with overlapping
/// configs (every config is run by two or three processes): all exit 0 and every config ends recorded exactly once,
/// complete.
@Suite(.serialized) struct ConcurrentRunsTests {
    /// The `cbir` executable built next to the test bundle (`swift build --build-tests` builds it).
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("cbir")
    }

    static func config(name: String, k: Int, root: String) -> String {
        """
        name: \(name)
        dataset: {name: generated, root: \(root), protocol: ref}
        descriptor:
          kind: vlad
          image: {max_side: 160}
          features: {kind: rootsift, max_features: 150}
          vocabulary:
            k: \(k)
            training: {name: generated, root: \(root), protocol: ref}
            sample: 5000
            seed: 1
          power: 0.5
        evaluation: {ap: oxford, ks: [1]}
        """
    }

    @Test func fourProcessesWithOverlappingConfigsEachRecordEveryRunOnce() throws {
        let cbir = Self.executable
        try #require(FileManager.default.isExecutableFile(atPath: cbir.path), "\(cbir.path) not built")
        let dir = try SharedData.temporaryDirectory("concurrent")
        let root = dir.appendingPathComponent("generated").path
        let configs = try [4, 6, 8].map { k -> String in
            let url = dir.appendingPathComponent("k\(k).yaml")
            try Self.config(name: "k\(k)", k: k, root: root).write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let batches = [[configs[0], configs[1]], [configs[1], configs[2]], [configs[2], configs[0]], configs]
        let database = dir.appendingPathComponent("cbir.sqlite"), cache = dir.appendingPathComponent("cache")
        let processes = try batches.map { batch -> (Process, Pipe) in
            let process = Process()
            process.executableURL = cbir
            process.arguments = ["run", "--database", database.path, "--cache", cache.path, "--threads", "1"] + batch
            process.currentDirectoryURL = dir
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return (process, err)
        }
        for (process, err) in processes {
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(process.arguments ?? []): \(stderr)")
        }
        let runs = try ResultsStore(path: database).allRuns()
        #expect(runs.map(\.status).allSatisfy { $0 == .complete }, "\(runs.map { ($0.experiment, $0.status, $0.failure) })")
        #expect(runs.map(\.experiment).sorted() == ["k4", "k6", "k8"])
        #expect(Set(runs.map(\.configHash)).count == 3)
    }
}

/// `cbir run --max-pixels`: an image over the limit fails the run with the decoder's message, before decoding it.
@Suite struct PixelLimitTests {
    @Test func theRunnerRefusesImagesOverTheConfiguredLimit() throws {
        let cbir = ConcurrentRunsTests.executable
        try #require(FileManager.default.isExecutableFile(atPath: cbir.path), "\(cbir.path) not built")
        let dir = try SharedData.temporaryDirectory("max-pixels")
        let url = dir.appendingPathComponent("p.yaml")
        try ConcurrentRunsTests.config(name: "p", k: 4, root: dir.appendingPathComponent("generated").path)
            .write(to: url, atomically: true, encoding: .utf8)
        let database = dir.appendingPathComponent("cbir.sqlite")
        let process = Process()
        process.executableURL = cbir
        process.arguments = ["run", "--database", database.path, "--cache", dir.appendingPathComponent("cache").path,
                             "--max-pixels", "1000", url.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("pixels exceed the limit of 1000 (Pillow's decompression-bomb limit)"), "\(stderr)")
        let runs = try ResultsStore(path: database).allRuns()
        #expect(runs.map(\.status) == [.failed] && runs[0].failure?.contains("exceed the limit of 1000") == true)
    }
}
