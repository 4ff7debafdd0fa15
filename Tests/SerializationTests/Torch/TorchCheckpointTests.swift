import Foundation
import Serialization
import Testing
import TestSupport

/// Checkpoints written by torch 1.13 (`Fixtures/torch_checkpoints.py`) in both formats, and the real
/// EfficientNet-Lite0 weights (legacy format), against what torch itself reads.
@Suite struct TorchCheckpointTests {
    struct Expected: Decodable { var shape: [Int]; var dtype: String; var values: [Double] }

    @Test(arguments: ["zip.pth", "legacy.pth", "wrapped.pth"]) func matchesTorch(file: String) throws {
        guard PythonReference.available(["torch"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let dir = try SharedData.temporaryDirectory("torch")
        try PythonReference.run([PythonReference.script("SerializationTests", "torch_checkpoints.py"), dir.path])
        let expected = try JSONDecoder().decode([String: Expected].self,
                                                from: Data(contentsOf: dir.appendingPathComponent("expected.json")))
        let state = try TorchCheckpoint.load(contentsOf: dir.appendingPathComponent(file))
        #expect(state.map(\.name) == ["conv.weight", "conv.bias", "transposed", "view_a", "view_b", "double", "half",
                                      "bn.num_batches_tracked"])
        for (name, tensor) in state {
            let e = try #require(expected[name])
            #expect(tensor.shape == e.shape, "\(name)")
            #expect(tensor.dtype == e.dtype, "\(name)")
            // Float32/float16/int values are exact in Float; float64 is rounded to Float.
            #expect(tensor.values == e.values.map { Float($0) }, "\(name)")
        }
    }

    @Test func truncatedAndForeignFilesAreErrors() throws {
        guard PythonReference.available(["torch"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let dir = try SharedData.temporaryDirectory("torch-bad")
        try PythonReference.run([PythonReference.script("SerializationTests", "torch_checkpoints.py"), dir.path])
        let legacy = try Data(contentsOf: dir.appendingPathComponent("legacy.pth"))
        let cut = dir.appendingPathComponent("cut.pth")
        try legacy.prefix(legacy.count - 100).write(to: cut)
        #expect(throws: SerializationError.self) { try TorchCheckpoint.load(contentsOf: cut) }
        let text = dir.appendingPathComponent("text.pth")
        try Data("not a checkpoint".utf8).write(to: text)
        #expect(throws: SerializationError.self) { try TorchCheckpoint.load(contentsOf: text) }
    }

    @Test func realEfficientNetLite0Weights() throws {
        let cache = ProcessInfo.processInfo.environment["CBIR_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/cbir")
        let file = cache.appendingPathComponent("weights/efficientnet-lite0-57934424.pth")
        guard FileManager.default.fileExists(atPath: file.path) else {
            print("\(file.path) not found (scripts/setup downloads it); skipping"); return
        }
        guard PythonReference.available(["torch"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let state = try TorchCheckpoint.load(contentsOf: file)
        let reference = try PythonReference.run(["-c", """
            import json, sys, torch
            sd = torch.load(sys.argv[1], map_location="cpu")
            print(json.dumps([[k, list(v.shape), v.double().sum().item()] for k, v in sd.items()]))
            """, file.path])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(reference.utf8)) as? [[Any]])
        #expect(state.count == rows.count && state.count == 296)
        for ((name, tensor), row) in zip(state, rows) {
            #expect(name == row[0] as? String)
            #expect(tensor.shape == (row[1] as? [Int]), "\(name)")
            let sum = tensor.values.reduce(0.0) { $0 + Double($1) }
            let expected = try #require(row[2] as? Double)
            #expect(abs(sum - expected) <= 1e-6 * max(1, abs(expected)) + 1e-9, "\(name): sum \(sum) vs \(expected)")
        }
        #expect(state.first?.name == "_conv_stem.weight" && state.first?.tensor.shape == [32, 3, 3, 3])
        #expect(state.last?.name == "_fc.bias" && state.last?.tensor.shape == [1000])
    }
}
