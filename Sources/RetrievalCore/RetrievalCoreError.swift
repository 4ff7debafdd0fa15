/// Errors of RetrievalCore: data-dependent failures of the learnable stages (shape mismatches are preconditions).
public enum RetrievalCoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Fewer training vectors than needed to estimate the model.
    case tooFewTrainingVectors(model: String, count: Int, needed: Int)
    /// A training vector with NaN or ±∞.
    case nonFiniteTrainingData(model: String, column: Int)
    /// The training covariance has fewer positive eigenvalues than the dimensions asked for (whitening would divide
    /// by zero).
    case rankDeficientCovariance(model: String, dimension: Int, requested: Int, positive: Int)
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
        case let .lapackFailed(function, status):
            "\(function) returned status \(status); expected 0 (a negative status is an invalid argument, a positive "
                + "one a failure to converge)."
        case let .degenerateTrainingData(model, problem):
            "\(model): \(problem); expected varied training data. Train on more (varied) images or set the parameter."
        }
    }
}
