/// Two training vectors given by their column indices in a D×N training matrix (0-based), e.g. a matching pair
/// (query, positive) for learned whitening or a (non-)matching pair for the large-margin reduction.
public struct ColumnPair: Hashable, Sendable {
    public let first: Int
    public let second: Int

    public init(_ first: Int, _ second: Int) {
        self.first = first
        self.second = second
    }
}
