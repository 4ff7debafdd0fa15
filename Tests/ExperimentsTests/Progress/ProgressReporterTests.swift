import Dispatch
import Experiments
import Foundation
import Testing

/// A clock the test sets by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double
    init(_ seconds: Double = 100) { self.seconds = seconds }
    func set(_ s: Double) { lock.lock(); seconds = s; lock.unlock() }
    var progressClock: ProgressClock {
        ProgressClock { [self] in lock.lock(); defer { lock.unlock() }; return seconds }
    }
}

/// Collects everything written.
final class RecordingOutput: ProgressOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var pieces: [String] = []
    let isTerminal: Bool
    init(isTerminal: Bool) { self.isTerminal = isTerminal }
    func write(_ text: String) { lock.lock(); pieces.append(text); lock.unlock() }
    var written: [String] { lock.lock(); defer { lock.unlock() }; return pieces }
}

@Suite struct ProgressReporterTests {
    @Test func rateAndETAArithmetic() {
        // 120 of 500 images in 9.6 s: r = 120 / 9.6 = 12.5 images/s, ETA = 380 / 12.5 = 30.4 s.
        let s = ProgressSnapshot(stage: "extract", unit: "images", completed: 120, total: 500, elapsed: 9.6)
        #expect(s.rate == 12.5)
        #expect(s.secondsRemaining == 30.4)
        #expect(s.fraction == 0.24)
        #expect(s.line == "[extract] 120/500 images (24.0%), 12.5 images/s, elapsed 0:10, ETA 0:30")
        #expect(s.bar(width: 10) == "[extract] ██░░░░░░░░ 120/500 images (24.0%), 12.5 images/s, elapsed 0:10, ETA 0:30")
        #expect(s.summary == "[extract] done: 120 images in 0:10 (12.5 images/s)")
        // Nothing done yet: no rate, no ETA.
        let empty = ProgressSnapshot(stage: "search", unit: "queries", completed: 0, total: 55, elapsed: 3)
        #expect(empty.rate == nil && empty.secondsRemaining == nil)
        #expect(empty.line == "[search] 0/55 queries (0.0%), – queries/s, elapsed 0:03, ETA ?")
        // Unknown total: no percentage, no ETA; fast rates without decimals.
        let open = ProgressSnapshot(stage: "scan", unit: "files", completed: 5000, total: nil, elapsed: 4)
        #expect(open.line == "[scan] 5000 files, 1250 files/s, elapsed 0:04")
        #expect(open.bar() == open.line)
    }

    @Test func durations() {
        #expect(ProgressSnapshot.duration(0) == "0:00")
        #expect(ProgressSnapshot.duration(59.4) == "0:59")
        #expect(ProgressSnapshot.duration(59.5) == "1:00")
        #expect(ProgressSnapshot.duration(3599) == "59:59")
        #expect(ProgressSnapshot.duration(3723) == "1:02:03")
    }

    @Test func plainLinesAtTheIntervalThenSummary() {
        let clock = ManualClock(1000)
        let out = RecordingOutput(isTerminal: false)
        let p = ProgressReporter(stage: "extract", total: 100, unit: "images", output: out,
                                 clock: clock.progressClock, lineInterval: 10)
        for i in 1...100 {
            clock.set(1000 + Double(i) * 0.5)  // 2 images/s
            p.advance()
        }
        clock.set(1050.5)
        let final = p.finish()
        p.finish()  // idempotent
        #expect(final.completed == 100)
        #expect(out.written == [
            "[extract] started: 100 images\n",
            "[extract] 20/100 images (20.0%), 2.0 images/s, elapsed 0:10, ETA 0:40\n",
            "[extract] 40/100 images (40.0%), 2.0 images/s, elapsed 0:20, ETA 0:30\n",
            "[extract] 60/100 images (60.0%), 2.0 images/s, elapsed 0:30, ETA 0:20\n",
            "[extract] 80/100 images (80.0%), 2.0 images/s, elapsed 0:40, ETA 0:10\n",
            "[extract] 100/100 images (100.0%), 2.0 images/s, elapsed 0:50, ETA 0:00\n",
            "[extract] done: 100 images in 0:51 (2.0 images/s)\n",
        ])
    }

    @Test func terminalRedrawsAtMostEveryIntervalAndOnTheLastItem() {
        let clock = ManualClock(0)
        let out = RecordingOutput(isTerminal: true)
        let p = ProgressReporter(stage: "encode", total: 50, unit: "images", output: out, clock: clock.progressClock,
                                 redrawInterval: 0.125)
        for i in 1...50 {
            clock.set(Double(i) / 64)  // 64 images/s (exact binary fractions): a redraw every 8 items
            p.advance()
        }
        p.finish()
        let written = out.written
        #expect(written.count == 1 + 7 + 1)  // initial bar, redraws at 8, 16, …, 48 and the last item, summary
        #expect(written.dropLast().allSatisfy { $0.hasPrefix("\r\u{1B}[2K[encode] ") })
        #expect(written[3] == "\r\u{1B}[2K[encode] █████████░░░░░░░░░░░ 24/50 images (48.0%), 64.0 images/s, "
                    + "elapsed 0:00, ETA 0:00")
        #expect(written[7].contains(" 50/50 images (100.0%)"))
        #expect(written.last == "\r\u{1B}[2K[encode] done: 50 images in 0:01 (64.0 images/s)\n")
    }

    @Test func concurrentAdvancesAreAllCounted() {
        let out = RecordingOutput(isTerminal: false)
        let p = ProgressReporter(stage: "extract", total: 8000, unit: "images", output: out)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<1000 { p.advance() }
        }
        #expect(p.finish().completed == 8000)
        #expect(out.written.last?.hasPrefix("[extract] done: 8000 images in ") == true)
    }
}
