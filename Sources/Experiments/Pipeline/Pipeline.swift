import Datasets
import Foundation
import RetrievalCore
import ResultsStore

/// One run of one experiment, top to bottom: load the benchmark → record the run as started → resolve and check every
/// fit set → build (train) the descriptor → describe database and queries (cached) → fit the reduction steps and
/// reduce → search → re-rank → evaluate → store every query row, the aggregates and the provenance atomically. Any
/// error marks the run failed (with its message) and is rethrown; results already stored are never touched.
enum Pipeline {
    /// The tie rule of every ranking, recorded with each run.
    static let tieRule = "similarity descending; ties by ascending database index"

    static func run(_ plan: PlannedRun, store: ResultsStore, workspace: Workspace, threads: Int,
                    force: Bool) throws -> RunSummary {
        let config = plan.config
        let benchmark = try config.dataset.load()
        for warning in benchmark.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        let identity = benchmark.identity
        let revision = Provenance.numbersRevision
        if !force, revision != "unknown",
           let done = try store.completeRun(configHash: plan.configHash, datasetIdentity: identity, numbersRevision: revision) {
            return try RunSummary(run: done, store: store, reused: true)
        }
        let context = RunContext(workspace: workspace, threads: threads,
                                 datasetDescription: "\(benchmark.name) (\(benchmark.protocolName))")
        var record = RunRecord(
            experiment: plan.resolved.name, label: config.label,
            configText: plan.resolved.sources.map { "--- \($0.file)\n\($0.text)" }.joined(separator: "\n"),
            resolvedConfig: plan.resolved.canonicalText, configHash: plan.configHash,
            sweep: plan.resolved.assignment.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"),
            datasetName: benchmark.name, datasetProtocol: benchmark.protocolName, datasetIdentity: identity,
            codeVersion: Provenance.codeVersion(), libraryVersions: Provenance.libraryVersions(sqlite: try store.sqliteVersion()),
            machine: Provenance.machine(), apVariant: config.evaluation.ap.rawValue, tieRule: tieRule,
            preprocessing: "", seeds: "", startedAt: Provenance.now())
        record.numbersRevision = revision
        let runId = try store.beginRun(record)
        do {
            // Plan the chain's training: every fit set is resolved and checked (no query content, enough images)
            // before any image is decoded.
            let fitSets = try FitSets.resolve(config, evaluated: benchmark, context: context)
            try checkRerankers(config.rerank, databaseSize: benchmark.database.count)
            // Describe.
            let stage = try DescriptorStages.make(config.descriptor, database: benchmark.database.map(\.url),
                                                  context: context)
            var database = try stage.describe("describe database", urls: benchmark.database.map(\.url), crops: nil,
                                              context: context)
            var queries = try stage.describe("describe queries", urls: benchmark.queries.map(\.image.url),
                                             crops: benchmark.queries.map(\.crop), context: context)
            // Reduce: learned steps are fitted on their fit sets first.
            let reduction = try ReductionStages.fit(config.reduction, descriptor: stage, context: context)
            for step in reduction {
                step.apply(&database)
                step.apply(&queries)
            }
            try database.requireFinite(images: benchmark.database, stage: "describe database")
            try queries.requireFinite(images: benchmark.queries.map(\.image), stage: "describe queries")
            // Search and re-rank: each step leaves descriptors, scores and rankings for the next.
            var started = Date()
            var state = RankingState(database: database, queries: queries,
                                     excluded: benchmark.queries.map(\.excludedFromRanking))
            state.regions = try regions(for: config.rerank, stage: stage, benchmark: benchmark, context: context)
            context.record(stage: "search", seconds: Date().timeIntervalSince(started), items: queries.columns)
            for step in config.rerank {
                started = Date()
                state = step.parameters.apply(state)
                context.record(stage: "rerank \(step.label)", seconds: Date().timeIntervalSince(started),
                               items: queries.columns)
            }
            let rankings = state.rankings
            // Evaluate and store, with the provenance the stages decided, in one transaction.
            let evaluation = Evaluation(benchmark: benchmark, rankings: rankings, config: config.evaluation, runId: runId)
            try store.completeRun(id: runId, endedAt: Provenance.now(),
                                  provenance: RunProvenance(preprocessing: stage.preparation.summary, seeds: stage.seeds,
                                                            notes: (fitSets.map { "fit set " + $0 }
                                                                    + rerankNotes(config.rerank)).joined(separator: "\n")),
                                  queries: evaluation.queryRows, metrics: evaluation.metrics,
                                  timings: context.timings.map {
                                      TimingRecord(runId: runId, stage: $0.stage, seconds: $0.seconds, items: $0.items)
                                  })
            guard let done = try store.completeRun(configHash: plan.configHash, datasetIdentity: identity,
                                                   numbersRevision: revision) else {
                throw ResultsStoreError.unknownRun(runId)
            }
            return try RunSummary(run: done, store: store, reused: false)
        } catch {
            do {
                try store.failRun(id: runId, endedAt: Provenance.now(), message: String(describing: error))
            } catch let storeError {
                throw ExperimentError.failureNotRecorded(run: String(describing: error), store: String(describing: storeError))
            }
            throw error
        }
    }
}

extension Pipeline {
    /// Each re-ranker's neighbourhood against the database's size, before any extraction.
    static func checkRerankers(_ steps: [RerankStep], databaseSize n: Int) throws {
        for (i, step) in steps.enumerated() {
            if let problem = step.parameters.check(databaseSize: n) {
                throw ExperimentError.invalidValue(key: "rerank[\(i)].\(problem.key)", value: problem.problem,
                                                   expected: problem.expected)
            }
        }
    }

    /// The images' region vectors when a re-ranker needs them (the descriptor's cached extraction; plan time has
    /// checked that the descriptor has regions).
    static func regions(for steps: [RerankStep], stage: any DescriptorStage, benchmark: Benchmark,
                        context: RunContext) throws -> RegionSets? {
        guard steps.contains(where: \.parameters.needsRegions), let regional = stage as? PooledCNNStage,
              let database = try regional.regionVectors("regions of the database", urls: benchmark.database.map(\.url),
                                                        crops: nil, context: context),
              let queries = try regional.regionVectors("regions of the queries", urls: benchmark.queries.map(\.image.url),
                                                       crops: benchmark.queries.map(\.crop), context: context)
        else { return nil }
        return RegionSets(database: database, queries: queries)
    }

    /// A note per transductive re-ranker, stored with the run (reports mark its values §).
    static func rerankNotes(_ steps: [RerankStep]) -> [String] {
        steps.enumerated().filter(\.element.isTransductive).map { i, step in
            "rerank[\(i)]: \(step.label) is \(RunRecord.transductiveReranking) (one query's result depends on the others)"
        }
    }
}

extension Matrix {
    /// Columns of several matrices of equal row count, side by side.
    init(concatenating parts: [Matrix]) {
        let rows = parts.first?.rows ?? 0
        var values = [Float]()
        values.reserveCapacity(parts.reduce(0) { $0 + $1.values.count })
        for p in parts {
            precondition(p.rows == rows || p.columns == 0, "Matrix(concatenating:): \(p.rows) rows, expected \(rows)")
            values.append(contentsOf: p.values)
        }
        self.init(rows: rows, columns: values.count / max(rows, 1), values: values)
    }
}
