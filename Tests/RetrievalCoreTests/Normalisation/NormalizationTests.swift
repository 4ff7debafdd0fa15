import RetrievalCore
import Testing

/// Hand-worked normalisations.
@Suite struct NormalizationTests {
    @Test func l2AndL1OfA345Vector() {
        var x: [Float] = [3, -4, 0]
        Normalization.l2(&x)
        #expect(x == [0.6, -0.8, 0])
        var y: [Float] = [1, -2, 1]
        Normalization.l1(&y)
        #expect(y == [0.25, -0.5, 0.25])
    }

    @Test func aZeroVectorStaysZero() {
        var x: [Float] = [0, 0]
        Normalization.l2(&x)
        Normalization.l1(&x)
        #expect(x == [0, 0])
    }

    @Test func signedPowerKeepsTheSign() {
        var x: [Float] = [4, -9, 0.25, 0]
        Normalization.signedPower(&x, alpha: 0.5)
        #expect(x == [2, -3, 0.5, 0])
        var y: [Float] = [-8, 27]
        Normalization.signedPower(&y, alpha: 1.0 / 3)
        #expect(abs(y[0] + 2) < 1e-6 && abs(y[1] - 3) < 1e-5)
    }

    @Test func columnsAreNormalisedIndependently() {
        var m = Matrix(rows: 2, columns: 2, values: [3, 4, 0, -2])
        Normalization.l2Columns(&m)
        #expect(m.values == [0.6, 0.8, 0, -1])
    }
}
