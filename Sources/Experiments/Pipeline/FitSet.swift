import Datasets
import Foundation
import RetrievalCore
import ResultsStore

/// A fit set: the **database images** of a declared training benchmark, on which one learned stage (a vocabulary,
/// a descriptor's whitening, a reduction step) is fitted. One concept for every learned stage, resolved for the
/// whole chain before any extraction (`FitSets.resolve`), with one leak check: no fit-set image may have the same
/// content (SHA-256 of the file) as a query of the evaluated benchmark — refused; sharing images with the evaluated
/// database only is allowed and recorded with the run.
struct FitSet: Sendable {
    /// Where the split is declared, e.g. `reduction[0].training`.
    let key: String
    /// The training dataset as configured, e.g. `smvs-dvd all objects 1–50`.
    let label: String
    let benchmark: Benchmark
    /// The fit images (the training benchmark's database) and their content hashes.
    let urls: [URL]
    let hashes: [String]
    /// How many of them the evaluated database holds (same content).
    let sharedWithDatabase: Int

    /// `reduction[0].training: smvs-dvd all objects 1–50, 600 images, identity 0123abcd…`: stored with the run.
    var description: String {
        "\(key): \(label), \(urls.count) images, identity \(benchmark.identity.prefix(16))"
            + (sharedWithDatabase > 0
                ? "; \(RunRecord.fitSetSharesDatabase) (\(sharedWithDatabase) of them; none with a query)" : "")
    }

    /// A group label per fit image (`TrainingGroups.groups`), for pair-trained stages.
    var groups: [Int] { TrainingGroups.groups(benchmark) }
}

enum FitSets {
    /// Resolves every fit set the config declares (descriptor and reduction steps), checks each for leaks and for
    /// the size its stage needs, and registers them with `context`; returns their descriptions for the run record.
    /// Reads ground truth and file bytes (hashes), never decodes an image.
    static func resolve(_ config: ExperimentConfig, evaluated benchmark: Benchmark, context: RunContext) throws -> [String] {
        let queryHashes = Set(try context.fileHashes(benchmark.queries.map(\.image.url)))
        let databaseHashes = Set(try context.fileHashes(benchmark.database.map(\.url)))
        var declared = config.descriptor.trainingDatasets.map { ($0.0, $0.1, 0) }
        for (i, step) in config.reduction.enumerated() {
            if let training = step.training {
                declared.append(("reduction[\(i)].training", training, step.parameters.minimumFitSetSize))
            }
        }
        var resolved: [FitSet] = []
        for (key, dataset, minimum) in declared {
            let training = try context.loadBenchmark(dataset)
            let urls = training.database.map(\.url)
            let hashes = try context.fileHashes(urls)
            let leaked = zip(training.database, hashes).filter { queryHashes.contains($0.1) }
            if let first = leaked.first {
                throw ExperimentError.trainingOverlapsQueries(key: key, training: "\(training.name) (\(training.protocolName))",
                                                              dataset: context.datasetDescription, count: leaked.count,
                                                              example: first.0.id)
            }
            if urls.count < minimum {
                let stepKey = key.replacingOccurrences(of: ".training", with: ".dims")
                throw ExperimentError.invalidValue(
                    key: stepKey, value: String(minimum - 1),
                    expected: "at most \(max(urls.count - 1, 0)): the fit set \(dataset.label) has \(urls.count) images, "
                        + "so its covariance has rank at most \(max(urls.count - 1, 0))")
            }
            resolved.append(FitSet(key: key, label: dataset.label, benchmark: training, urls: urls, hashes: hashes,
                                   sharedWithDatabase: hashes.filter { databaseHashes.contains($0) }.count))
        }
        context.register(resolved)
        return resolved.map(\.description)
    }
}

/// Ground-truth groups of a fit set, for pair-trained stages.
enum TrainingGroups {
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
