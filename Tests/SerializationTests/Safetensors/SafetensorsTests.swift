import Foundation
import Serialization
import Testing
import TestSupport

/// Files laid out byte by byte by `Fixtures/safetensors_reference.py` (struct + json + numpy, no safetensors
/// package): every dtype, shapes including 0-d and empty, metadata; and broken variants with one error each.
@Suite struct SafetensorsTests {
    static let script = PythonReference.script("SerializationTests", "safetensors_reference.py")

    @Test func valuesAndErrorsMatchTheReference() throws {
        guard PythonReference.available(["numpy"]) else { print(PythonReference.unavailableMessage(["numpy"])); return }
        let dir = try SharedData.temporaryDirectory("safetensors")
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = try PythonReference.run([Self.script, dir.path]).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let valid = dir.appendingPathComponent("valid.safetensors")
        let tensors = try Safetensors.load(contentsOf: valid)
        #expect(tensors.count == expected.count && tensors.count == 13)
        for ((name, t), line) in zip(tensors, expected) {
            let values = t.integers.map { $0.map(String.init) } ?? t.values.map { TorchCheckpointTests.bits($0) }
            let ours = "\(name) \(t.dtype) [\(t.shape.map(String.init).joined(separator: ","))] \(values.joined(separator: ","))"
            #expect(ours.trimmingCharacters(in: .whitespaces) == line)
        }
        #expect(try Safetensors.metadata(contentsOf: valid) == ["format": "pt"])

        func message(_ name: String) -> String {
            do {
                _ = try Safetensors.load(contentsOf: dir.appendingPathComponent("\(name).safetensors"))
                return "no error"
            } catch {
                return "\(error)".replacingOccurrences(of: dir.path + "/", with: "")
            }
        }
        #expect(message("overlap") == "overlap.safetensors: tensor 'half': its data [112, 120] overlaps the previous "
            + "tensor (which ends at 120).")
        #expect(message("size") == "size.safetensors: tensor 'ids': data_offsets span 16 bytes but shape [2, 3] of I32 needs 24.")
        #expect(message("hole") == "hole.safetensors: the tensors cover 179 of the 183 data bytes.")
        #expect(message("dtype").hasPrefix("dtype.safetensors: tensor 'mask': unsupported dtype F8_E4M3; expected one of "))
        // 169 data bytes remain; by name, 'bytes' [164, 170] is the first tensor that no longer fits.
        #expect(message("truncated") == "truncated.safetensors: tensor 'bytes': data_offsets [164, 170] lie outside the 169 data bytes.")
        #expect(message("garbage") == "garbage.safetensors: the header is not a JSON object.")
    }
}
