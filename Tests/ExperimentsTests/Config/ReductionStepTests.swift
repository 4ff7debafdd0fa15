import Configuration
@testable import Experiments
import Testing

/// Decoding, defaults, labels and error messages of `reduction:` steps.
@Suite struct ReductionStepTests {
    static func decode(_ body: String) throws -> ReductionStep {
        try ConfigurationLoader.decodeYAML(ReductionStep.self, body + "\n", file: "r.yaml")
    }

    static func message(_ body: String) -> String {
        do {
            _ = try decode(body)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    static let training = "training: {name: coil100, root: data, protocol: zero}"

    @Test func everyKindDecodesWithItsDefaultsAndLabel() throws {
        #expect(try Self.decode("kind: l2") == ReductionStep(L2Step()) && (try Self.decode("kind: l2")).label == "L2")
        #expect(try Self.decode("kind: power\nalpha: 0.5").label == "pow(0.5)")
        #expect(try Self.decode("kind: pca\ndims: 128\n\(Self.training)").label == "PCA128[coil100 zero]")
        guard let w = try Self.decode("kind: pca-whitening\ndims: 64\n\(Self.training)").parameters as? PCAWhiteningStep else {
            Issue.record("not PCA-whitening"); return
        }
        #expect(w.power == 0.5 && w.shrinkage == 0 && w.label == "PCAw64[coil100 zero]")
        #expect(try Self.decode("kind: pca-whitening\ndims: 64\npower: 0.25\nshrinkage: 0.1\n\(Self.training)").label
                == "PCAw64(pow=0.25, shrink=0.1)[coil100 zero]")
        #expect(try Self.decode("kind: learned-whitening\ndims: 32\n\(Self.training)").label == "LW32[coil100 zero]")
        guard let m = try Self.decode("kind: large-margin\ndims: 128\nseed: 3\n\(Self.training)").parameters as? LargeMarginStep else {
            Issue.record("not large-margin"); return
        }
        #expect(m.epochs == 10 && m.pairsPerEpoch == 100_000 && m.learningRate == 0.01 && m.batchSize == 1 && m.seed == 3)
        #expect(m.label == "LM128[coil100 zero]")
        let half = try Self.decode("kind: pca\ndims: 8\ntraining: {name: smvs-dvd, root: d, protocol: all, objects: [1, 50]}")
        #expect(half.label == "PCA8[smvs-dvd all objects 1–50]")
    }

    @Test func errorsNameTheKeyAndTheFix() {
        #expect(Self.message("kind: pca\ndims: 0\n\(Self.training)")
                == "r.yaml:2:1: dims: dims = 0 is out of range; expected at least 1.")
        #expect(Self.message("kind: pca\ndims: 8\npower: 0.5\n\(Self.training)")
                == "r.yaml:3:1: power: unknown key 'power'. Known: kind, dims, training.")
        #expect(Self.message("kind: l2\ndims: 8") == "r.yaml:2:1: dims: unknown key 'dims'. Known: kind.")
        #expect(Self.message("kind: pca-whitening\ndims: 8\nshrinkage: 2\n\(Self.training)")
                == "r.yaml:3:1: shrinkage: shrinkage = 2 is out of range; expected 0 ≤ shrinkage ≤ 1.")
        #expect(Self.message("kind: power\nalpha: 0") == "r.yaml:2:1: alpha: alpha = 0 is out of range; expected 0 < alpha ≤ 1 (1 = none, 0.5 = signed square root).")
        #expect(Self.message("kind: pca\ndims: 8").hasPrefix("r.yaml:1:1: "))
        #expect(Self.message("kind: pcaw\ndims: 8").contains("unknown reduction step 'pcaw'"))
        #expect(Self.message("kind: pca\ndims: 8\ntraining: {name: coil100, root: d, protocol: zero, objects: [5, 2]}")
                .contains("objects: [5, 2] is not an object range; expected [first, last] with 1 ≤ first ≤ last, e.g. [1, 50]."))
    }
}
