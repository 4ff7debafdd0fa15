/// A comparison table, as written in `Reports/specs/<table>.yaml` (decoded strictly by the Configuration module).
///
///     title: VLAD ablation on SMVS DVD covers (all)
///     description: …
///     columns:
///       - {metric: map, header: mAP}
///       - {metric: success@1, header: top-1}
///     rows:
///       - {experiment: "smvs-dvd/vlad-ablation-all[k=16,…]", name: "K=16, plain"}
///       - {experiment: …, name: …, published: {map: 0.555}, source: "Jégou et al. 2010 (paper-tables/…)"}
///     notes: [ … ]
public struct TableSpec: Decodable, Sendable, Equatable {
    public var title: String
    public var description: String?
    public var columns: [Column]
    public var rows: [Row]
    public var notes: [String]

    enum CodingKeys: String, CodingKey, CaseIterable { case title, description, columns, rows, notes }

    public init(title: String, description: String? = nil, columns: [Column], rows: [Row], notes: [String] = []) {
        self.title = title; self.description = description; self.columns = columns; self.rows = rows; self.notes = notes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decode(String.self, forKey: .title)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        columns = try c.decode([Column].self, forKey: .columns)
        rows = try c.decode([Row].self, forKey: .rows)
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
    }

    /// A measured metric; `published` values of a row are matched to columns by metric name.
    public struct Column: Decodable, Sendable, Equatable {
        /// `map`, `precision@k`, `recall@k`, `success@k`, `mp@k`.
        public var metric: String
        public var header: String
        /// `percent` (×100, 1 decimal) or `fraction` (3 decimals).
        public var format: Format

        public enum Format: String, Decodable, Sendable, CaseIterable { case percent, fraction }

        enum CodingKeys: String, CodingKey, CaseIterable { case metric, header, format }

        public init(metric: String, header: String, format: Format = .percent) {
            self.metric = metric; self.header = header; self.format = format
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            metric = try c.decode(String.self, forKey: .metric)
            header = try c.decodeIfPresent(String.self, forKey: .header) ?? metric
            format = try c.decodeIfPresent(Format.self, forKey: .format) ?? .percent
        }

        func render(_ value: Double) -> String {
            switch format {
            case .percent: String(format: "%.1f", value * 100)
            case .fraction: String(format: "%.3f", value)
            }
        }
    }

    /// One experiment (its latest complete run), with optional published values for comparison.
    public struct Row: Decodable, Sendable, Equatable {
        /// The experiment name as stored (sweep runs carry their suffix, e.g. `name[k=16,power=1.0]`).
        public var experiment: String
        /// Display name; default: the experiment name.
        public var name: String?
        /// Published values by metric name (fractions), shown beside the measured ones.
        public var published: [String: Double]
        /// Where the published values come from (paper, table, file under ../shared/paper-tables).
        public var source: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case experiment, name, published, source }

        public init(experiment: String, name: String? = nil, published: [String: Double] = [:], source: String? = nil) {
            self.experiment = experiment; self.name = name; self.published = published; self.source = source
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            experiment = try c.decode(String.self, forKey: .experiment)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            published = try c.decodeIfPresent([String: Double].self, forKey: .published) ?? [:]
            source = try c.decodeIfPresent(String.self, forKey: .source)
        }
    }
}
