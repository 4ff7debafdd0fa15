/// Errors of the benchmarks (`cbir bench`): a bad argument, or a reference side that failed.
public enum BenchmarkError: Error, CustomStringConvertible, Equatable {
    case invalidArgument(key: String, value: String, expected: String)
    /// A reference process failed or printed no result.
    case reference(String)

    public var description: String {
        switch self {
        case .invalidArgument(let key, let value, let expected):
            "\(key): '\(value)' is not valid; expected \(expected)."
        case .reference(let problem):
            "benchmark: \(problem); check that scripts/setup has run (python3-torch) and the build is current."
        }
    }
}
