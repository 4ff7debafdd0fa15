import Crypto
import Foundation

/// SHA-256 content hashes, the keys of every cache and the config hash of every run.
public enum ContentHash {
    /// Lower-case hex SHA-256 of `data`.
    public static func hex(_ data: some DataProtocol) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Lower-case hex SHA-256 of the UTF-8 bytes of `text`.
    public static func hex(_ text: String) -> String {
        hex(Data(text.utf8))
    }

    /// Lower-case hex SHA-256 of a file's bytes; throws `ExperimentError.unreadableFile` naming it.
    public static func file(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ExperimentError.unreadableFile(url.path)
        }
        return hex(data)
    }

    /// The hash of several parts, unambiguously delimited (each part length-prefixed).
    public static func combine(_ parts: [String]) -> String {
        hex(parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|"))
    }
}
