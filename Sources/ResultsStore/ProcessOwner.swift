import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process that owns a `running` row: its id and host. On the same host, a row whose process no longer exists
/// was left by a killed run. (A recycled pid makes a dead owner look alive; the row then stays `running` until that
/// process ends too — never the other way round.)
public struct ProcessOwner: Equatable, Sendable {
    public var pid: Int32
    public var host: String

    public static let current = ProcessOwner(pid: getpid(), host: hostName())

    /// True when a process with this pid exists on this machine (`kill(pid, 0)` succeeds or is refused).
    public static func isAlive(pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
