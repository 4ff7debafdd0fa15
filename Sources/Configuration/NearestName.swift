/// "Did you mean …?" by edit distance, as in swift-argument-parser's error messages.
public enum NearestName {
    /// Optimal-string-alignment edit distance over Unicode characters: insertions, deletions, substitutions and
    /// transpositions of adjacent characters (`smaple` → `sample`) each cost 1.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // d[i][j] = distance between a[..<i] and b[..<j]
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j - 1] + cost, d[i - 1][j] + 1, d[i][j - 1] + 1)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// The candidate nearest to `name`, compared case-insensitively, if it is close enough to be a plausible typo:
    /// distance d ≤ max(1, ⌊n/3⌋) and d < n, with n the length of `name` (a case-only difference always qualifies).
    /// Ties go to the earlier candidate; `name` itself is never suggested.
    public static func suggestion(for name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        let limit = max(1, lowered.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let d = editDistance(lowered, candidate.lowercased())
            guard d == 0 || (d <= limit && d < lowered.count) else { continue }
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        return best?.name
    }
}
