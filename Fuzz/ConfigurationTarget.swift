// libFuzzer harness for the config loader (YAML through Yams, extends, sweep expansion, canonical text); compiled by
// scripts/fuzz with Sources/Configuration and Yams.
import Foundation

let directory: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cbir-fuzz-yaml-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    // A base the input may extend.
    try? "name: base\ndescriptor: {kind: vlad, vocabulary: {k: 4}}\nsweep: {descriptor.vocabulary.k: [4, 8]}\n"
        .write(to: url.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
    return url
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = directory.appendingPathComponent("input.yaml")
    guard (try? Data(bytes: data, count: size).write(to: file)) != nil else { return 0 }
    if let runs = try? ConfigurationLoader.load(file) {
        for run in runs { _ = run.canonicalText }
    }
    return 0
}
