import Foundation
import RetrievalCore
import Testing

@Suite struct MultiScaleCombinationTests {
    /// q = 1: the mean ((1,0) + (0.6,0.8))/2 = (0.8, 0.4), normalised (2, 1)/√5.
    @Test func meanOfScales() {
        let v = MultiScaleCombination.combine([[1, 0], [0.6, 0.8]])
        #expect(abs(v[0] - 2 / Float(5).squareRoot()) < 1e-6 && abs(v[1] - 1 / Float(5).squareRoot()) < 1e-6)
    }

    /// q = 3: ((1 + 0.216)/2)^(1/3) = 0.608^(1/3), (0.512/2)^(1/3) = 0.256^(1/3), then L2.
    @Test func generalisedMeanOfScales() {
        let v = MultiScaleCombination.combine([[1, 0], [0.6, 0.8]], exponent: 3)
        let a = pow(0.608, 1.0 / 3), b = pow(0.256, 1.0 / 3), n = (a * a + b * b).squareRoot()
        #expect(abs(Double(v[0]) - a / n) < 1e-6 && abs(Double(v[1]) - b / n) < 1e-6)
    }

    @Test func oneScaleIsItsOwnNormalisation() {
        #expect(MultiScaleCombination.combine([[3, 4]], exponent: 3) == [0.6, 0.8])
    }
}
