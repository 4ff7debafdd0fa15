import Configuration
import Experiments
import Testing

/// Decoding, labels and error messages of `kind: blcf` and `kind: netvlad`.
@Suite struct CNNEncodingConfigTests {
    static let tail = """
    network: {architecture: efficientnet_lite0, weights: w.pth}
    vocabulary: {k: 64, training: {name: smvs-dvd, root: data, protocol: ref}, seed: 3, sample: 5000}
    """

    static func decode(_ body: String) throws -> DescriptorConfig {
        try ConfigurationLoader.decodeYAML(DescriptorConfig.self, body + "\n" + tail + "\n", file: "d.yaml")
    }

    static func message(_ body: String, tail: String = tail) -> String {
        do {
            _ = try ConfigurationLoader.decodeYAML(DescriptorConfig.self, body + "\n" + tail + "\n", file: "d.yaml")
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func blcfDecodesWithTheVocabularyKeys() throws {
        let d = try Self.decode("kind: blcf")
        guard case .encodedCNN(let c) = d else { Issue.record("not a CNN encoding"); return }
        #expect(c.encoding == .blcf && d.kind == .blcf)
        #expect(c.vocabulary.k == 64 && c.vocabulary.seed == 3 && c.vocabulary.sample == 5000 && c.vocabulary.iterations == 50)
        #expect(d.label == "EffNetL0-BLCF(K=64)@512")
        #expect(d.trainingDatasets.map(\.0) == ["descriptor.vocabulary.training"])
        #expect(d.trainingDatasets.first?.1.protocol == "ref")
    }

    @Test func netvladLabelsWithAndWithoutAlpha() throws {
        let d = try Self.decode("kind: netvlad\nimage: {size: 384}")
        guard case .encodedCNN(let c) = d else { Issue.record("not a CNN encoding"); return }
        #expect(c.encoding == .netvlad(alpha: nil) && d.label == "EffNetL0-NetVLAD(K=64)@384")
        #expect(try Self.decode("kind: netvlad\nalpha: 12.5").label == "EffNetL0-NetVLAD(K=64, α=12.5)@512")
    }

    @Test func errorsNameTheKeyAndTheFix() {
        #expect(Self.message("kind: netvlad\nalpha: 0")
                    == "d.yaml:2:1: alpha: α = 0 is not positive; expected α > 0 (or no `alpha` to initialise it from the "
                    + "training features).")
        #expect(Self.message("kind: blcf\nalpha: 3").contains("key 'alpha' does not apply here"))
        #expect(Self.message("kind: blcf\nimage: {scales: [1, 2]}")
                    .contains("image: scales are not supported by blcf; expected a single scale (no `scales`, or [1])."))
        #expect(Self.message("kind: netvlad", tail: """
            network: {architecture: efficientnet_lite0, weights: w.pth}
            vocabulary: {k: 1, training: {name: g, root: r, protocol: ref}}
            """).contains("vocabulary: K = 1 words; expected k ≥ 2 (the α initialisation compares the two nearest centres)."))
        #expect(Self.message("kind: blcf", tail: """
            network: {architecture: efficientnet_lite0, weights: w.pth}
            vocabulary: {k: 100, sample: 10, training: {name: g, root: r, protocol: ref}}
            """).contains("vocabulary.sample: sample = 10 is out of range; expected k ≤ sample ≤ 100000000 (at least one "
                      + "descriptor per word; k = 100)."))
        #expect(Self.message("kind: blcf", tail: "network: {architecture: efficientnet_lite0, weights: w.pth}")
                    .contains("vocabulary"))
        #expect(Self.message("kind: netvlda").contains("Did you mean 'netvlad'?"))
    }
}
