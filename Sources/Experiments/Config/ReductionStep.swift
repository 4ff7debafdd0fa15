import Configuration
import RetrievalCore

/// One step of `reduction:`, applied in order to database and query descriptors (D×N → D′×N), on any descriptor.
/// Fixed steps (`l2`, `power`) have no state; learned steps are fitted on the **database images of a declared
/// training benchmark** (`training:`, a fit set: described by the run's own descriptor and reduced by the steps
/// before) and refuse one that shares content with a query; one sharing images with the evaluated database is
/// allowed and recorded.
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
///
/// Adding a kind: its math in `RetrievalCore/Reduction/`, its parameter struct in `Config/Reduction/` (adopting
/// `ReductionStepParameters`: strict decoding, label, output dimension, fit), one line in `Kind`, its tests.
public struct ReductionStep: Decodable, Sendable, Equatable {
    /// The kind's parameters (one struct per kind; see `Kind.parameters`).
    let parameters: any ReductionStepParameters

    /// The registry: a `kind:` value reaches its parameter struct in one hop.
    public enum Kind: String, Decodable, Sendable, CaseIterable, ConfigurationValueNaming {
        case l2, power, pca
        case pcaWhitening = "pca-whitening"
        case learnedWhitening = "learned-whitening"
        case largeMargin = "large-margin"
        public static let configurationNoun = "reduction step"

        var parameters: any ReductionStepParameters.Type {
            switch self {
            case .l2: L2Step.self
            case .power: PowerStep.self
            case .pca: PCAStep.self
            case .pcaWhitening: PCAWhiteningStep.self
            case .learnedWhitening: LearnedWhiteningStep.self
            case .largeMargin: LargeMarginStep.self
            }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind }

    init(_ parameters: any ReductionStepParameters) { self.parameters = parameters }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(Kind.self, forKey: .kind)
        parameters = try kind.parameters.init(from: decoder)
    }

    public static func == (a: ReductionStep, b: ReductionStep) -> Bool { a.parameters.isEqual(to: b.parameters) }

    /// `L2`, `pow(0.5)`, `PCA128`, `PCAw128`, `PCAw128(pow=0.25, shrink=0.1)`, `LW128`, `LM128`, each learned step
    /// followed by its training set: `PCAw128[coil100 zero]`.
    public var label: String { parameters.label }

    /// The training benchmark of a learned step (nil for fixed steps).
    public var training: DatasetConfig? { parameters.training }
}

/// The parameters of one kind of reduction step: decoded strictly from YAML (its own `CaseIterable` `CodingKeys`
/// with `kind` and its parameters), owning its label, its plan-time checks and its fit. The model's cache identity
/// is the decoded parameters (`DecodedText`) with the content of the fit set's descriptors (`ReductionStages`).
protocol ReductionStepParameters: Decodable, Sendable, Equatable {
    var label: String { get }
    /// The fit set's benchmark; nil for a fixed step.
    var training: DatasetConfig? { get }
    /// Fewest fit-set images the step can learn from (checked before any extraction); 0 for a fixed step.
    var minimumFitSetSize: Int { get }
    /// Whether `fit` needs the fit set's ground-truth groups (pair-trained steps).
    var needsGroups: Bool { get }
    /// The output dimension D′ for D-dimensional input, or the problem with this step's parameters (plan time).
    func outputDimension(input: Int) throws(StageProblem) -> Int
    /// The step ready to apply. Learned steps fit on `data` (D×N: the fit set's descriptors after the steps
    /// before) with a group label per column when `needsGroups`; fixed steps ignore both.
    func fit(_ data: Matrix, groups: [Int]) throws -> FittedReduction
}

extension ReductionStepParameters {
    var training: DatasetConfig? { nil }
    var minimumFitSetSize: Int { 0 }
    var needsGroups: Bool { false }
    func outputDimension(input: Int) throws(StageProblem) -> Int { input }
}

extension ReductionStepParameters {
    func isEqual(to other: any ReductionStepParameters) -> Bool { (other as? Self) == self }
}

/// A problem with a stage's parameters found at plan time: the key (relative to the stage), what is wrong and what
/// would be accepted. The planner prefixes the stage's key path and the file location.
struct StageProblem: Error, Equatable {
    let key: String
    let problem: String
    let expected: String
}

/// A reduction step ready to apply (D×N → D′×N): fixed, or a fitted linear model x ↦ P(x − m).
enum FittedReduction: Sendable {
    case l2
    case power(Float)
    case linear(StoredProjection)

    func apply(_ descriptors: inout Matrix) {
        switch self {
        case .l2: Normalization.l2Columns(&descriptors)
        case .power(let alpha): Normalization.signedPower(&descriptors.values, alpha: alpha)
        case .linear(let model): descriptors = model.apply(descriptors)
        }
    }
}

/// A fitted linear model as the cache stores it: one D×(d + 1) matrix, the mean then Pᵀ's columns.
struct StoredProjection: LinearProjection, Equatable {
    let mean: [Float]
    let projection: Matrix

    init(_ model: some LinearProjection) {
        mean = model.mean
        projection = model.projection
    }

    init(stored m: Matrix) {
        mean = Array(m.values[0..<m.rows])
        projection = Matrix(rows: m.rows, columns: m.columns - 1, values: Array(m.values[m.rows...]))
    }

    var stored: Matrix { Matrix(rows: mean.count, columns: projection.columns + 1, values: mean + projection.values) }
}
