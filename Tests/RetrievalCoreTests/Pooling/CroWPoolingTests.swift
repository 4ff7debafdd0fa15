import Foundation
import RetrievalCore
import Testing

/// Hand-worked CroW on a 3×2×2 map: channel 0 = [1 0; 0 3], channel 1 = [2 2; 1 0], channel 2 = 0.
/// Z = [3 2; 1 3], ‖Z‖₂ = √23, S = √(Z/√23). Non-zero fractions Q = (1/2, 3/4, 0), ΣQ = 5/4, so
/// C = (log 2.5, log(5/3), 0).
@Suite struct CroWPoolingTests {
    let map: [Float] = [1, 0, 0, 3, 2, 2, 1, 0, 0, 0, 0, 0]
    let n23 = 23.0.squareRoot()

    @Test func spatialWeights() {
        let s = CroWPooling.spatialWeights(map, channels: 3, height: 2, width: 2)
        let expected = [3.0, 2, 1, 3].map { Float(($0 / n23).squareRoot()) }
        #expect(zip(s, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        // b = 1: no power; a = 1: the L1 norm.
        let l1 = CroWPooling.spatialWeights(map, channels: 3, height: 2, width: 2, a: 1, b: 1)
        #expect(zip(l1, [3, 2, 1, 3].map { Float($0) / 9 }).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func channelWeights() {
        let c = CroWPooling.channelWeights(map, channels: 3, height: 2, width: 2)
        #expect(abs(c[0] - Float(log(2.5))) < 1e-6 && abs(c[1] - Float(log(5.0 / 3))) < 1e-6 && c[2] == 0)
    }

    @Test func aggregate() {
        let f = CroWPooling.crow(map, channels: 3, height: 2, width: 2)
        let s = [3.0, 2, 1, 3].map { ($0 / n23).squareRoot() }
        let f0 = log(2.5) * (1 * s[0] + 3 * s[3])
        let f1 = log(5.0 / 3) * (2 * s[0] + 2 * s[1] + 1 * s[2])
        #expect(abs(Double(f[0]) - f0) < 1e-5 && abs(Double(f[1]) - f1) < 1e-5 && f[2] == 0)
    }

    @Test func anAllZeroMapGivesZeros() {
        #expect(CroWPooling.crow([Float](repeating: 0, count: 8), channels: 2, height: 2, width: 2) == [0, 0])
    }
}
