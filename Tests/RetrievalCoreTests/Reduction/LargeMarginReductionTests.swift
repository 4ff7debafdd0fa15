import Foundation
@testable import RetrievalCore
import TestSupport
import Testing

@Suite struct LargeMarginReductionTests {
    /// 40 objects × 8 views in 12-D: dimensions 0 and 1 carry the object (centres uniform with variance 1, views
    /// jittered by ±0.15), dimensions 2…11 are independent noise of the same variance. The answer is known: W should
    /// read dimensions 0 and 1 only. PCA-whitening (the initialisation) cannot tell them apart.
    static func toy(seed: UInt64 = 21) -> (data: Matrix, groups: [Int]) {
        var random = SplitMix64(seed: seed)
        let a = Double(3).squareRoot()
        var columns = [[Float]](), groups = [Int]()
        for o in 0..<40 {
            let centre = [random.uniform(-a, a), random.uniform(-a, a)]
            for _ in 0..<8 {
                var x = centre.map { Float($0 + random.uniform(-0.15, 0.15)) }
                for _ in 0..<10 { x.append(Float(random.uniform(-a, a))) }
                columns.append(x)
                groups.append(o)
            }
        }
        return (Matrix(columns: columns), groups)
    }

    static let parameters = LargeMarginReduction.Parameters(dimensions: 2, epochs: 8, pairsPerEpoch: 2_000,
                                                             learningRate: 0.01, seed: 1)

    /// Balanced accuracy ((TPR + TNR) / 2) of "squared distance < threshold" over every ordered matching pair and
    /// every non-matching pair.
    static func balancedAccuracy(_ groups: [Int], threshold: Double, _ distance: (Int, Int) -> Double) -> Double {
        var tp = 0, p = 0, tn = 0, n = 0
        for i in groups.indices { for j in groups.indices where i != j {
            let close = distance(i, j) < threshold
            if groups[i] == groups[j] { p += 1; tp += close ? 1 : 0 } else { n += 1; tn += close ? 0 : 1 }
        } }
        return (Double(tp) / Double(p) + Double(tn) / Double(n)) / 2
    }

    /// Share of ‖W‖² on the informative input dimensions 0 and 1.
    static func informativeShare(_ w: Matrix) -> Double {
        var informative = 0.0, total = 0.0
        for j in 0..<w.columns { for i in 0..<w.rows {
            let v = Double(w[i, j]) * Double(w[i, j])
            total += v
            if i < 2 { informative += v }
        } }
        return informative / total
    }

    @Test func separatesMatchingFromNonMatchingPairsOnAToyWithAKnownAnswer() throws {
        let (data, groups) = Self.toy()
        let model = try LargeMarginReduction.fit(data, pairs: .groups(groups), parameters: Self.parameters)
        #expect(model.inputDimension == 12 && model.outputDimension == 2 && model.lossPerEpoch.count == 8)
        // The loss decreases epoch over epoch on average: the last epochs' mean is well below the first epochs'.
        let loss = model.lossPerEpoch
        #expect(loss[5...].reduce(0, +) / 3 < 0.6 * loss[..<3].reduce(0, +) / 3, "loss per epoch \(loss)")
        #expect(zip(loss, loss.dropFirst()).filter { $1 < $0 }.count >= 5, "loss per epoch \(loss)")
        // W reads the informative dimensions; PCA-whitening's initialisation did not.
        let initial = try PCAWhitening.fit(data, dimensions: 2)
        #expect(Self.informativeShare(initial.projection) < 0.5)
        #expect(Self.informativeShare(model.projection) > 0.95, "share \(Self.informativeShare(model.projection))")
        // The learned threshold classifies pairs well, far better than PCA-whitening with its best threshold.
        let columns = (0..<data.columns).map { data.column($0) }
        let learned = Self.balancedAccuracy(groups, threshold: model.threshold) {
            model.squaredDistance(columns[$0], columns[$1])
        }
        #expect(learned > 0.85, "balanced accuracy \(learned)")
        let y = initial.apply(data)
        let whitened = (0..<data.columns).map { y.column($0) }
        let pcaDistance: (Int, Int) -> Double = { i, j in
            zip(whitened[i], whitened[j]).reduce(0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        }
        let best = stride(from: 0.25, through: 12, by: 0.25).map {
            Self.balancedAccuracy(groups, threshold: $0, pcaDistance)
        }.max()!
        #expect(learned > best + 0.1, "learned \(learned), PCA-whitening at its best threshold \(best)")
        // squaredDistance is ‖W(x − x′)‖² = ‖apply(x) − apply(x′)‖².
        let a = model.apply(columns[0]), b = model.apply(columns[9])
        let direct = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        #expect(abs(model.squaredDistance(columns[0], columns[9]) - direct) < 1e-4 * max(1, direct))
        #expect(model.predictsMatch(columns[0], columns[9]) == (direct < model.threshold))
    }

    /// Explicit pair lists and mini-batches learn the same toy.
    @Test func pairListsAndMiniBatches() throws {
        let (data, groups) = Self.toy(seed: 22)
        var matching = [ColumnPair](), nonMatching = [ColumnPair]()
        for i in groups.indices { for j in groups.indices where i != j {
            if groups[i] == groups[j] { matching.append(ColumnPair(i, j)) } else if (i + j) % 7 == 0 {
                nonMatching.append(ColumnPair(i, j))
            }
        } }
        var parameters = Self.parameters
        parameters.batchSize = 8
        parameters.epochs = 12
        let model = try LargeMarginReduction.fit(data, pairs: .lists(matching: matching, nonMatching: nonMatching),
                                                 parameters: parameters)
        #expect(Self.informativeShare(model.projection) > 0.9, "share \(Self.informativeShare(model.projection))")
        #expect(model.lossPerEpoch.last! < 0.6 * model.lossPerEpoch.first!, "loss \(model.lossPerEpoch)")
    }

    @Test func deterministic() throws {
        let (data, groups) = Self.toy()
        let first = try LargeMarginReduction.fit(data, pairs: .groups(groups), parameters: Self.parameters)
        let second = try LargeMarginReduction.fit(data, pairs: .groups(groups), parameters: Self.parameters)
        #expect(first == second)
        #expect(first.projection.values.map(\.bitPattern) == second.projection.values.map(\.bitPattern))
        var other = Self.parameters
        other.seed = 2
        #expect(try LargeMarginReduction.fit(data, pairs: .groups(groups), parameters: other) != first)
    }

    /// Pairs drawn from groups: matching pairs are two distinct members of one group, non-matching pairs cross
    /// groups; singletons never start a matching pair.
    @Test func pairsFromGroups() {
        let groups = [3, 1, 3, 7, 1, 3, 9]
        let sampler = PairSampler(.groups(groups), columns: groups.count)
        #expect(sampler.matchingCount == 5 && sampler.nonMatchingCount == 7)
        var random = SplitMix64(seed: 4)
        var seen = Set<ColumnPair>()
        for _ in 0..<2_000 {
            let m = sampler.matching(&random), n = sampler.nonMatching(&random)
            #expect(m.first != m.second && groups[m.first] == groups[m.second])
            #expect(groups[n.first] != groups[n.second])
            seen.insert(m)
        }
        // Every ordered matching pair is drawn: 3·2 in group 3, 2·1 in group 1.
        #expect(seen.count == 8)
    }

    @Test func errors() throws {
        let (data, groups) = Self.toy()
        var parameters = Self.parameters
        parameters.epochs = 1
        let fewer = RetrievalCoreError.tooFewPairs(model: "large-margin(12→2)", kind: "non-matching", count: 0,
                                                   needed: 1)
        #expect(throws: fewer) {
            try LargeMarginReduction.fit(data, pairs: .lists(matching: [ColumnPair(0, 1)], nonMatching: []),
                                         parameters: parameters)
        }
        #expect(fewer.description == "large-margin(12→2): 0 non-matching training pairs; expected at least 1. Train "
                    + "on a set with more objects (2 or more groups).")
        #expect(throws: fewer) {
            try LargeMarginReduction.fit(data, pairs: .groups(groups.map { _ in 5 }), parameters: parameters)
        }
        #expect(throws: RetrievalCoreError.tooFewPairs(model: "large-margin(12→2)", kind: "matching", count: 0,
                                                       needed: 1)) {
            try LargeMarginReduction.fit(data, pairs: .groups(Array(groups.indices)), parameters: parameters)
        }
        parameters.dimensions = 13
        #expect(throws: RetrievalCoreError.dimensionsExceedInput(model: "large-margin(12→13)", requested: 13,
                                                                 input: 12)) {
            try LargeMarginReduction.fit(data, pairs: .groups(groups), parameters: parameters)
        }
        // d above the training rank: 3 vectors span 2 dimensions.
        parameters.dimensions = 3
        #expect(throws: RetrievalCoreError.rankDeficientCovariance(model: "large-margin(12→3)", dimension: 12,
                                                                   requested: 3, positive: 2)) {
            try LargeMarginReduction.fit(data.columns([0, 1, 8]), pairs: .groups([0, 0, 1]), parameters: parameters)
        }
    }
}
