import RetrievalCore
import Testing

/// A 2×1×3 map: channel 0 = [3 0 1], channel 1 = [4 2 1]. Positions (3, 4), (0, 2), (1, 1) → L2-normalised
/// (0.6, 0.8), (0, 1), (1/√2, 1/√2); a zero position stays zero.
@Suite struct LocalConvolutionalFeaturesTests {
    @Test func positionsBecomeNormalisedColumns() {
        let m = LocalConvolutionalFeatures.columns([3, 0, 1, 4, 2, 1], channels: 2, height: 1, width: 3)
        #expect(m.rows == 2 && m.columns == 3)
        let h = Float(0.5).squareRoot()
        #expect(zip(m.values, [0.6, 0.8, 0, 1, h, h] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func rowMajorPositionOrderAndZeroPosition() {
        // 1×2×2 map: positions (0,0), (0,1), (1,0), (1,1) = 2, 0, −3, 5 → 1, 0, −1, 1.
        let m = LocalConvolutionalFeatures.columns([2, 0, -3, 5], channels: 1, height: 2, width: 2)
        #expect(m.values == [1, 0, -1, 1])
    }
}
