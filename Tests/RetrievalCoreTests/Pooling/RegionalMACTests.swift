import Foundation
import RetrievalCore
import Testing

/// Region grids worked out by hand from Tolias et al.'s rules (see `RegionalMAC`), and a hand-worked R-MAC.
@Suite struct RegionalMACTests {
    typealias Region = RegionalMAC.Region

    static func squares(_ side: Int, _ offsets: [(Int, Int)]) -> [Region] {
        offsets.map { Region(y: $0.0, x: $0.1, height: side, width: side) }
    }

    /// 7×7, L = 3: square, so no extra regions. l=1: side ⌊14/2⌋ = 7, one region. l=2: side ⌊14/3⌋ = 4,
    /// half ⌊4/2 − 1⌋ = 1, b = (7 − 4)/1 = 3 → offsets ⌊1 + {0, 3}⌋ − 1 = {0, 3}. l=3: side ⌊14/4⌋ = 3,
    /// half ⌊0.5⌋ = 0, b = (7 − 3)/2 = 2 → offsets {0, 2, 4}. 1 + 4 + 9 = 14 regions.
    @Test func sevenBySeven() {
        let expected = Self.squares(7, [(0, 0)])
            + Self.squares(4, [(0, 0), (0, 3), (3, 0), (3, 3)])
            + Self.squares(3, [(0, 0), (0, 2), (0, 4), (2, 0), (2, 2), (2, 4), (4, 0), (4, 2), (4, 4)])
        #expect(RegionalMAC.regions(height: 7, width: 7, levels: 3) == expected)
        // cirtorch: the whole map first (here the same as level 1's region), then the same 14.
        #expect(RegionalMAC.regions(height: 7, width: 7, levels: 3, grid: .cirtorch)
                    == [Region(y: 0, x: 0, height: 7, width: 7)] + expected)
    }

    /// H = 10, W = 20: w = 10, b = 10/(steps − 1) = 10, 5, 3.33, 2.5, 2, 1.67 → overlap 1 − b/10 = 0, .5, .67, .75,
    /// .8, .83; closest to 0.4 is steps = 3, so 2 extra regions on the width.
    /// l=1: side 10, half 4; x: b = (20 − 10)/2 = 5 → {0, 5, 10}; y: {0}.
    /// l=2: side ⌊20/3⌋ = 6, half 2; x: b = 14/3 → ⌊2 + {0, 4.67, 9.33, 14}⌋ − 2 = {0, 4, 9, 14}; y: b = 4 → {0, 4}.
    /// l=3: side 5, half 1; x: b = 15/4 = 3.75 → ⌊1 + {0, 3.75, 7.5, 11.25, 15}⌋ − 1 = {0, 3, 7, 11, 15};
    /// y: b = 5/2 → ⌊1 + {0, 2.5, 5}⌋ − 1 = {0, 2, 5}. 3 + 8 + 15 = 26 regions.
    @Test func tenByTwenty() {
        let expected = Self.squares(10, [(0, 0), (0, 5), (0, 10)])
            + Self.squares(6, [0, 4].flatMap { y in [0, 4, 9, 14].map { (y, $0) } })
            + Self.squares(5, [0, 2, 5].flatMap { y in [0, 3, 7, 11, 15].map { (y, $0) } })
        let regions = RegionalMAC.regions(height: 10, width: 20, levels: 3)
        #expect(regions == expected)
        #expect(regions.count == 26)
        // Transposed map: the same regions with y and x swapped.
        let transposed = RegionalMAC.regions(height: 20, width: 10, levels: 3)
        #expect(Set(transposed) == Set(expected.map { Region(y: $0.x, x: $0.y, height: $0.width, width: $0.height) }))
    }

    /// 10×18: 2 and 3 regions both overlap by 0.2 away from 0.4 in exact arithmetic; in Double (as MATLAB) the
    /// error for 3 is 0.19999999999999996 < 0.20000000000000004, so level 1 has 3 regions at x = ⌊4 + {0, 4, 8}⌋ − 4.
    /// (cirtorch's float32 picks 2.)
    @Test func doubleArithmeticBreaksTheTenByEighteenTie() {
        #expect(RegionalMAC.regions(height: 10, width: 18, levels: 1) == Self.squares(10, [(0, 0), (0, 4), (0, 8)]))
    }

    @Test func levelsAreCumulative() {
        #expect(RegionalMAC.regions(height: 10, width: 20, levels: 1) == Self.squares(10, [(0, 0), (0, 5), (0, 10)]))
        #expect(RegionalMAC.regions(height: 1, width: 1, levels: 3) == Self.squares(1, [(0, 0)]))
    }

    /// 2×3×3 map, L = 2: regions (whole) + four 2×2 at offsets {0, 1}².
    /// channel 0 = [1 0 0; 0 0 0; 0 0 2], channel 1 = [0 0 3; 0 1 0; 0 0 0].
    /// MACs: whole (2, 3); (0,0) (1, 1); (0,1) (0, 3); (1,0) (0, 1); (1,1) (2, 1).
    @Test func handWorkedRMAC() {
        let map: [Float] = [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 3, 0, 1, 0, 0, 0, 0]
        let regions = RegionalMAC.regions(height: 3, width: 3, levels: 2)
        #expect(regions == Self.squares(3, [(0, 0)]) + Self.squares(2, [(0, 0), (0, 1), (1, 0), (1, 1)]))
        let vectors = RegionalMAC.regionVectors(map, channels: 2, height: 3, width: 3, regions: regions)
        let r13 = Float(13).squareRoot(), r2 = Float(2).squareRoot(), r5 = Float(5).squareRoot()
        let expectedColumns: [[Float]] = [[2 / r13, 3 / r13], [1 / r2, 1 / r2], [0, 1], [0, 1], [2 / r5, 1 / r5]]
        for (j, column) in expectedColumns.enumerated() {
            #expect(zip(vectors.column(j), column).allSatisfy { abs($0 - $1) < 1e-6 }, "region \(j)")
        }
        let sum = [2 / r13 + 1 / r2 + 2 / r5, 3 / r13 + 1 / r2 + 2 + 1 / r5]
        let norm = (sum[0] * sum[0] + sum[1] * sum[1]).squareRoot()
        let rmac = RegionalMAC.rmac(map, channels: 2, height: 3, width: 3, levels: 2)
        #expect(abs(rmac[0] - sum[0] / norm) < 1e-6 && abs(rmac[1] - sum[1] / norm) < 1e-6)
        // cirtorch's grid counts the whole map once more.
        let c = [sum[0] + 2 / r13, sum[1] + 3 / r13], cn = (c[0] * c[0] + c[1] * c[1]).squareRoot()
        let cirtorch = RegionalMAC.rmac(map, channels: 2, height: 3, width: 3, levels: 2, grid: .cirtorch)
        #expect(abs(cirtorch[0] - c[0] / cn) < 1e-6 && abs(cirtorch[1] - c[1] / cn) < 1e-6)
    }

    /// With whitening, each region is whitened and re-normalised before the sum: a whitening that swaps and scales
    /// the two channels (mean 0) maps region (a, b) to (b/2, 2a) before normalisation.
    @Test func whitenedRegionsAreRenormalisedBeforeTheSum() {
        let whitening = PCAWhitening(mean: [0, 0], projection: Matrix(rows: 2, columns: 2, values: [0, 2, 0.5, 0]),
                                     eigenvalues: [0.25, 4])
        let vectors = Matrix(columns: [[1, 0], [0, 1]])
        // (1, 0) → (0, 2) → (0, 1); (0, 1) → (0.5, 0) → (1, 0); sum (1, 1) → (1/√2, 1/√2).
        let v = RegionalMAC.aggregate(vectors, whitening: whitening)
        #expect(abs(v[0] - Float(0.5).squareRoot()) < 1e-6 && abs(v[1] - Float(0.5).squareRoot()) < 1e-6)
    }
}
