import Configuration
import RetrievalCore

/// `kind: learned-whitening` — Radenović, Tolias & Chum, ECCV 2016 (cirtorch `whitenlearn`): whiten by the
/// covariance of matching-pair differences, then rotate by the PCA of the whitened data (`RetrievalCore.
/// LearnedWhitening`); `regularization` adds that fraction of the mean eigenvalue to the pair covariance.
struct LearnedWhiteningStep: LearnedReductionParameters {
    var fitSet: DatasetConfig
    var dims: Int
    var regularization = 0.0

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, dims, training, regularization }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        (fitSet, dims) = try c.decodeLearned(training: .training, dims: .dims)
        regularization = try c.decode(Double.self, forKey: .regularization, default: 0,
                                      expected: "0 ≤ regularization ≤ 1", where: ValidRange.closed(0, 1))
    }

    var needsGroups: Bool { true }
    var methodLabel: String { "LW\(dims)" + (regularization == 0 ? "" : "(reg=\(formatParameter(regularization)))") }

    func fit(_ data: Matrix, groups: [Int]) throws -> FittedReduction {
        .linear(StoredProjection(try LearnedWhitening.fit(data, matchingPairs: TrainingGroups.matchingPairs(groups),
                                                          dimensions: dims, regularization: regularization)))
    }
}

/// `kind: large-margin` — the discriminative reduction of Simonyan, Parkhi, Vedaldi & Zisserman (BMVC 2013), used
/// for neural codes by Babenko et al. (ECCV 2014): W and b learned by seeded SGD on max(0, 1 − y(b − ‖W(x − x′)‖²))
/// over matching and non-matching pairs, W initialised by PCA-whitening (`RetrievalCore.LargeMarginReduction`).
struct LargeMarginStep: LearnedReductionParameters {
    var fitSet: DatasetConfig
    var dims: Int
    var epochs = 10
    var pairsPerEpoch = 100_000
    var learningRate = 0.01
    var batchSize = 1
    var seed = 0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, dims, training, epochs
        case pairsPerEpoch = "pairs_per_epoch"
        case learningRate = "learning_rate"
        case batchSize = "batch_size"
        case seed
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        (fitSet, dims) = try c.decodeLearned(training: .training, dims: .dims)
        epochs = try c.decode(Int.self, forKey: .epochs, default: 10, expected: "1 ≤ epochs ≤ 10000") { (1...10_000).contains($0) }
        pairsPerEpoch = try c.decode(Int.self, forKey: .pairsPerEpoch, default: 100_000, expected: "at least 1") {
            (1...100_000_000).contains($0)
        }
        learningRate = try c.decode(Double.self, forKey: .learningRate, default: 0.01, expected: "a rate in (0, 10]",
                                    where: ValidRange.open(0, closed: 10))
        batchSize = try c.decode(Int.self, forKey: .batchSize, default: 1, expected: "1 ≤ batch_size ≤ 65536") {
            (1...65_536).contains($0)
        }
        seed = try c.decode(Int.self, forKey: .seed, default: 0, expected: "a non-negative integer") { $0 >= 0 }
    }

    var needsGroups: Bool { true }
    var methodLabel: String { "LM\(dims)" }

    func fit(_ data: Matrix, groups: [Int]) throws -> FittedReduction {
        let parameters = LargeMarginReduction.Parameters(dimensions: dims, epochs: epochs, pairsPerEpoch: pairsPerEpoch,
                                                         learningRate: learningRate, batchSize: batchSize,
                                                         seed: UInt64(seed))
        return .linear(StoredProjection(try LargeMarginReduction.fit(data, pairs: .groups(groups), parameters: parameters)))
    }
}
