import Configuration
import RetrievalCore

/// `kind: pca` — x ↦ Vᵀ(x − m) onto the leading `dims` principal directions of the fit set (`RetrievalCore.PCA`).
struct PCAStep: LearnedReductionParameters {
    var fitSet: DatasetConfig
    var dims: Int

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, dims, training }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        (fitSet, dims) = try c.decodeLearned(training: .training, dims: .dims)
    }

    var methodLabel: String { "PCA\(dims)" }

    func fit(_ data: Matrix, groups: [Int]) throws -> FittedReduction {
        .linear(StoredProjection(try PCA.fit(data, dimensions: dims).projection(dimensions: dims)))
    }
}

/// `kind: pca-whitening` — x ↦ λ̃^(−power) Vᵀ(x − m) with λ̃ = (1 − s)λ + s·mean λ (`RetrievalCore.PCAWhitening`;
/// Jégou & Chum, ECCV 2012). `power` 0.5 is full whitening, 0 is PCA; `shrinkage` s pulls small eigenvalues
/// towards their mean.
struct PCAWhiteningStep: LearnedReductionParameters {
    var fitSet: DatasetConfig
    var dims: Int
    var power = 0.5
    var shrinkage = 0.0

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, dims, training, power, shrinkage }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        (fitSet, dims) = try c.decodeLearned(training: .training, dims: .dims)
        power = try c.decode(Double.self, forKey: .power, default: 0.5,
                             expected: "0 ≤ power ≤ 4 (0.5 = full whitening, 0 = PCA)", where: ValidRange.closed(0, 4))
        shrinkage = try c.decode(Double.self, forKey: .shrinkage, default: 0, expected: "0 ≤ shrinkage ≤ 1",
                                 where: ValidRange.closed(0, 1))
    }

    var methodLabel: String {
        let options = (power == 0.5 ? [] : ["pow=\(formatParameter(power))"])
            + (shrinkage == 0 ? [] : ["shrink=\(formatParameter(shrinkage))"])
        return "PCAw\(dims)" + (options.isEmpty ? "" : "(" + options.joined(separator: ", ") + ")")
    }

    func fit(_ data: Matrix, groups: [Int]) throws -> FittedReduction {
        .linear(StoredProjection(try PCA.fit(data, dimensions: dims)
            .whitening(dimensions: dims, power: power, shrinkage: shrinkage)))
    }
}
