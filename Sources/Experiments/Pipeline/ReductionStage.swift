import Configuration
import Datasets
import Foundation
import RetrievalCore

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

/// Fits the `reduction:` steps in order. A learned step's fit set is the database of its `training` benchmark: its
/// images may share no content with a query (refused), and sharing images with the evaluated database is recorded
/// (`notes`). The images are described by the run's descriptor (cached extraction) and reduced by the steps before;
/// the model is cached by the content of that training matrix, the step's decoded parameters and the pairs.
/// Before any extraction the step's `dims` is checked against the fit set's size (a covariance of N vectors has rank
/// at most N − 1).
enum ReductionStages {
    static func fit(_ steps: [ReductionStep], descriptor: any DescriptorStage, benchmark: Benchmark,
                    context: RunContext) throws -> (steps: [FittedReduction], notes: [String]) {
        var fitted: [FittedReduction] = []
        var notes: [String] = []
        let queries = benchmark.queries.map(\.image.url)
        let databaseHashes = Set(try context.fileHashes(benchmark.database.map(\.url)))
        for (index, step) in steps.enumerated() {
            switch step {
            case .l2: fitted.append(.l2)
            case .power(let alpha): fitted.append(.power(Float(alpha)))
            case .learned(let learned):
                let key = "reduction[\(index)].training"
                let (training, urls, hashes) = try DescriptorStages.trainingImages(learned.training, key: key,
                                                                                   queries: queries, context: context)
                guard learned.dims <= urls.count - 1 else {
                    throw ExperimentError.invalidValue(
                        key: "reduction[\(index)].dims", value: String(learned.dims),
                        expected: "at most \(urls.count - 1): the fit set \(learned.training.label) has \(urls.count) images, "
                            + "so its covariance has rank at most \(urls.count - 1)")
                }
                let shared = hashes.filter { databaseHashes.contains($0) }.count
                if shared > 0 {
                    notes.append("\(key): the fit set \(learned.training.label) shares \(shared) images with the evaluated "
                                 + "database (not with any query)")
                }
                var data = try descriptor.describe("train \(step.label)", urls: urls, crops: nil, context: context)
                for previous in fitted { previous.apply(&data) }
                let model = try fitOrLoad(learned, label: step.label, data: data, training: training, context: context)
                fitted.append(.linear(model))
            }
        }
        return (fitted, notes)
    }

    /// The model of one learned step on `data` (D×N, the fit set's reduced descriptors), from the cache or fitted.
    static func fitOrLoad(_ step: LearnedReduction, label: String, data: Matrix, training: Benchmark,
                          context: RunContext) throws -> StoredProjection {
        let groups = step.needsPairs ? Self.groups(training) : []
        let key = ContentHash.combine(["reduction-v1", DecodedText.render(step),
                                       "\(data.rows)x\(data.columns)", ContentHash.hex(data.values.withUnsafeBytes { Data($0) }),
                                       groups.map(String.init).joined(separator: ",")])
        if let cached = context.cache.load(namespace: "reduction", key: key) {
            return StoredProjection(stored: Matrix(rows: cached.rows, columns: cached.columns, values: cached.values))
        }
        let started = Date()
        let model: StoredProjection
        switch step.kind {
        case .pca:
            model = StoredProjection(try PCA.fit(data, dimensions: step.dims).projection(dimensions: step.dims))
        case .pcaWhitening:
            model = StoredProjection(try PCA.fit(data, dimensions: step.dims)
                .whitening(dimensions: step.dims, power: step.power, shrinkage: step.shrinkage))
        case .learnedWhitening:
            model = StoredProjection(try LearnedWhitening.fit(data, matchingPairs: matchingPairs(groups), dimensions: step.dims,
                                                              regularization: step.regularization))
        case .largeMargin:
            let parameters = LargeMarginReduction.Parameters(
                dimensions: step.dims, epochs: step.epochs, pairsPerEpoch: step.pairsPerEpoch,
                learningRate: step.learningRate, batchSize: step.batchSize, seed: UInt64(step.seed))
            model = StoredProjection(try LargeMarginReduction.fit(data, pairs: .groups(groups), parameters: parameters))
        case .l2, .power:
            preconditionFailure("ReductionStages: \(step.kind) is not learned")
        }
        context.record(stage: "fit \(label)", seconds: Date().timeIntervalSince(started), items: data.columns)
        let stored = model.stored
        try context.cache.store(namespace: "reduction", key: key, rows: stored.rows, columns: stored.columns,
                                values: stored.values)
        return model
    }

    /// A group label per database image of `benchmark`: images that are positives of one query, and a query that is
    /// itself a database image with its positives, share a group (connected components); every other image is its
    /// own group. Labels are the smallest database index of the group, so they do not depend on query order.
    static func groups(_ benchmark: Benchmark) -> [Int] {
        var parent = Array(benchmark.database.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        func union(_ a: Int, _ b: Int) {
            let (x, y) = (find(a), find(b))
            if x != y { parent[max(x, y)] = min(x, y) }
        }
        for query in benchmark.queries {
            let members = query.judgement.positives.sorted() + query.excludedFromRanking.sorted()
            for m in members.dropFirst() { union(members[0], m) }
        }
        return benchmark.database.indices.map(find)
    }

    /// Every pair (i < j) of columns in one group, in index order.
    static func matchingPairs(_ groups: [Int]) -> [ColumnPair] {
        var members: [Int: [Int]] = [:]
        for (i, g) in groups.enumerated() { members[g, default: []].append(i) }
        return members.keys.sorted().flatMap { g -> [ColumnPair] in
            let m = members[g]!
            return m.indices.flatMap { a in (a + 1 ..< m.count).map { ColumnPair(m[a], m[$0]) } }
        }
    }
}
