import Configuration
import RetrievalCore

/// `kind: l2` — each column scaled to unit L2 norm.
struct L2Step: ReductionStepParameters {
    enum CodingKeys: String, CodingKey, CaseIterable { case kind }

    init() {}
    init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: CodingKeys.self) }

    var label: String { "L2" }
    func fit(_ data: Matrix, groups: [Int]) throws -> FittedReduction { .l2 }
}

/// `kind: power` — signed power normalisation x ← sign(x)|x|^α (Perronnin et al. 2010; α = 0.5: signed square
/// root).
struct PowerStep: ReductionStepParameters {
    var alpha: Double

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, alpha }

    init(alpha: Double) { self.alpha = alpha }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        alpha = try c.decode(Double.self, forKey: .alpha, expected: "0 < alpha ≤ 1 (1 = none, 0.5 = signed square root)",
                             where: ValidRange.open(0, closed: 1))
    }

    var label: String { "pow(\(formatParameter(alpha)))" }
    func fit(_ data: Matrix, groups: [Int]) throws -> FittedReduction { .power(Float(alpha)) }
}

/// The parameters every learned linear step shares: its fit set and its output dimension.
protocol LearnedReductionParameters: ReductionStepParameters {
    /// Its database images are the fit set.
    var fitSet: DatasetConfig { get }
    /// Output dimensions d.
    var dims: Int { get }
    /// The label without the fit set, e.g. `PCAw128(pow=0.25)`.
    var methodLabel: String { get }
}

extension LearnedReductionParameters {
    var training: DatasetConfig? { fitSet }
    /// A covariance of N vectors has rank at most N − 1.
    var minimumFitSetSize: Int { dims + 1 }
    var label: String { methodLabel + "[\(fitSet.label)]" }

    func outputDimension(input: Int) throws(StageProblem) -> Int {
        guard dims <= input else {
            throw StageProblem(key: "dims", problem: "\(dims) dimensions, but the step receives \(input)",
                               expected: "at most \(input)")
        }
        return dims
    }
}

extension KeyedDecodingContainer {
    /// `training` and `dims` of a learned step.
    func decodeLearned(training: Key, dims: Key) throws -> (DatasetConfig, Int) {
        (try decode(DatasetConfig.self, forKey: training),
         try decode(Int.self, forKey: dims, expected: "at least 1") { (1...1_000_000).contains($0) })
    }
}
