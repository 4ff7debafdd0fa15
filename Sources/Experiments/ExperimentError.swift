/// Errors of the Experiments module: configuration semantics, files, and runs. Each names the file or key and what
/// to do.
public enum ExperimentError: Error, CustomStringConvertible, Equatable {
    case unreadableFile(String)
    case missingDatasetRoot(dataset: String, path: String)
    case trainingOverlapsQueries(key: String, training: String, dataset: String, count: Int, example: String)
    case invalidValue(key: String, value: String, expected: String)
    case tooFewTrainingDescriptors(split: String, count: Int, k: Int)
    /// Runs of a batch that failed (each recorded as failed, its error reported when it ended).
    case runsFailed(failed: [String], of: Int)
    /// A run failed and the store could not record it as failed either.
    case failureNotRecorded(run: String, store: String)
    /// A descriptor with a NaN or infinite component (`row` of the image's column).
    case nonFiniteDescriptor(stage: String, image: String, value: String, row: Int)

    public var description: String {
        switch self {
        case .unreadableFile(let path):
            "\(path): cannot read the file; check that it exists and is readable."
        case .missingDatasetRoot(let dataset, let path):
            "dataset.root: '\(path)' does not exist (dataset \(dataset)); point `root` at the dataset's folder."
        case .trainingOverlapsQueries(let key, let training, let dataset, let count, let example):
            "\(key): \(count) training image(s) of \(training) have the same content as "
                + "queries of \(dataset) (e.g. \(example)); train on a split without the queries."
        case .invalidValue(let key, let value, let expected):
            "\(key): invalid value '\(value)'; expected \(expected)."
        case .tooFewTrainingDescriptors(let split, let count, let k):
            "descriptor.vocabulary.training: \(split) gives \(count) local descriptors, fewer than K = \(k) words; "
                + "choose a larger (textured) training split or a smaller K."
        case .runsFailed(let failed, let total):
            "\(failed.count) of \(total) run(s) failed and are recorded as failed: \(failed.joined(separator: ", ")); "
                + "their errors are printed above. Fix them and run again (complete runs are not redone)."
        case .nonFiniteDescriptor(let stage, let image, let value, let row):
            "\(stage): the descriptor of \(image) has a non-finite component (\(value) at row \(row)); check the image "
                + "and the descriptor's parameters (a cached entry is verified, so it is not the cache)."
        case .failureNotRecorded(let run, let store):
            "\(run) (the run could not be recorded as failed: \(store); it stays `running` until a later start marks "
                + "it abandoned)"
        }
    }
}
