import Encoding
import RetrievalCore
import Testing

/// VLAD on a hand-worked 2-D example: centres c0 = (0,0), c1 = (10,0); points (1,0), (0,2) → c0 and (11,1) → c1,
/// so the residual sums are v0 = (1,2), v1 = (1,1).
@Suite struct VLADTests {
    let vocabulary = Vocabulary(centres: Matrix(columns: [[0, 0], [10, 0]]))
    let points = Matrix(columns: [[1, 0], [0, 2], [11, 1]])

    func close(_ a: [Float], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs(Double($0) - $1) < 1e-6 }
    }

    @Test func assignment() { #expect(vocabulary.assign(points) == [0, 0, 1]) }

    @Test func plain() {
        // (1,2,1,1)/√7
        let v = VLADEncoder(vocabulary: vocabulary, intraNormalization: false, power: 1).encode(points)
        let n = 7.0.squareRoot()
        #expect(close(v, [1 / n, 2 / n, 1 / n, 1 / n]))
    }

    @Test func powerLaw() {
        // (1,√2,1,1)/√5
        let v = VLADEncoder(vocabulary: vocabulary, intraNormalization: false, power: 0.5).encode(points)
        let n = 5.0.squareRoot()
        #expect(close(v, [1 / n, 2.0.squareRoot() / n, 1 / n, 1 / n]))
    }

    @Test func intraNormalization() {
        // (1,2)/√5 ⊕ (1,1)/√2, then /√2
        let v = VLADEncoder(vocabulary: vocabulary, intraNormalization: true, power: 1).encode(points)
        #expect(close(v, [1 / 10.0.squareRoot(), 2 / 10.0.squareRoot(), 0.5, 0.5]))
    }

    @Test func powerThenIntra() {
        // (1,√2)/√3 ⊕ (1,1)/√2, then /√2
        let v = VLADEncoder(vocabulary: vocabulary, intraNormalization: true, power: 0.5).encode(points)
        #expect(close(v, [1 / 6.0.squareRoot(), 2.0.squareRoot() / 6.0.squareRoot(), 0.5, 0.5]))
    }

    @Test func noFeaturesGiveAZeroVector() {
        let v = VLADEncoder(vocabulary: vocabulary).encode(Matrix(rows: 2, columns: 0))
        #expect(v == [0, 0, 0, 0])
    }

    @Test func kMeansIsDeterministicAndFindsSeparatedClusters() {
        // Three tight clusters around (0,0), (5,5), (10,0).
        var columns: [[Float]] = []
        for (cx, cy) in [(Float(0), Float(0)), (5, 5), (10, 0)] {
            for i in 0..<20 { columns.append([cx + Float(i % 5) * 0.01, cy + Float(i / 5) * 0.01]) }
        }
        let data = Matrix(columns: columns)
        let a = Vocabulary.fit(data, k: 3, seed: 7), b = Vocabulary.fit(data, k: 3, seed: 7)
        #expect(a == b)
        let centres = (0..<3).map { a.centres.column($0) }.sorted { $0[0] < $1[0] }
        #expect(abs(centres[0][0] - 0.02) < 1e-4 && abs(centres[0][1] - 0.015) < 1e-4)
        #expect(abs(centres[1][0] - 5.02) < 1e-4 && abs(centres[1][1] - 5.015) < 1e-4)
        #expect(abs(centres[2][0] - 10.02) < 1e-4 && abs(centres[2][1] - 0.015) < 1e-4)
    }
}
