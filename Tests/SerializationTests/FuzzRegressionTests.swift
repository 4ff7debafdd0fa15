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

    /// Found by fuzzing: zip entries whose offsets point past the end trapped inside ZIPFoundation's in-memory archive
    /// (crash-4cac4840…, crash-faddb8a8…), and a ZIP64 locator pointing away from the record ZIPFoundation reads, whose
    /// directory offset (0xFA000000000002D2) trapped converting to off_t in `Archive.makeIterator` (crash-18b2291c…).
    @Test func torchCheckpointsNeverCrash() throws {
        let files = try Self.inputs("torch")
        let crashes = files.filter { $0.lastPathComponent.hasPrefix("crash-") }
        #expect(crashes.count >= 3)
        for url in files {
            let bytes = [UInt8](try Data(contentsOf: url))
            if let (root, storages) = try? TorchCheckpoint.loadObject(bytes, file: url.lastPathComponent) {
                _ = try? TorchCheckpoint.stateDict(root, storages: storages, file: url.lastPathComponent)
            }
        }
        // Every crash input is an error naming the file.
        for crash in crashes {
            do {
                _ = try TorchCheckpoint.load(contentsOf: crash)
                Issue.record("\(crash.lastPathComponent) loaded")
            } catch let error as SerializationError {
                #expect("\(error)".hasPrefix("\(crash.path): truncated: a damaged zip archive ("), "\(error)")
            }
        }
        let zip64 = try #require(crashes.first { $0.lastPathComponent.hasPrefix("crash-18b2291c") })
        #expect(throws: SerializationError.checkpoint(
            file: zip64.path, key: nil, problem: "truncated: a damaged zip archive (the ZIP64 end-of-central-directory "
                + "locator points to byte 933, not to the record just before it at byte 949)",
            hint: "The file is incomplete; download or save it again.")) { try TorchCheckpoint.load(contentsOf: zip64) }
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
