import Foundation
import RetrievalCore

/// The query/database protocols of manifest datasets. Positives of a query are the database images of its object.
///
/// | protocol | queries | database | excluded from a query's ranking |
/// |---|---|---|---|
/// | `ref` | role `query` | roles `reference` and `distractor` | — |
/// | `all` | every image that is not a distractor | every image | the query itself |
/// | `zero` | images with `angle_deg == 0` | images with `angle_deg != 0` | — |
///
/// smvs-dvd `ref`: 400 phone photos query 100 references (1 positive each); `all`: 500 queries, 4 positives each.
/// coil100 `zero`: the 0° view of each of 100 objects queries the other 3,500 images (35 positives each).
public enum ManifestProtocol: String, Sendable, CaseIterable {
    case ref, all, zero

    /// The benchmark of `manifest` under this protocol. A query without positives is kept with a warning: its AP is
    /// undefined, so it is stored as NULL and counted as dropped by every mean.
    public func benchmark(name: String, root: URL, manifest: Manifest) throws -> Benchmark {
        let records = manifest.entries.map { ImageRecord(id: $0.image, url: root.appendingPathComponent($0.image)) }
        let entries = manifest.entries
        let isDatabase: (Manifest.Entry) -> Bool
        let isQuery: (Manifest.Entry) -> Bool
        switch self {
        case .ref:
            isDatabase = { $0.role == "reference" || $0.role == "distractor" }
            isQuery = { $0.role == "query" }
        case .all:
            isDatabase = { _ in true }
            isQuery = { $0.role != "distractor" }
        case .zero:
            guard entries.allSatisfy({ $0.angle != nil }) else {
                throw DatasetError.malformed(file: manifest.file, line: 1,
                                             problem: "protocol 'zero' needs an angle_deg column")
            }
            isDatabase = { $0.angle != 0 }
            isQuery = { $0.angle == 0 }
        }
        if self == .ref, entries.contains(where: { $0.role == nil }) {
            throw DatasetError.malformed(file: manifest.file, line: 1, problem: "protocol 'ref' needs a role column")
        }
        let databaseIndices = entries.indices.filter { isDatabase(entries[$0]) }
        let database = databaseIndices.map { records[$0] }
        var positionInDatabase: [Int: Int] = [:]
        var byObject: [String: [Int]] = [:]
        for (position, index) in databaseIndices.enumerated() {
            positionInDatabase[index] = position
            if entries[index].role != "distractor" { byObject[entries[index].object, default: []].append(position) }
        }
        var queries: [RetrievalQuery] = []
        var warnings: [String] = []
        for index in entries.indices where isQuery(entries[index]) {
            let entry = entries[index]
            let own = positionInDatabase[index].map { Set([$0]) } ?? []
            let positives = Set(byObject[entry.object] ?? []).subtracting(own)
            if positives.isEmpty {
                warnings.append("\(manifest.file):\(entry.line): query \(entry.image) has no positive under protocol "
                                + "'\(rawValue)'; its AP is undefined (stored as NULL, counted as dropped)")
            }
            queries.append(RetrievalQuery(id: entry.image, image: records[index],
                                          judgement: RelevanceJudgement(positives: positives),
                                          excludedFromRanking: own))
        }
        guard queries.contains(where: { !$0.judgement.positives.isEmpty }) else {
            throw DatasetError.noQueries(dataset: name, protocolName: rawValue)
        }
        return Benchmark(name: name, protocolName: rawValue, database: database, queries: queries, warnings: warnings)
    }
}
