/// Numeric contents of pickled sequences as plain Swift arrays: Python lists / tuples of numbers, and numpy arrays
/// decoded by `NumpyArray(pickled:)` (C order). For error messages about malformed arrays call
/// `NumpyArray(pickled:file:path:)` directly; these helpers return nil instead.
public enum NumpyArrays {
    /// The values as Double (ints converted exactly up to 2⁵³), or nil if `value` is not a numeric sequence.
    public static func doubles(_ value: PickleValue) -> [Double]? {
        if let elements = value.elements {
            let values = elements.compactMap(\.double)
            return values.count == elements.count ? values : nil
        }
        guard NumpyArray.isArray(value), let array = try? NumpyArray(pickled: value) else { return nil }
        return array.doubles
    }

    /// The values as Int, or nil if `value` is not a sequence of integers (bools count as 0 / 1).
    public static func ints(_ value: PickleValue) -> [Int]? {
        if let elements = value.elements {
            let values = elements.compactMap(\.int)
            return values.count == elements.count ? values : nil
        }
        guard NumpyArray.isArray(value), let array = try? NumpyArray(pickled: value) else { return nil }
        return array.integers
    }
}
