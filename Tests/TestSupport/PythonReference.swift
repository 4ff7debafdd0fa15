import Foundation

/// Runs reference scripts with Debian's `/usr/bin/python3` (which has torch, torchvision, PIL and numpy; the
/// `python3` on PATH may not). Tests skip with `unavailableMessage` when the interpreter or a module is missing.
public enum PythonReference {
    public static let interpreter = "/usr/bin/python3"

    /// True when `/usr/bin/python3` can import every module named.
    public static func available(_ modules: [String]) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else { return false }
        return (try? run(["-c", modules.map { "import \($0)" }.joined(separator: "; ")])) != nil
    }

    public static func unavailableMessage(_ modules: [String]) -> String {
        "\(interpreter) with \(modules.joined(separator: ", ")) is not available (scripts/setup installs them); skipping"
    }

    /// Runs the interpreter with `arguments`; returns stdout; throws on a non-zero exit with stderr.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonReferenceError(message: String(decoding: stderr, as: UTF8.self))
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    /// A script under `Tests/<target>/Fixtures/`.
    public static func script(_ target: String, _ name: String) -> String {
        SharedData.repositoryRoot.appendingPathComponent("Tests/\(target)/Fixtures/\(name)").path
    }
}

public struct PythonReferenceError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "python reference failed: \(message)" }
}
