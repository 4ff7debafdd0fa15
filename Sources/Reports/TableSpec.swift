import Configuration

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
///
/// A table over several datasets gives each column a `dataset` (a short key of the spec's choosing) and each row
/// one experiment per key:
///
///     columns:
///       - {dataset: ref, metric: map, header: "ref mAP"}
///       - {dataset: coil100, metric: map, header: "COIL-100 mAP"}
///     rows:
///       - {name: MAC, experiments: {ref: smvs-dvd/mac-effnet-ref, coil100: coil100/mac-effnet-zero}}
public struct TableSpec: Decodable, Sendable, Equatable {
    public var title: String
    public var description: String?
    public var columns: [Column]
    public var rows: [Row]
    public var notes: [String]
    /// The display name of a row every other row is compared with: their Markdown cells read `value (±difference)`
    /// in the column's unit, and the CSV gains `<metric>_difference` fields (an ablation table: how far each change
    /// moves the number).
    public var differencesFrom: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, description, columns, rows, notes
        case differencesFrom = "differences_from"
    }

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
        differencesFrom = try c.decodeIfPresent(String.self, forKey: .differencesFrom)
        if let reference = differencesFrom, !rows.contains(where: { $0.displayName == reference }) {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.differencesFrom], "no row is named '\(reference)'",
                                             expected: "the name of one of the rows")
        }
        let keys = Set(columns.map { $0.dataset ?? "" })
        for (i, row) in rows.enumerated() where row.experiments.isEmpty || !Set(row.experiments.keys).isSubset(of: keys) {
            let expected = keys == [""] ? "`experiment: <name>` (the columns name no dataset)"
                : "`experiments:` keyed by the columns' datasets (" + keys.sorted().joined(separator: ", ")
                    + "); a dataset left out shows as —"
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.rows, IndexCodingKey(i)],
                                             "the row's experiments do not match the columns", expected: expected)
        }
    }

    /// The dataset keys of the columns in order of first appearance ([nil] for a single-dataset table).
    public var datasets: [String?] {
        var seen: [String?] = []
        for column in columns where !seen.contains(column.dataset) { seen.append(column.dataset) }
        return seen
    }

    /// A measured metric; `published` values of a row are matched to columns by metric name.
    public struct Column: Decodable, Sendable, Equatable {
        /// The dataset key of a multi-dataset table (the rows' `experiments` key); nil for a single dataset.
        public var dataset: String?
        /// `map`, `precision@k`, `recall@k`, `success@k`, `mp@k`.
        public var metric: String
        public var header: String
        /// `percent` (×100, 1 decimal) or `fraction` (3 decimals).
        public var format: Format

        public enum Format: String, Decodable, Sendable, CaseIterable { case percent, fraction }

        enum CodingKeys: String, CodingKey, CaseIterable { case dataset, metric, header, format }

        public init(dataset: String? = nil, metric: String, header: String, format: Format = .percent) {
            self.dataset = dataset; self.metric = metric; self.header = header; self.format = format
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            dataset = try c.decodeIfPresent(String.self, forKey: .dataset)
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

        /// A difference with its sign, in the column's unit: `+1.3`, `−0.4`, `±0.0`.
        func renderDifference(_ value: Double) -> String {
            let text = render(abs(value))
            if text == render(0) { return "±" + text }
            return (value > 0 ? "+" : "−") + text
        }
    }

    /// One method: an experiment per dataset (its latest complete run), with optional published values.
    public struct Row: Decodable, Sendable, Equatable {
        /// Experiment names as stored (sweep runs carry their suffix, e.g. `name[k=16,power=1.0]`), by the columns'
        /// dataset key ("" for a single-dataset table, written `experiment:`).
        public var experiments: [String: String]
        /// Display name; default: the (first) experiment name.
        public var name: String?
        /// Published values by metric name (fractions), shown beside the measured ones; in a table over several
        /// datasets a key `<dataset>:<metric>` gives one column's value (e.g. `ox:map`), a plain metric every column's.
        public var published: [String: Double]
        /// Where the published values come from (paper, table, file under ../shared/paper-tables).
        public var source: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case experiment, experiments, name, published, source }

        public init(experiment: String, name: String? = nil, published: [String: Double] = [:], source: String? = nil) {
            self.init(experiments: ["": experiment], name: name, published: published, source: source)
        }

        public init(experiments: [String: String], name: String? = nil, published: [String: Double] = [:],
                    source: String? = nil) {
            self.experiments = experiments; self.name = name; self.published = published; self.source = source
        }

        /// The experiment of `dataset` (nil: the single-dataset table's).
        public func experiment(_ dataset: String?) -> String? { experiments[dataset ?? ""] }

        /// The published value for `column`: its `<dataset>:<metric>` entry, else its metric's.
        func publishedValue(_ column: Column) -> Double? {
            column.dataset.flatMap { published["\($0):\(column.metric)"] } ?? published[column.metric]
        }

        /// The display name: `name`, else the experiment names.
        public var displayName: String { name ?? experiments.keys.sorted().map { experiments[$0]! }.joined(separator: ", ") }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let single = try c.decodeIfPresent(String.self, forKey: .experiment) {
                if c.contains(.experiments) {
                    throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.experiments],
                                                     "both `experiment` and `experiments` are given",
                                                     expected: "one of them")
                }
                experiments = ["": single]
            } else {
                experiments = try c.decode([String: String].self, forKey: .experiments)
            }
            name = try c.decodeIfPresent(String.self, forKey: .name)
            published = try c.decodeIfPresent([String: Double].self, forKey: .published) ?? [:]
            source = try c.decodeIfPresent(String.self, forKey: .source)
        }
    }
}
