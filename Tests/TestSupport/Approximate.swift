/// Approximate comparison helpers for floating-point test assertions.
public enum Approximate {
    /// |a − b| ≤ tolerance.
    public static func equal(_ a: Double, _ b: Double, tolerance: Double = 1e-6) -> Bool {
        abs(a - b) <= tolerance
    }

    /// Element-wise |a − b| ≤ tolerance, same lengths.
    public static func equal(_ a: [Double], _ b: [Double], tolerance: Double = 1e-6) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    /// Element-wise |a − b| ≤ tolerance, same lengths.
    public static func equal(_ a: [Float], _ b: [Float], tolerance: Float = 1e-6) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    /// max |a − b| / max |b|: the relative error used for parity against reference outputs.
    public static func relativeMaxError(_ a: [Float], reference b: [Float]) -> Float {
        precondition(a.count == b.count, "relativeMaxError: lengths \(a.count) vs \(b.count)")
        var maxDiff: Float = 0, maxRef: Float = 0
        for (x, y) in zip(a, b) {
            maxDiff = max(maxDiff, abs(x - y))
            maxRef = max(maxRef, abs(y))
        }
        return maxRef > 0 ? maxDiff / maxRef : maxDiff
    }
}
