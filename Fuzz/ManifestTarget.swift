// libFuzzer harness for the ground-truth CSV reader; compiled by scripts/fuzz with Sources/Datasets/Manifest.
import Foundation

let root: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cbir-fuzz-manifest-\(getpid())")
    try? FileManager.default.createDirectory(at: url.appendingPathComponent("images"), withIntermediateDirectories: true)
    for name in ["a.png", "b.png", "images/c.png"] { FileManager.default.createFile(atPath: url.appendingPathComponent(name).path, contents: Data([0])) }
    return url
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let csv = Data(bytes: data, count: size)
    guard (try? csv.write(to: root.appendingPathComponent("groundtruth.csv"))) != nil else { return 0 }
    _ = try? Manifest(dataset: "fuzz", root: root)
    return 0
}
