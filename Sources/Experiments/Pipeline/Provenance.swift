import CLinearAlgebra
import CNN
import Foundation
import LocalFeatures

/// What a run records about the code and machine that produced it.
enum Provenance {
    /// `git describe --always --dirty` of the working directory, or `unknown` outside a repository.
    static func codeVersion() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "describe", "--always", "--dirty", "--abbrev=12"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { return "unknown" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : "unknown"
    }

    /// Library versions, one `name=version` per line.
    static func libraryVersions(sqlite: String) -> String {
        let openblas = openblas_get_config().map { String(cString: $0) } ?? "unknown"
        return ["vlfeat=\(SIFTExtractor.libraryVersion)", "openblas=\(openblas)", "onednn=\(CNNRuntime.oneDNNVersion)",
                "cnn-engine=\(CNNRuntime.engineRevision)", "sqlite=\(sqlite)"]
            .joined(separator: "\n")
    }

    /// Host name, OS and processor count.
    static func machine() -> String {
        let info = ProcessInfo.processInfo
        return "\(info.hostName); \(info.operatingSystemVersionString); \(info.processorCount) CPUs"
    }

    /// ISO 8601 UTC timestamp.
    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
