import Foundation

/// Where progress text goes. `write` receives complete pieces (a line with its `\n`, or a `\r`-led redraw).
public protocol ProgressOutput: Sendable {
    func write(_ text: String)
    /// Whether the output is an interactive terminal (live bar) rather than a log (plain lines).
    var isTerminal: Bool { get }
}

/// Standard error; a terminal when it is a TTY and `TERM` is not `dumb`.
public struct StandardErrorOutput: ProgressOutput {
    public init() {}

    public func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    public var isTerminal: Bool {
        isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }
}

/// A source of seconds (any origin, monotonic). `.monotonic` reads the system's uptime clock; tests inject their own.
public struct ProgressClock: Sendable {
    public let now: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double) {
        self.now = now
    }

    public static let monotonic = ProgressClock { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// Progress of one long stage (feature extraction, encoding, search): a live bar on a terminal, plain periodic
/// lines in logs, and a summary line at the end.
///
/// - Terminal: the bar line (`ProgressSnapshot.bar`) is redrawn in place (`\r`, erase line) at most once per
///   `redrawInterval` (default 0.1 s, i.e. ≤ 10 redraws/s) and when the last item completes.
/// - Log: a start line `[stage] started: N unit`, then `ProgressSnapshot.line` whenever `lineInterval` (default
///   10 s) has passed since the previous line.
/// - `finish()` writes `ProgressSnapshot.summary` (after clearing the bar on a terminal); later calls do nothing.
///
/// Thread-safe: `advance` may be called from concurrent workers (a lock guards the count and the output, so lines
/// never interleave). The reporter only reports; it does not own the work.
///
///     let progress = ProgressReporter(stage: "extract", total: images.count, unit: "images")
///     DispatchQueue.concurrentPerform(iterations: images.count) { i in …; progress.advance() }
///     progress.finish()
public final class ProgressReporter: @unchecked Sendable {
    public let stage: String
    public let unit: String
    public let total: Int?
    private let output: any ProgressOutput
    private let clock: ProgressClock
    private let live: Bool
    private let redrawInterval: Double
    private let lineInterval: Double

    private let lock = NSLock()
    private let start: Double
    private var completed = 0
    private var lastWrite: Double
    private var finished = false

    /// - Parameters:
    ///   - total: number of items, when known (enables percentage, bar and ETA).
    ///   - live: force the bar (true) or plain lines (false); default: `output.isTerminal`.
    public init(stage: String, total: Int?, unit: String = "items", output: any ProgressOutput = StandardErrorOutput(),
                clock: ProgressClock = .monotonic, live: Bool? = nil, redrawInterval: Double = 0.1,
                lineInterval: Double = 10) {
        self.stage = stage
        self.unit = unit
        self.total = total
        self.output = output
        self.clock = clock
        self.live = live ?? output.isTerminal
        self.redrawInterval = redrawInterval
        self.lineInterval = lineInterval
        start = clock.now()
        lastWrite = start
        if self.live {
            output.write("\r\u{1B}[2K" + snapshot(at: start).bar())
        } else {
            output.write("[\(stage)] started" + (total.map { ": \($0) \(unit)" } ?? "") + "\n")
        }
    }

    /// Records `count` more completed items, redrawing or printing a line when due.
    public func advance(by count: Int = 1) {
        let now = clock.now()
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        completed += count
        let isLast = total.map { completed >= $0 } ?? false
        if live {
            guard now - lastWrite >= redrawInterval || isLast else { return }
            output.write("\r\u{1B}[2K" + snapshot(at: now).bar())
        } else {
            guard now - lastWrite >= lineInterval else { return }
            output.write(snapshot(at: now).line + "\n")
        }
        lastWrite = now
    }

    /// The current state.
    public var current: ProgressSnapshot {
        let now = clock.now()
        lock.lock()
        defer { lock.unlock() }
        return snapshot(at: now)
    }

    /// Writes the summary line once and returns the final snapshot.
    @discardableResult
    public func finish() -> ProgressSnapshot {
        let now = clock.now()
        lock.lock()
        defer { lock.unlock() }
        let final = snapshot(at: now)
        guard !finished else { return final }
        finished = true
        output.write((live ? "\r\u{1B}[2K" : "") + final.summary + "\n")
        return final
    }

    private func snapshot(at now: Double) -> ProgressSnapshot {
        ProgressSnapshot(stage: stage, unit: unit, completed: completed, total: total, elapsed: now - start)
    }
}
