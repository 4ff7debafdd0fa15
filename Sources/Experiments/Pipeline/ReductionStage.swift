import Configuration
import Foundation
import RetrievalCore

/// Fits the `reduction:` steps in order. A learned step fits on its fit set (`FitSet`, resolved and checked before
/// any extraction): the fit images are described by the run's descriptor (cached extraction) and reduced by the steps
/// before; the model is cached by content — the step's decoded parameters (`DecodedText`), the training matrix and
/// the groups — inside the cache of the code revision.
enum ReductionStages {
    static func fit(_ steps: [ReductionStep], descriptor: any DescriptorStage, context: RunContext) throws -> [FittedReduction] {
        var fitted: [FittedReduction] = []
        for (index, step) in steps.enumerated() {
            let parameters = step.parameters
            guard step.training != nil else {
                fitted.append(try parameters.fit(Matrix(rows: 0, columns: 0), groups: []))
                continue
            }
            let fitSet = context.fitSet("reduction[\(index)].training")
            var data = try descriptor.describe("train \(step.label)", urls: fitSet.urls, crops: nil, context: context)
            for previous in fitted { previous.apply(&data) }
            fitted.append(try fitOrLoad(parameters, label: step.label, data: data,
                                        groups: parameters.needsGroups ? fitSet.groups : [], context: context))
        }
        return fitted
    }

    /// The model of one learned step on `data` (D×N, the fit set's reduced descriptors), from the cache or fitted.
    static func fitOrLoad(_ step: any ReductionStepParameters, label: String, data: Matrix, groups: [Int],
                          context: RunContext) throws -> FittedReduction {
        let key = ContentHash.combine(["reduction", DecodedText.render(step), "\(data.rows)x\(data.columns)",
                                       ContentHash.hex(data.values.withUnsafeBytes { Data($0) }),
                                       groups.map(String.init).joined(separator: ",")])
        if let cached = context.cache.load(namespace: "reduction", key: key) {
            return .linear(StoredProjection(stored: Matrix(rows: cached.rows, columns: cached.columns, values: cached.values)))
        }
        let started = Date()
        let model = try step.fit(data, groups: groups)
        context.record(stage: "fit \(label)", seconds: Date().timeIntervalSince(started), items: data.columns)
        guard case .linear(let projection) = model else { return model }
        let stored = projection.stored
        try context.cache.store(namespace: "reduction", key: key, rows: stored.rows, columns: stored.columns,
                                values: stored.values)
        return model
    }
}
