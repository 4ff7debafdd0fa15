/// Errors of RetrievalCore: data-dependent failures of the learnable stages (shape mismatches are preconditions).
public enum RetrievalCoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Fewer training vectors than needed to estimate the model.
    case tooFewTrainingVectors(model: String, count: Int, needed: Int)
    /// A training vector with NaN or ±∞.
    case nonFiniteTrainingData(model: String, column: Int)
    /// The training covariance has fewer positive eigenvalues than the dimensions asked for (whitening would divide
    /// by zero).
    case rankDeficientCovariance(model: String, dimension: Int, requested: Int, positive: Int)
    /// More output dimensions asked for than the input has.
    case dimensionsExceedInput(model: String, requested: Int, input: Int)
    /// Fewer training pairs of one kind ("matching" or "non-matching") than the model needs.
    case tooFewPairs(model: String, kind: String, count: Int, needed: Int)
    /// The second moment of the matching-pair differences is singular, so it cannot be inverted for whitening.
    case rankDeficientPairCovariance(model: String, dimension: Int, positive: Int, pairs: Int)
    /// A LAPACK routine returned a non-zero status.
    case lapackFailed(function: String, status: Int)
    /// Training data from which a parameter cannot be estimated (e.g. NetVLAD's α would be infinite).
    case degenerateTrainingData(model: String, problem: String)

    public var description: String {
        switch self {
        case let .tooFewTrainingVectors(model, count, needed):
            "\(model): \(count) training vectors; expected at least \(needed). Train on more images."
        case let .nonFiniteTrainingData(model, column):
            "\(model): training vector \(column) contains NaN or ±∞; expected finite values. "
                + "Check the descriptor's output."
        case let .rankDeficientCovariance(model, dimension, requested, positive):
            "\(model): the training covariance (\(dimension)×\(dimension)) has \(positive) positive eigenvalues, fewer "
                + "than the \(requested) dimensions asked for; expected dims ≤ \(positive). Set whitening.dims or train "
                + "on more (varied) images."
        case let .dimensionsExceedInput(model, requested, input):
            "\(model): \(requested) output dimensions asked for a \(input)-dimensional input; "
                + "expected dims ≤ \(input). Lower dims or use a larger descriptor."
        case let .tooFewPairs(model, kind, count, needed):
            "\(model): \(count) \(kind) training pairs; expected at least \(needed). Train on a set with more "
                + (kind == "matching" ? "images per object (groups of 2 or more)." : "objects (2 or more groups).")
        case let .rankDeficientPairCovariance(model, dimension, positive, pairs):
            "\(model): the second moment of the \(pairs) matching-pair differences (\(dimension)×\(dimension)) has "
                + "\(positive) positive eigenvalues; expected \(dimension) (learned whitening inverts it). "
                + "Train on more matching pairs (at least \(dimension)), reduce the input first (e.g. a pca step) "
                + "or set regularization."
        case let .lapackFailed(function, status):
            "\(function) returned status \(status); expected 0 (a negative status is an invalid argument, a positive "
                + "one a failure to converge)."
        case let .degenerateTrainingData(model, problem):
            "\(model): \(problem); expected varied training data. Train on more (varied) images or set the parameter."
        }
    }
}
