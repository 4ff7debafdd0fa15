/// Average precision of one ranking, in the three variants of the literature. Every variant first removes the
/// query's junk from the ranking (Philbin et al., CVPR 2007), so ranks below are 0-based ranks **after** junk removal.
///
/// | variant | rule | arithmetic |
/// |---|---|---|
/// | `oxford` | trapezoid: Σ_i (P(r_i − 1) + P(r_i)) / 2 · 1/npos, with P before the first item taken as 1.0 — Philbin et al.'s `compute_ap.cpp` | Float, accumulated as compute_ap.cpp does |
/// | `revisitop` | the same trapezoid on 0-based positive ranks (revisitop `compute_ap`, Radenović et al., CVPR 2018) | Double |
/// | `finite` | mean over positives of the precision at each positive's rank ("non-interpolated AP") | Double |
///
/// A query without positives has no AP (`nil`); aggregates skip it and report how many were dropped.
public enum APVariant: String, Sendable, CaseIterable, Codable {
    case oxford, revisitop, finite

    /// AP from the 0-based ranks of the positives in the junk-free ranking (sorted ascending) and the number of
    /// positives `npos` (positives never retrieved count as missed: they contribute 0). Returns nil when npos = 0.
    public func averagePrecision(positiveRanks: [Int], positiveCount npos: Int) -> Double? {
        guard npos > 0 else { return nil }
        precondition(positiveRanks.count <= npos, "averagePrecision: more ranked positives than positives")
        switch self {
        case .oxford: return Double(Self.trapezoidFloat(positiveRanks, npos))
        case .revisitop: return Self.trapezoidDouble(positiveRanks, npos)
        case .finite:
            var sum = 0.0
            for (i, rank) in positiveRanks.enumerated() { sum += Double(i + 1) / Double(rank + 1) }
            return sum / Double(npos)
        }
    }

    /// compute_ap.cpp, walked position by position in Float exactly as the original:
    /// `recall = hits / (float)npos; precision = hits / (j + 1.0); ap += (recall − old_recall) · (old_precision + precision) / 2.0`.
    /// Only positions where recall changes contribute, so walking the positive ranks is equivalent, provided the
    /// precision just before each positive is the one at the previous position (`i / r`, or 1.0 at r = 0).
    static func trapezoidFloat(_ ranks: [Int], _ npos: Int) -> Float {
        var ap: Float = 0
        var oldRecall: Float = 0
        for (i, rank) in ranks.enumerated() {
            // Precision at the previous position j = rank − 1: i hits among rank items; 1.0 before anything.
            let oldPrecision: Float = rank == 0 ? 1.0 : Float(Double(i) / Double(rank))
            let recall = Float(i + 1) / Float(npos)
            let precision = Float(Double(i + 1) / (Double(rank) + 1.0))
            // C++: float += double → (float)((double)ap + (double)(recall − old_recall) · ((float)(p0 + p1) / 2.0))
            ap = Float(Double(ap) + Double(recall - oldRecall) * (Double(oldPrecision + precision) / 2.0))
            oldRecall = recall
        }
        return ap
    }

    /// revisitop's `compute_ap` in Double.
    static func trapezoidDouble(_ ranks: [Int], _ npos: Int) -> Double {
        let recallStep = 1.0 / Double(npos)
        var ap = 0.0
        for (i, rank) in ranks.enumerated() {
            let precision0 = rank == 0 ? 1.0 : Double(i) / Double(rank)
            let precision1 = Double(i + 1) / Double(rank + 1)
            ap += (precision0 + precision1) * recallStep / 2.0
        }
        return ap
    }
}
