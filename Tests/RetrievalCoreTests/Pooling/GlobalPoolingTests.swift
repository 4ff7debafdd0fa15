import RetrievalCore
import Testing

/// Hand-worked values on a 2×2×3 map: channel 0 = [1 2 3; 4 5 6], channel 1 = [0 −1 2; 8 0 1].
@Suite struct GlobalPoolingTests {
    let map: [Float] = [1, 2, 3, 4, 5, 6, 0, -1, 2, 8, 0, 1]

    @Test func mac() { #expect(GlobalPooling.mac(map, channels: 2, height: 2, width: 3) == [6, 8]) }

    @Test func spoc() { #expect(GlobalPooling.spoc(map, channels: 2, height: 2, width: 3) == [21, 10]) }

    @Test func gemWithPOneIsTheMeanOfTheClampedMap() {
        // channel 1 clamps −1 and 0 to ε: (ε + ε + 2 + 8 + ε + 1)/6 ≈ 11/6
        let g = GlobalPooling.gem(map, channels: 2, height: 2, width: 3, p: 1)
        #expect(abs(g[0] - 3.5) < 1e-6 && abs(g[1] - 11.0 / 6.0) < 1e-5)
    }

    @Test func gemWithPThree() {
        // ((1 + 8 + 27 + 64 + 125 + 216)/6)^(1/3) = 73.5^(1/3) = 4.188859…
        let g = GlobalPooling.gem(map, channels: 2, height: 2, width: 3, p: 3)
        #expect(abs(g[0] - 4.188_859) < 1e-4)
    }

    @Test func gemApproachesMACForLargeP() {
        let g = GlobalPooling.gem(map, channels: 2, height: 2, width: 3, p: 60)
        #expect(abs(g[0] - 6) / 6 < 0.04 && abs(g[1] - 8) / 8 < 0.04)
    }

    @Test func centrePriorWeighsTheCentreMost() {
        // 1×3×3 map of ones: weights exp(−d²/(2σ²)), σ = 0.5: centre 1, edges e^−2, corners e^−4.
        let s = GlobalPooling.spoc([Float](repeating: 1, count: 9), channels: 1, height: 3, width: 3, centrePrior: true)
        let expected = 1 + 4 * exp(-2.0) + 4 * exp(-4.0)
        #expect(abs(Double(s[0]) - expected) < 1e-5)
    }
}

import Foundation
