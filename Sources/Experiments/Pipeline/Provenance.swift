import CLinearAlgebra
import CNN
import Foundation
import LocalFeatures

/// What a run records about the code and machine that produced it.
public enum Provenance {
    /// `git describe --always --dirty` of the working directory, or `unknown` outside a repository.
    static func codeVersion() -> String {
        git(["describe", "--always", "--dirty", "--abbrev=12"]).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    }

    /// The source folders whose code decides a run's numbers: pixels, features, encodings, reductions, search,
    /// evaluation, ground truth, the config types (their defaults) and the pipeline — not the runner, the store, the
    /// reports, benchmarks or the commands.
    static let numericSources = [
        "Sources/RetrievalCore", "Sources/Imaging", "Sources/Serialization", "Sources/LocalFeatures", "Sources/Encoding",
        "Sources/CNN", "Sources/Datasets", "Sources/Experiments/Config", "Sources/Experiments/Pipeline",
        "Sources/Experiments/Cache", "Sources/CVLFeat", "Sources/CDNNL", "Sources/CLinearAlgebra", "Sources/CImageCodecs",
        "Sources/CFaiss",
    ]

    /// The revision of the code that decides the numbers, part of every run's reuse key and every cache key: 16 hex
    /// digits of SHA-256 over the git blob ids of `numericSources` at HEAD (`git ls-tree -r`), their uncommitted
    /// changes (`git diff HEAD`) and the contents of their untracked files, with `-dirty` when the latter two are not
    /// empty; plus the numeric libraries' versions (VLFeat, OpenBLAS, oneDNN, the CNN engine's choices). Any edit to
    /// those folders changes it, so a stored run or cached feature is never reused across code that computes it
    /// differently. `unknown` outside a git checkout (then nothing is reused).
    public static let numbersRevision: String = {
        guard let top = git(["rev-parse", "--show-toplevel"])?.trimmingCharacters(in: .whitespacesAndNewlines),
              !top.isEmpty else { return "unknown" }
        let inRepository = { (arguments: [String]) in git(["-C", top] + arguments) }
        guard let tree = inRepository(["ls-tree", "-r", "HEAD", "--"] + numericSources),
              let diff = inRepository(["diff", "HEAD", "--"] + numericSources),
              let untracked = inRepository(["ls-files", "--others", "--exclude-standard", "-z", "--"] + numericSources) else {
            return "unknown"
        }
        let files = untracked.split(separator: "\0").map(String.init).sorted()
        let contents = files.map { path in
            FileManager.default.contents(atPath: "\(top)/\(path)").map { ContentHash.hex($0) } ?? "unreadable"
        }
        let libraries = numericLibraryVersions()
        let hash = ContentHash.combine([tree, diff] + zip(files, contents).map { "\($0) \($1)" } + [libraries])
        return String(hash.prefix(16)) + (diff.isEmpty && files.isEmpty ? "" : "-dirty")
    }()

    /// Runs `git` in the working directory; nil on failure.
    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    /// The versions of the libraries that compute numbers (not SQLite), one `name=version` per line.
    static func numericLibraryVersions() -> String {
        let openblas = openblas_get_config().map { String(cString: $0) } ?? "unknown"
        return ["vlfeat=\(SIFTExtractor.libraryVersion)", "openblas=\(openblas)", "onednn=\(CNNRuntime.oneDNNVersion)",
                "cnn-engine=\(CNNRuntime.engineRevision)"].joined(separator: "\n")
    }

    /// Library versions, one `name=version` per line.
    static func libraryVersions(sqlite: String) -> String {
        numericLibraryVersions() + "\nsqlite=\(sqlite)"
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
