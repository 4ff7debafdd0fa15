import Crypto
import Foundation

public extension Benchmark {
    /// SHA-256 (hex) of the benchmark's canonical serialisation: name, protocol, the database image ids in order,
    /// then per query its id, crop, sorted positives, junk and exclusions. Ids are dataset-relative, so the identity
    /// does not depend on where the dataset is stored; image *contents* are hashed separately by the descriptor cache.
    var identity: String {
        var text = "cbir-benchmark-v1\n\(name)\n\(protocolName)\n\(database.count)\n"
        for record in database { text += record.id + "\n" }
        text += "\(queries.count)\n"
        for q in queries {
            let crop = q.crop.map { "\($0.x1) \($0.y1) \($0.x2) \($0.y2)" } ?? "-"
            text += "\(q.id)|\(crop)|\(q.judgement.positives.sorted())|\(q.judgement.junk.sorted())|"
                + "\(q.excludedFromRanking.sorted())\n"
        }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
