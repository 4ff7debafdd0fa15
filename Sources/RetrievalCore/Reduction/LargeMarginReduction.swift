import CLinearAlgebra

/// Large-margin dimensionality reduction (Simonyan, Parkhi, Vedaldi & Zisserman, "Fisher Vector Faces in the Wild",
/// BMVC 2013; used to compress neural codes by Babenko, Slesarev, Chigorin & Lempitsky, ECCV 2014):
/// a projection W ∈ R^{d×D} and a threshold b such that matching pairs are closer than b − 1 and non-matching pairs
/// farther than b + 1 in squared distance ‖W(x − x′)‖², learned by stochastic gradient descent on the hinge loss
///
///     Σ max(0, 1 − y (b − ‖W ψ‖²)),  ψ = x − x′,  y = +1 (matching) or −1 (non-matching).
///
/// Each pair that violates its margin (y (b − ‖Wψ‖²) < 1) updates, as in the paper (its factor 2 absorbed in γ_W),
///
///     W ← W − γ_W y (W ψ) ψᵀ,   b ← b + γ_b y.
///
/// Initialisation: W₀ = the PCA-whitening of the training columns to d dimensions (`PCA`, power 1/2); b₀ = the
/// midpoint of the mean squared distances under W₀ of up to 1,000 matching and 1,000 non-matching pairs drawn before
/// the first epoch. Rates are relative, so that one setting suits descriptors of any scale: with s̄ = 2 tr(C), the mean
/// squared distance of two independent training vectors, γ_W = η / s̄ (a violating pair at a typical distance moves W
/// by about η of its length along ψ), and γ_b = η_b · 2d (2d is the mean squared distance of two independent training
/// vectors after W₀). Each epoch draws `pairsPerEpoch` pairs, alternately matching and non-matching (even draws
/// match), with `SplitMix64(seed)` (see `PairSampler`); pairs are processed in mini-batches of `batchSize` evaluated at
/// the same W and b with their updates summed (`batchSize` 1 is the paper's SGD).
///
/// `apply` is x ↦ W(x − m) with m the training mean: centring does not change distances ‖W(x − x′)‖; it makes W₀'s
/// output the PCA-whitened descriptor. Deterministic: the same data, pairs and parameters give a bit-identical model
/// (on the same BLAS build and thread count).
///
/// Cost: each batch reads Wᵀ (4·D·d bytes) twice; with D = 2,048 and d = 128 on the shared 2-core machine, 10⁶ pairs
/// took about 57 s one pair at a time and 18–28 s in batches of 64–256 (`ReductionBenchmark`; timings vary with the
/// load). Memory: the training matrix plus the PCA initialisation's (see `PCA`).
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `dimensions` d | — | output dimensions (rows of W); ≤ D and ≤ the training rank (the PCA-whitening initialisation) |
/// | `epochs` | 10 | passes of `pairsPerEpoch` pairs each |
/// | `pairsPerEpoch` | 100,000 | pairs drawn per epoch, half matching and half non-matching |
/// | `learningRate` η | 0.01 | relative step of W: γ_W = η / s̄ |
/// | `biasLearningRate` η_b | η | relative step of b: γ_b = η_b · 2d |
/// | `batchSize` | 1 | pairs evaluated at the same W and b before their updates are added (speed; 1 = plain SGD) |
/// | `seed` | 0 | the pair sampler's seed |
public struct LargeMarginReduction: LinearProjection, Equatable {
    /// The settings of a fit.
    public struct Parameters: Sendable, Hashable {
        public var dimensions: Int
        public var epochs: Int
        public var pairsPerEpoch: Int
        public var learningRate: Double
        public var biasLearningRate: Double?
        public var batchSize: Int
        public var seed: UInt64

        public init(dimensions: Int, epochs: Int = 10, pairsPerEpoch: Int = 100_000, learningRate: Double = 0.01,
                    biasLearningRate: Double? = nil, batchSize: Int = 1, seed: UInt64 = 0) {
            self.dimensions = dimensions
            self.epochs = epochs
            self.pairsPerEpoch = pairsPerEpoch
            self.learningRate = learningRate
            self.biasLearningRate = biasLearningRate
            self.batchSize = batchSize
            self.seed = seed
        }
    }

    /// The training mean m (length D).
    public let mean: [Float]
    /// Wᵀ, D×d: column j is the j-th row of W.
    public let projection: Matrix
    /// The learned threshold b on the squared distance ‖W(x − x′)‖²: below it, a pair is predicted to match.
    public let threshold: Double
    /// The mean hinge loss of each epoch's pairs, each evaluated when it was drawn (before its own update).
    public let lossPerEpoch: [Double]

    public init(mean: [Float], projection: Matrix, threshold: Double, lossPerEpoch: [Double]) {
        precondition(projection.rows == mean.count, "LargeMarginReduction: projection \(projection.rows)×"
                         + "\(projection.columns) for mean \(mean.count)")
        self.mean = mean
        self.projection = projection
        self.threshold = threshold
        self.lossPerEpoch = lossPerEpoch
    }

    /// ‖W(x − y)‖² for two vectors of length D.
    public func squaredDistance(_ x: [Float], _ y: [Float]) -> Double {
        precondition(x.count == inputDimension && y.count == inputDimension,
                     "LargeMarginReduction.squaredDistance: lengths \(x.count), \(y.count) for a "
                         + "\(inputDimension)-D model")
        let psi = zip(x, y).map { $0 - $1 }
        var u = [Float](repeating: 0, count: outputDimension)
        cblas_sgemv(CblasColMajor, CblasTrans, Int32(inputDimension), Int32(outputDimension), 1, projection.values,
                    Int32(inputDimension), psi, 1, 0, &u, 1)
        return u.reduce(0) { $0 + Double($1) * Double($1) }
    }

    /// True when ‖W(x − y)‖² < b (the pair is predicted to match).
    public func predictsMatch(_ x: [Float], _ y: [Float]) -> Bool { squaredDistance(x, y) < threshold }

    /// Learns W and b from the D×N columns of `data` and `pairs` (see the type's documentation for the algorithm).
    /// Throws when d > D, there is no matching or no non-matching pair, N < 2, a value is not finite, or the training
    /// covariance has rank < d (the PCA-whitening initialisation).
    public static func fit(_ data: Matrix, pairs: TrainingPairs,
                           parameters: Parameters) throws -> LargeMarginReduction {
        let d = data.rows, n = data.columns, k = parameters.dimensions
        let model = "large-margin(\(d)→\(k))"
        precondition(k >= 1 && parameters.epochs >= 0 && parameters.pairsPerEpoch >= 1 && parameters.batchSize >= 1,
                     "LargeMarginReduction.fit: dims, pairsPerEpoch and batchSize must be ≥ 1, epochs ≥ 0")
        precondition(parameters.learningRate >= 0 && (parameters.biasLearningRate ?? 0) >= 0,
                     "LargeMarginReduction.fit: negative learning rate")
        guard k <= d else { throw RetrievalCoreError.dimensionsExceedInput(model: model, requested: k, input: d) }
        let sampler = PairSampler(pairs, columns: n)
        guard sampler.matchingCount >= 1 else {
            throw RetrievalCoreError.tooFewPairs(model: model, kind: "matching", count: 0, needed: 1)
        }
        guard sampler.nonMatchingCount >= 1 else {
            throw RetrievalCoreError.tooFewPairs(model: model, kind: "non-matching", count: 0, needed: 1)
        }
        let pca = try PCA.fit(data, dimensions: k, model: model)
        let initial = pca.whitening()
        var w = initial.projection.values  // Wᵀ, D×k column-major
        let meanSquaredDistance = 2 * Double(d) * pca.meanEigenvalue  // s̄ = 2 tr(C)
        let stepW = meanSquaredDistance > 0 ? parameters.learningRate / meanSquaredDistance : 0
        let stepB = (parameters.biasLearningRate ?? parameters.learningRate) * 2 * Double(k)
        var random = SplitMix64(seed: parameters.seed)
        let x = data.values

        // b₀: midpoint of the mean squared distances of up to 1,000 pairs of each kind under W₀.
        let probe = min(parameters.pairsPerEpoch, 1_000)
        var probePairs = [ColumnPair]()
        for _ in 0..<probe { probePairs.append(sampler.matching(&random)) }
        for _ in 0..<probe { probePairs.append(sampler.nonMatching(&random)) }
        var probeDistances = [Double]()
        for start in stride(from: 0, to: probePairs.count, by: 256) {
            let batch = Array(probePairs[start ..< min(start + 256, probePairs.count)])
            var psi = [Float](repeating: 0, count: d * batch.count), u = [Float](repeating: 0, count: k * batch.count)
            differences(x, d, batch, into: &psi)
            project(w, d, k, psi, batch.count, &u)
            for t in 0..<batch.count { probeDistances.append(squaredNorm(u, t * k, k)) }
        }
        var b = (probeDistances[0..<probe].reduce(0, +) + probeDistances[probe...].reduce(0, +)) / Double(probe) / 2

        let losses = descend(x, d, k, &w, &b, sampler, &random, parameters, stepW: stepW, stepB: stepB)
        return LargeMarginReduction(mean: initial.mean, projection: Matrix(rows: d, columns: k, values: w),
                                    threshold: b, lossPerEpoch: losses)
    }

    /// The SGD epochs: updates Wᵀ (D×k) and b in place; returns the mean hinge loss per epoch.
    static func descend(_ x: [Float], _ d: Int, _ k: Int, _ w: inout [Float], _ b: inout Double,
                        _ sampler: PairSampler, _ random: inout SplitMix64, _ parameters: Parameters,
                        stepW: Double, stepB: Double) -> [Double] {
        var losses = [Double]()
        let batchSize = parameters.batchSize
        var batch = [ColumnPair](), labels = [Double]()
        var u = [Float](repeating: 0, count: k * batchSize), psi = [Float](repeating: 0, count: d * batchSize)
        for _ in 0..<parameters.epochs {
            var loss = 0.0
            for start in stride(from: 0, to: parameters.pairsPerEpoch, by: batchSize) {
                let count = min(batchSize, parameters.pairsPerEpoch - start)
                batch.removeAll(keepingCapacity: true)
                labels.removeAll(keepingCapacity: true)
                for t in start ..< start + count {
                    let matching = t % 2 == 0
                    batch.append(matching ? sampler.matching(&random) : sampler.nonMatching(&random))
                    labels.append(matching ? 1 : -1)
                }
                differences(x, d, batch, into: &psi)
                project(w, d, k, psi, count, &u)
                // Hinge loss; coefficients −γ_W y for the violators (0 otherwise) scale the columns of U = W Ψ.
                var biasStep = 0.0, violated = false
                for t in 0..<count {
                    let y = labels[t], margin = y * (b - squaredNorm(u, t * k, k))
                    if margin < 1 {
                        loss += 1 - margin
                        biasStep += stepB * y
                        violated = true
                        let c = Float(-stepW * y)
                        for j in 0..<k { u[t * k + j] *= c }
                    } else {
                        for j in 0..<k { u[t * k + j] = 0 }
                    }
                }
                guard violated else { continue }
                // Wᵀ (D×k) += Ψ (D×count) · (C U)ᵀ (count×k)
                if count == 1 {
                    cblas_sger(CblasColMajor, Int32(d), Int32(k), 1, psi, 1, u, 1, &w, Int32(d))
                } else {
                    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans, Int32(d), Int32(k), Int32(count), 1, psi,
                                Int32(d), u, Int32(k), 1, &w, Int32(d))
                }
                b += biasStep
            }
            losses.append(loss / Double(parameters.pairsPerEpoch))
        }
        return losses
    }

    /// Ψ (D×count, the first columns of `psi`): the differences x_first − x_second of `pairs`, column after column.
    private static func differences(_ x: [Float], _ d: Int, _ pairs: [ColumnPair], into psi: inout [Float]) {
        x.withUnsafeBufferPointer { x in
            psi.withUnsafeMutableBufferPointer { psi in
                for (t, pair) in pairs.enumerated() {
                    let i = pair.first * d, j = pair.second * d, o = t * d
                    for r in 0..<d { psi[o + r] = x[i + r] - x[j + r] }
                }
            }
        }
    }

    /// U (k×count) = W Ψ, with Wᵀ stored D×k.
    private static func project(_ w: [Float], _ d: Int, _ k: Int, _ psi: [Float], _ count: Int,
                                _ u: inout [Float]) {
        if count == 1 {
            cblas_sgemv(CblasColMajor, CblasTrans, Int32(d), Int32(k), 1, w, Int32(d), psi, 1, 0, &u, 1)
        } else {
            cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(count), Int32(d), 1, w, Int32(d),
                        psi, Int32(d), 0, &u, Int32(k))
        }
    }

    /// Σ u[offset ..< offset + k]² in double precision.
    private static func squaredNorm(_ u: [Float], _ offset: Int, _ k: Int) -> Double {
        var s = 0.0
        for j in offset ..< offset + k { s += Double(u[j]) * Double(u[j]) }
        return s
    }
}
