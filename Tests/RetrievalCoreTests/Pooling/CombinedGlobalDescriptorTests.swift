import RetrievalCore
import Testing
import TestSupport

/// CGD's combination by hand: components (1, 0) and (0.6, 0.8).
@Suite struct CombinedGlobalDescriptorTests {
    let components = Matrix(rows: 2, columns: 2, values: [1, 0, 0.6, 0.8])

    /// Unit components concatenated, then L2: (1, 0, 0.6, 0.8)/√2.
    @Test func concatenationOfUnitComponentsIsNormalised() {
        let v = CombinedGlobalDescriptor.combine(components)
        let r = 1 / 2.0.squareRoot()
        #expect(Approximate.equal(v.map(Double.init), [r, 0, 0.6 * r, 0.8 * r], tolerance: 1e-6))
    }

    /// Component 1 reduced to 1-D by the direction (1, 1) around mean 0: 1 → L2 → (1). Component 2 centred on
    /// (0.6, 0) and projected on the identity: (0, 0.8) → L2 → (0, 1). Concatenation (1, 0, 1)/√2.
    @Test func eachComponentIsWhitenedByItsOwnModel() {
        let w1 = PCAWhitening(mean: [0, 0], projection: Matrix(rows: 2, columns: 1, values: [1, 1]), eigenvalues: [1])
        let w2 = PCAWhitening(mean: [0.6, 0], projection: Matrix(rows: 2, columns: 2, values: [1, 0, 0, 1]),
                              eigenvalues: [1, 1])
        let v = CombinedGlobalDescriptor.combine(components, whitening: [w1, w2])
        let r = 1 / 2.0.squareRoot()
        #expect(Approximate.equal(v.map(Double.init), [r, 0, r], tolerance: 1e-6))
    }
}
