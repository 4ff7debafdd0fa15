import Foundation
import RetrievalCore
import Testing
import TestSupport

/// NetVLAD by hand in 2-D: centres c₁ = (1, 0), c₂ = (0, 1); descriptors x₁ = (1, 0), x₂ = (0.6, 0.8).
/// Squared distances: ‖x₁ − c₁‖² = 0, ‖x₁ − c₂‖² = 2; ‖x₂ − c₁‖² = 0.8, ‖x₂ − c₂‖² = 0.4. With α = 1:
///   a₁(x₁) = 1/(1 + e⁻²), a₂(x₁) = e⁻²/(1 + e⁻²); a₁(x₂) = 1/(1 + e^0.4), a₂(x₂) = 1/(1 + e^−0.4).
///   V₁ = a₁(x₁)·0 + a₁(x₂)(−0.4, 0.8) → intra → (−1, 2)/√5.
///   V₂ = a₂(x₁)(1, −1) + a₂(x₂)(0.6, −0.2) → intra; both blocks unit, so the final L2 divides by √2.
@Suite struct NetVLADTests {
    let centres = Matrix(rows: 2, columns: 2, values: [1, 0, 0, 1])
    let x = Matrix(rows: 2, columns: 2, values: [1, 0, 0.6, 0.8])

    @Test func convolutionParameters() {
        let layer = NetVLAD(centres: Matrix(rows: 2, columns: 2, values: [2, 0, 0, 1]), alpha: 0.5)
        #expect(layer.weights.values == [2, 0, 0, 1])  // 2α c_k
        #expect(layer.biases == [-2, -0.5])  // −α‖c_k‖²
        #expect(layer.dimension == 4)
    }

    @Test func softAssignmentIsSoftmaxOfNegativeScaledDistances() {
        let a = NetVLAD(centres: centres, alpha: 1).assignments(x)
        let e2 = exp(-2.0)
        let expected = [1 / (1 + e2), e2 / (1 + e2), 1 / (1 + exp(0.4)), 1 / (1 + exp(-0.4))]
        #expect(Approximate.equal(a.values.map(Double.init), expected, tolerance: 1e-6))
    }

    @Test func encodingByHand() {
        let v = NetVLAD(centres: centres, alpha: 1).encode(x)
        let e2 = exp(-2.0), a21 = e2 / (1 + e2), a22 = 1 / (1 + exp(-0.4))
        var v2 = [a21 * 1 + a22 * 0.6, a21 * -1 + a22 * -0.2]
        let n2 = (v2[0] * v2[0] + v2[1] * v2[1]).squareRoot()
        v2 = v2.map { $0 / n2 / 2.0.squareRoot() }
        let v1 = [-1 / 5.0.squareRoot(), 2 / 5.0.squareRoot()].map { $0 / 2.0.squareRoot() }
        #expect(Approximate.equal(v.map(Double.init), v1 + v2, tolerance: 1e-6))
    }

    @Test func largeAlphaIsHardAssignedVLAD() {
        // x₁ → c₁ (residual 0, empty block after intra-norm), x₂ → c₂ (residual (0.6, −0.2)).
        let v = NetVLAD(centres: centres, alpha: 1000).encode(x)
        let n = 0.4.squareRoot()
        #expect(Approximate.equal(v.map(Double.init), [0, 0, 0.6 / n, -0.2 / n], tolerance: 1e-5))
    }

    @Test func noDescriptorsGiveZero() {
        #expect(NetVLAD(centres: centres, alpha: 1).encode(Matrix(rows: 2, columns: 0)) == [0, 0, 0, 0])
    }

    /// Centres (2, 0), (0, 1): squared distances of x₁ = (1, 0) are 1 and 2 (gap 1), of x₂ = (0.6, 0.8) 2.6 and 0.4
    /// (gap 2.2); mean gap 1.6 → α = ln 100 / 1.6, so that e^(−α·gap) = 1/100 at the mean gap.
    @Test func initialAlphaMakesTheNearestCentreAHundredTimesMoreLikely() throws {
        let alpha = try NetVLAD.initialAlpha(centres: Matrix(rows: 2, columns: 2, values: [2, 0, 0, 1]), descriptors: x)
        #expect(Approximate.equal(Double(alpha), log(100) / 1.6, tolerance: 1e-4))
        #expect(throws: RetrievalCoreError.self) {
            try NetVLAD.initialAlpha(centres: centres, descriptors: Matrix(rows: 2, columns: 1, values: [0.6, 0.6]))
        }
    }

    /// The layer against numpy written in the distance form softmax(−α‖x − c‖²) on seeded random data
    /// (D = 5, K = 3, N = 7).
    @Test func matchesNumpy() throws {
        guard PythonReference.available(["numpy"]) else {
            print(PythonReference.unavailableMessage(["numpy"]))
            return
        }
        var random = SplitMix64(seed: 7)
        func values(_ n: Int) -> [Float] { (0..<n).map { _ in Float(random.next() % 2001) / 1000 - 1 } }
        let c = Matrix(rows: 5, columns: 3, values: values(15))
        var d = Matrix(rows: 5, columns: 7, values: values(35))
        Normalization.l2Columns(&d)
        let alpha: Float = 3.5
        let script = """
        import sys, json, numpy as np
        c = np.array(json.loads(sys.argv[1]), dtype=np.float64).reshape(3, 5)   # K×D
        x = np.array(json.loads(sys.argv[2]), dtype=np.float64).reshape(7, 5)   # N×D
        alpha = float(sys.argv[3])
        d2 = ((x[:, None, :] - c[None, :, :]) ** 2).sum(-1)                     # N×K
        a = np.exp(-alpha * d2); a /= a.sum(1, keepdims=True)
        v = np.einsum('nk,nkd->kd', a, x[:, None, :] - c[None, :, :])
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
        v = v.ravel(); v /= np.linalg.norm(v)
        print(json.dumps(v.tolist()))
        """
        let out = try PythonReference.run(["-c", script, "\(c.values)", "\(d.values)", "\(alpha)"])
        let reference = try JSONDecoder().decode([Float].self, from: Data(out.utf8))
        let v = NetVLAD(centres: c, alpha: alpha).encode(d)
        #expect(Approximate.relativeMaxError(v, reference: reference) < 1e-5)
    }
}
