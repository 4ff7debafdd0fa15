import Crypto
import Foundation

public extension Benchmark {
    /// SHA-256 (hex) of the benchmark's canonical serialisation, UTF-8, one item a line:
    ///
    ///     cbir-benchmark-v1 \n name \n protocol \n <database count> \n <database image id> \n … <query count> \n
    ///     <query image id>|<x1 y1 x2 y2 or ->|[sorted positives]|[sorted junk]|[sorted exclusions] \n …
    ///
    /// Ids are dataset-relative (`images/canon/001.jpg`, `all_souls_000013`), never absolute paths, so the identity
    /// does not depend on where the dataset is stored; image *contents* are hashed separately by the descriptor cache.
    /// A query is serialised by its image id, not its name, so Oxford's text files (`all_souls_1`) and pickle (`q1`)
    /// give one identity; for manifest datasets the two are the same string.
    var identity: String {
        var text = "cbir-benchmark-v1\n\(name)\n\(protocolName)\n\(database.count)\n"
        for record in database { text += record.id + "\n" }
        text += "\(queries.count)\n"
        for q in queries {
            let crop = q.crop.map { "\($0.x1) \($0.y1) \($0.x2) \($0.y2)" } ?? "-"
            text += "\(q.image.id)|\(crop)|\(q.judgement.positives.sorted())|\(q.judgement.junk.sorted())|"
                + "\(q.excludedFromRanking.sorted())\n"
        }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
