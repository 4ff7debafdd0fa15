import Foundation
@testable import Serialization
import Testing
import TestSupport

/// Every input kept by `scripts/fuzz` (text seeds in Fuzz/corpus, crashes and hangs found in Fuzz/regressions) goes through
/// its reader again: each must end in a value or a thrown error, never a crash or a hang.
@Suite struct FuzzRegressionTests {
    static func inputs(_ target: String) throws -> [URL] {
        let root = SharedData.repositoryRoot.appendingPathComponent("Fuzz")
        return ["corpus", "regressions"].flatMap { kind -> [URL] in
            let dir = root.appendingPathComponent("\(kind)/\(target)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return names.sorted().map { dir.appendingPathComponent($0) }
        }
    }

    /// Found by fuzzing: a zip entry whose offset points past the end trapped inside ZIPFoundation's in-memory archive.
    @Test func torchCheckpointsNeverCrash() throws {
        let files = try Self.inputs("torch")
        #expect(files.contains { $0.lastPathComponent.hasPrefix("crash-") })
        for url in files {
            let bytes = [UInt8](try Data(contentsOf: url))
            if let (root, storages) = try? TorchCheckpoint.loadObject(bytes, file: url.lastPathComponent) {
                _ = try? TorchCheckpoint.stateDict(root, storages: storages, file: url.lastPathComponent)
            }
        }
        // The crash input is an error naming the file.
        let crash = try #require(files.first { $0.lastPathComponent.hasPrefix("crash-") })
        #expect(throws: SerializationError.self) { try TorchCheckpoint.load(contentsOf: crash) }
    }

    /// Found by fuzzing: a truncated miCOMPRESSED element made the inflater ask for more input forever.
    @Test func matFilesNeverHang() throws {
        let files = try Self.inputs("mat")
        let hang = try #require(files.first { $0.lastPathComponent.hasPrefix("timeout-") })
        let started = Date()
        #expect(throws: SerializationError.self) { try MATFile(bytes: [UInt8](try Data(contentsOf: hang)), file: "t.mat") }
        #expect(Date().timeIntervalSince(started) < 5)
        for url in files { _ = try? MATFile(bytes: [UInt8](try Data(contentsOf: url)), file: url.lastPathComponent) }
    }

    @Test func picklesAndSafetensorsNeverCrash() throws {
        for url in try Self.inputs("pickle") { _ = try? Unpickler().load([UInt8](try Data(contentsOf: url)), file: "f.pkl") }
        for url in try Self.inputs("safetensors") {
            _ = try? Safetensors.load([UInt8](try Data(contentsOf: url)), file: "f.safetensors")
        }
    }
}
