import Foundation

/// The state of a long stage at one instant, and its rendering. Pure values: the reporter takes snapshots, tests
/// check the arithmetic and the text.
///
/// - rate r = completed / elapsed (items per second, the mean over the whole stage — steadier than an
///   instantaneous rate for per-image work of varying cost); undefined before the first item or at elapsed 0;
/// - ETA = (total − completed) / r; undefined without a total or a rate;
/// - durations print as `m:ss` below an hour and `h:mm:ss` from an hour, rounded to the nearest second.
public struct ProgressSnapshot: Sendable, Equatable {
    /// Stage name, e.g. `extract`.
    public var stage: String
    /// Plural noun of the items, e.g. `images`.
    public var unit: String
    public var completed: Int
    /// Number of items of the stage, when known.
    public var total: Int?
    /// Seconds since the stage started.
    public var elapsed: Double

    public init(stage: String, unit: String, completed: Int, total: Int?, elapsed: Double) {
        self.stage = stage
        self.unit = unit
        self.completed = completed
        self.total = total
        self.elapsed = elapsed
    }

    /// Items per second over the whole stage; nil before the first item or at elapsed 0.
    public var rate: Double? {
        completed > 0 && elapsed > 0 ? Double(completed) / elapsed : nil
    }

    /// Seconds left at the current rate; nil without a total or a rate.
    public var secondsRemaining: Double? {
        guard let total, let rate else { return nil }
        return Double(max(total - completed, 0)) / rate
    }

    /// completed / total in [0, 1]; nil without a (positive) total.
    public var fraction: Double? {
        guard let total, total > 0 else { return nil }
        return min(Double(completed) / Double(total), 1)
    }

    /// The periodic line of non-terminal output, e.g.
    /// `[extract] 120/500 images (24.0%), 12.5 images/s, elapsed 0:10, ETA 0:30`.
    public var line: String {
        var parts = ["[\(stage)] \(countText)"]
        parts.append(rate.map { "\(Self.rateText($0)) \(unit)/s" } ?? "– \(unit)/s")
        parts.append("elapsed \(Self.duration(elapsed))")
        if total != nil { parts.append("ETA \(secondsRemaining.map(Self.duration) ?? "?")") }
        return parts.joined(separator: ", ")
    }

    /// The live terminal line: a bar of `width` cells when the total is known, e.g.
    /// `[extract] ██████░░░░░░░░░░░░░░ 120/500 images (24.0%), 12.5 images/s, elapsed 0:10, ETA 0:30`.
    public func bar(width: Int = 20) -> String {
        guard let fraction else { return line }
        let filled = Int((fraction * Double(width)).rounded(.down))
        let cells = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        return "[\(stage)] \(cells) " + line.dropFirst(stage.count + 3)
    }

    /// The final line: `[extract] done: 500 images in 0:40 (12.5 images/s)`.
    public var summary: String {
        "[\(stage)] done: \(completed) \(unit) in \(Self.duration(elapsed))"
            + (rate.map { " (\(Self.rateText($0)) \(unit)/s)" } ?? "")
    }

    private var countText: String {
        guard let total else { return "\(completed) \(unit)" }
        let percent = fraction.map { String(format: " (%.1f%%)", $0 * 100) } ?? ""
        return "\(completed)/\(total) \(unit)\(percent)"
    }

    /// One decimal below 100 items/s, whole numbers above: `12.5`, `0.3`, `1234`.
    static func rateText(_ r: Double) -> String {
        r < 100 ? String(format: "%.1f", r) : String(format: "%.0f", r)
    }

    /// `m:ss` below an hour, `h:mm:ss` from an hour; rounded to the nearest second.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(max(seconds, 0).rounded())
        let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%d:%02d", m, sec)
    }
}
