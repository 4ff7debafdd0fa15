import Encoding
import Foundation
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

    /// A point equidistant from both centres goes to the lower index.
    @Test func assignmentTiesGoToTheLowestIndex() {
        #expect(vocabulary.assign(Matrix(columns: [[5, 0], [5, 3]])) == [0, 0])
    }

    @Test func plain() {
        // (1,2,1,1)/√7
        let encoder = VLADEncoder(vocabulary: vocabulary, intraNormalization: false, power: 1)
        let n = 7.0.squareRoot()
        #expect(close(encoder.encode(points), [1 / n, 2 / n, 1 / n, 1 / n]))
        #expect(encoder.label == "VLAD(K=2)" && encoder.steps == ["L2"])
    }

    @Test func powerLaw() {
        // √ → (1,√2,1,1), ‖·‖² = 5 → (1,√2,1,1)/√5
        let encoder = VLADEncoder(vocabulary: vocabulary, intraNormalization: false, power: 0.5)
        let n = 5.0.squareRoot()
        #expect(close(encoder.encode(points), [1 / n, 2.0.squareRoot() / n, 1 / n, 1 / n]))
        #expect(encoder.label == "VLAD(K=2, α=0.5)" && encoder.steps == ["power(α=0.5)", "L2"])
    }

    @Test func intraNormalization() {
        // (1,2)/√5 ⊕ (1,1)/√2, then ‖·‖ = √2 → (1/√10, 2/√10, 1/2, 1/2)
        let encoder = VLADEncoder(vocabulary: vocabulary, intraNormalization: true, power: 1)
        #expect(close(encoder.encode(points), [1 / 10.0.squareRoot(), 2 / 10.0.squareRoot(), 0.5, 0.5]))
        #expect(encoder.label == "VLAD(K=2, intra)" && encoder.steps == ["intra", "L2"])
    }

    @Test func powerThenIntra() {
        // √ → (1,√2) and (1,1); intra → (1,√2)/√3 ⊕ (1,1)/√2; then /√2 → (1/√6, √2/√6, 1/2, 1/2)
        let encoder = VLADEncoder(vocabulary: vocabulary)
        #expect(close(encoder.encode(points), [1 / 6.0.squareRoot(), 2.0.squareRoot() / 6.0.squareRoot(), 0.5, 0.5]))
        #expect(encoder.label == "VLAD(K=2, intra, α=0.5)" && encoder.steps == ["power(α=0.5)", "intra", "L2"])
    }

    /// A general α runs in Swift: α = 0.25 → (1, 2^¼, 1, 1), ‖·‖² = 3 + √2.
    @Test func generalPowerLaw() {
        let encoder = VLADEncoder(vocabulary: vocabulary, intraNormalization: false, power: 0.25)
        let q = pow(2.0, 0.25), n = (3 + 2.0.squareRoot()).squareRoot()
        #expect(close(encoder.encode(points), [1 / n, q / n, 1 / n, 1 / n]))
        #expect(encoder.label == "VLAD(K=2, α=0.25)")
    }

    /// α = 0.25 with intra: (1, 2^¼)/√(1+√2) ⊕ (1,1)/√2, then /√2.
    @Test func generalPowerLawThenIntra() {
        let v = VLADEncoder(vocabulary: vocabulary, intraNormalization: true, power: 0.25).encode(points)
        let q = pow(2.0, 0.25), n = (1 + 2.0.squareRoot()).squareRoot() * 2.0.squareRoot()
        #expect(close(v, [1 / n, q / n, 0.5, 0.5]))
    }

    /// A word with no descriptors stays zero under intra-normalisation: only c0 used → (1,2)/√5 ⊕ (0,0).
    @Test func emptyWordStaysZero() {
        let v = VLADEncoder(vocabulary: vocabulary).encode(Matrix(columns: [[1, 0], [0, 2]]))
        #expect(close(v, [1 / 3.0.squareRoot(), 2.0.squareRoot() / 3.0.squareRoot(), 0, 0]))
    }

    @Test func noFeaturesGiveAZeroVector() {
        let v = VLADEncoder(vocabulary: vocabulary).encode(Matrix(rows: 2, columns: 0))
        #expect(v == [0, 0, 0, 0])
    }
}
