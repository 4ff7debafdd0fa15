// libFuzzer harness for the Serialization readers; compiled by scripts/fuzz in one module with
// Sources/Serialization (internal entry points are reachable). The target is chosen by $CBIR_FUZZ_TARGET.
import Foundation

let target = ProcessInfo.processInfo.environment["CBIR_FUZZ_TARGET"] ?? "pickle"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch target {
    case "pickle": _ = try? Unpickler().load(bytes, file: "fuzz.pkl")
    case "safetensors": _ = try? Safetensors.load(bytes, file: "fuzz.safetensors")
    case "mat": _ = try? MATFile(bytes: bytes, file: "fuzz.mat")
    case "torch":
        if let (root, storages) = try? TorchCheckpoint.loadObject(bytes, file: "fuzz.pth") {
            _ = try? TorchCheckpoint.stateDict(root, storages: storages, file: "fuzz.pth")
        }
    default: fatalError("unknown CBIR_FUZZ_TARGET \(target)")
    }
    return 0
}
