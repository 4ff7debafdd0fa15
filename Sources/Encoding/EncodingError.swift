/// Errors of the Encoding module: data-dependent failures of training (too little data, failing VLFeat calls).
public enum EncodingError: Error, CustomStringConvertible, Equatable {
    /// Fewer training descriptors than clusters.
    case tooFewTrainingDescriptors(model: String, count: Int, k: Int)
    /// A VLFeat constructor returned NULL.
    case vlfeatAllocationFailed(function: String)
    /// Training data containing NaN or ±∞ (would silently corrupt every centre).
    case nonFiniteTrainingData(model: String, column: Int)

    public var description: String {
        switch self {
        case let .tooFewTrainingDescriptors(model, count, k):
            return "\(model): \(count) training descriptors for K = \(k); expected at least K. "
                + "Lower K or train on more images."
        case let .vlfeatAllocationFailed(function):
            return "\(function) returned NULL; expected a VLFeat object. Check free memory or lower K / the sample size."
        case let .nonFiniteTrainingData(model, column):
            return "\(model): training descriptor \(column) contains NaN or ±∞; expected finite values. "
                + "Check the feature extractor's output."
        }
    }
}
