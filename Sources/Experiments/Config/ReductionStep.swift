import Configuration

/// One step of `reduction:`, applied in order to database and query descriptors (D×N → D′×N). Fixed steps (`l2`,
/// `power`) have no state; learned steps are fitted on the **database images of a declared training benchmark**
/// (`training:`, described by the run's own descriptor and the steps before) and refuse one that shares content with
/// a query; one sharing images with the evaluated database is allowed and recorded.
///
/// | kind | parameters | what it learns (RetrievalCore) |
/// |---|---|---|
/// | `l2` | — | — (each column to unit length) |
/// | `power` | `alpha` | — (x ← sign(x)\|x\|^α) |
/// | `pca` | `dims`, `training` | `PCA`: x ↦ Vᵀ(x − m), leading `dims` principal directions |
/// | `pca-whitening` | `dims`, `training`, `power` (0.5), `shrinkage` (0) | `PCAWhitening`: x ↦ λ̃^(−power) Vᵀ(x − m), λ̃ = (1 − s)λ + s·mean λ |
/// | `learned-whitening` | `dims`, `training`, `regularization` (0) | `LearnedWhitening` (Radenović et al. ECCV 2016, cirtorch `whitenlearn`): matching-pair whitening, then PCA |
/// | `large-margin` | `dims`, `training`, `epochs` (10), `pairs_per_epoch` (100000), `learning_rate` (0.01), `batch_size` (1), `seed` (0) | `LargeMarginReduction` (Simonyan et al. BMVC 2013): hinge-loss SGD from PCA-whitening |
///
/// Pair-trained steps take matching pairs from the training benchmark's ground truth (database images that are
/// positives of one query, or a query and its positives when the query is a database image); every other pair of
/// distinct groups is non-matching. None of the steps normalises: add `- kind: l2` after it where the method does.
public enum ReductionStep: Decodable, Sendable, Equatable {
    case l2
    case power(alpha: Double)
    case learned(LearnedReduction)

    public enum Kind: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case l2, power, pca
        case pcaWhitening = "pca-whitening"
        case learnedWhitening = "learned-whitening"
        case largeMargin = "large-margin"
        public static let configurationNoun = "reduction step"
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, alpha, dims, training, power, shrinkage, regularization, epochs
        case pairsPerEpoch = "pairs_per_epoch"
        case learningRate = "learning_rate"
        case batchSize = "batch_size"
        case seed
    }

    /// The keys each kind takes besides `kind`.
    static func keys(of kind: Kind) -> Set<CodingKeys> {
        switch kind {
        case .l2: []
        case .power: [.alpha]
        case .pca: [.dims, .training]
        case .pcaWhitening: [.dims, .training, .power, .shrinkage]
        case .learnedWhitening: [.dims, .training, .regularization]
        case .largeMargin: [.dims, .training, .epochs, .pairsPerEpoch, .learningRate, .batchSize, .seed]
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(Kind.self, forKey: .kind)
        let allowed = Self.keys(of: kind)
        if let stray = CodingKeys.allCases.first(where: { $0 != .kind && !allowed.contains($0) && c.contains($0) }) {
            throw ConfigurationError.invalid(at: c.codingPath + [stray], "`\(stray.rawValue)` does not apply to `\(kind.rawValue)`",
                                             expected: allowed.isEmpty ? "no other key" : "only "
                                                 + allowed.map(\.rawValue).sorted().joined(separator: ", "))
        }
        func number<T: Decodable & Sendable & Comparable>(_ key: CodingKeys, default value: T? = nil,
                                                           _ range: ClosedRange<T>, _ expected: String) throws -> T {
            guard let value else { return try c.decode(T.self, forKey: key, expected: expected) { range.contains($0) } }
            return try c.decode(T.self, forKey: key, default: value, expected: expected) { range.contains($0) }
        }
        switch kind {
        case .l2: self = .l2
        case .power:
            self = .power(alpha: try c.decode(Double.self, forKey: .alpha,
                                              expected: "0 < alpha ≤ 1 (1 = none, 0.5 = signed square root)",
                                              where: ValidRange.open(0, closed: 1)))
        case .pca, .pcaWhitening, .learnedWhitening, .largeMargin:
            var step = LearnedReduction(kind: kind, training: try c.decode(DatasetConfig.self, forKey: .training),
                                        dims: try number(.dims, 1...1_000_000, "at least 1"))
            switch kind {
            case .pcaWhitening:
                step.power = try c.decode(Double.self, forKey: .power, default: 0.5,
                                          expected: "0 ≤ power ≤ 4 (0.5 = full whitening, 0 = PCA)", where: ValidRange.closed(0, 4))
                step.shrinkage = try c.decode(Double.self, forKey: .shrinkage, default: 0, expected: "0 ≤ shrinkage ≤ 1",
                                              where: ValidRange.closed(0, 1))
            case .learnedWhitening:
                step.regularization = try c.decode(Double.self, forKey: .regularization, default: 0,
                                                   expected: "0 ≤ regularization ≤ 1", where: ValidRange.closed(0, 1))
            case .largeMargin:
                step.epochs = try number(.epochs, default: 10, 1...10_000, "1 ≤ epochs ≤ 10000")
                step.pairsPerEpoch = try number(.pairsPerEpoch, default: 100_000, 1...100_000_000, "at least 1")
                step.learningRate = try c.decode(Double.self, forKey: .learningRate, default: 0.01,
                                                 expected: "a rate in (0, 10]", where: ValidRange.open(0, closed: 10))
                step.batchSize = try number(.batchSize, default: 1, 1...65_536, "1 ≤ batch_size ≤ 65536")
                step.seed = try number(.seed, default: 0, 0...Int.max, "a non-negative integer")
            default: break
            }
            self = .learned(step)
        }
    }

    /// `L2`, `pow(0.5)`, `PCA128`, `PCAw128`, `PCAw128(pow=0.25, shrink=0.1)`, `LW128`, `LM128`, each learned step
    /// followed by its training set: `PCAw128[coil100 zero]`.
    public var label: String {
        switch self {
        case .l2: "L2"
        case .power(let alpha): "pow(\(formatParameter(alpha)))"
        case .learned(let step): step.label
        }
    }

    /// The training benchmark of a learned step.
    var training: DatasetConfig? {
        if case .learned(let step) = self { return step.training }
        return nil
    }
}

/// The parameters of a learned reduction step (`ReductionStep`'s table gives each kind's).
public struct LearnedReduction: Sendable, Equatable {
    public var kind: ReductionStep.Kind
    /// Its database images are the fit set.
    public var training: DatasetConfig
    /// Output dimensions d.
    public var dims: Int
    public var power = 0.5
    public var shrinkage = 0.0
    public var regularization = 0.0
    public var epochs = 10
    public var pairsPerEpoch = 100_000
    public var learningRate = 0.01
    public var batchSize = 1
    public var seed = 0

    var needsPairs: Bool { kind == .learnedWhitening || kind == .largeMargin }

    public var label: String {
        var text: String
        switch kind {
        case .pca: text = "PCA\(dims)"
        case .pcaWhitening:
            text = "PCAw\(dims)"
            let options = (power == 0.5 ? [] : ["pow=\(formatParameter(power))"])
                + (shrinkage == 0 ? [] : ["shrink=\(formatParameter(shrinkage))"])
            if !options.isEmpty { text += "(" + options.joined(separator: ", ") + ")" }
        case .learnedWhitening: text = "LW\(dims)" + (regularization == 0 ? "" : "(reg=\(formatParameter(regularization)))")
        case .largeMargin: text = "LM\(dims)"
        case .l2, .power: preconditionFailure("LearnedReduction: \(kind) is not learned")
        }
        return text + "[\(training.label)]"
    }
}
