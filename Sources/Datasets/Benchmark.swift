import Foundation
import RetrievalCore

/// A query's region of interest in pixel coordinates of the full image, as the Oxford/Paris ground truth gives it
/// (`x1 y1 x2 y2`, floating point, x to the right, y down).
public struct BoundingBox: Equatable, Hashable, Sendable, Codable {
    public var x1: Double
    public var y1: Double
    public var x2: Double
    public var y2: Double

    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        self.x1 = x1; self.y1 = y1; self.x2 = x2; self.y2 = y2
    }
}

/// One image of a dataset: a stable identifier (the dataset's own name for it, e.g. `all_souls_000013`) and its file.
public struct ImageRecord: Equatable, Hashable, Sendable {
    public var id: String
    public var url: URL

    public init(id: String, url: URL) {
        self.id = id
        self.url = url
    }
}

/// One query of a benchmark protocol.
public struct RetrievalQuery: Equatable, Sendable {
    /// The query's identifier (for Oxford, the query name such as `all_souls_1`; otherwise the image id).
    public var id: String
    /// The query image.
    public var image: ImageRecord
    /// The region to describe, if the protocol crops the query (Oxford/Paris: always).
    public var crop: BoundingBox?
    /// Positives and junk, as database indices, after the protocol has been applied.
    public var judgement: RelevanceJudgement
    /// Database indices removed from this query's ranking altogether (the query itself when it is also a database
    /// image and the protocol says so, e.g. Holidays, smvs-dvd `all`). They never appear in the stored ranking.
    public var excludedFromRanking: Set<Int>

    public init(id: String, image: ImageRecord, crop: BoundingBox? = nil, judgement: RelevanceJudgement,
                excludedFromRanking: Set<Int> = []) {
        self.id = id
        self.image = image
        self.crop = crop
        self.judgement = judgement
        self.excludedFromRanking = excludedFromRanking
    }
}

/// A dataset under one protocol: the database, the queries with their ground truth, and the dataset's identity.
public struct Benchmark: Sendable {
    /// Dataset name, e.g. `smvs-dvd`, `oxford5k`, `roxford5k`.
    public var name: String
    /// Protocol name, e.g. `ref`, `all`, `standard`, `medium`.
    public var protocolName: String
    /// The database images; a ranking is a list of indices into this array.
    public var database: [ImageRecord]
    /// The queries, in the protocol's order.
    public var queries: [RetrievalQuery]
    /// Problems that did not stop loading (e.g. a query without positives, whose AP is undefined), one line each.
    public var warnings: [String]

    public init(name: String, protocolName: String, database: [ImageRecord], queries: [RetrievalQuery],
                warnings: [String] = []) {
        self.name = name
        self.protocolName = protocolName
        self.database = database
        self.queries = queries
        self.warnings = warnings
    }
}
