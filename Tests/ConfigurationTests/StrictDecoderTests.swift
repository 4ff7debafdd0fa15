import Configuration
import Testing

/// Config types in the project's style (`CaseIterable` `CodingKeys`, defaults through `decodeIfPresent`).
private struct Vocabulary: Decodable, Equatable {
    var k: Int
    var sample: Int
    var seed: UInt64

    enum CodingKeys: String, CodingKey, CaseIterable { case k, sample, seed }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        k = try c.decode(Int.self, forKey: .k)
        sample = try c.decodeIfPresent(Int.self, forKey: .sample) ?? 100_000
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        guard k >= 1 else {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.k], "\(k) visual words",
                                             expected: "k ≥ 1", hint: "A vocabulary needs at least one word.")
        }
    }
}

private struct Descriptor: Decodable, Equatable {
    var power: Double
    var intra: Bool
    var vocabulary: Vocabulary

    enum CodingKeys: String, CodingKey, CaseIterable {
        case power, vocabulary
        case intra = "intra_normalization"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        power = try c.decodeIfPresent(Double.self, forKey: .power) ?? 0.5
        intra = try c.decodeIfPresent(Bool.self, forKey: .intra) ?? true
        vocabulary = try c.decode(Vocabulary.self, forKey: .vocabulary)
    }
}

private struct Experiment: Decodable, Equatable {
    var name: String
    var descriptor: Descriptor
    var ks: [Int]

    enum CodingKeys: String, CodingKey, CaseIterable { case name, descriptor, ks }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        descriptor = try c.decode(Descriptor.self, forKey: .descriptor)
        ks = try c.decodeIfPresent([Int].self, forKey: .ks) ?? [1, 5, 10]
    }
}

/// Synthesized `Decodable` with non-`CaseIterable` keys: the valid keys are those the type asked for.
private struct Plain: Decodable {
    var alpha: Double
    var beta: Int?
}

/// The error message of decoding `yaml` (file `c.yaml`) as `T`, or nil when it decodes.
func decodingMessage<T: Decodable>(_ yaml: String, as type: T.Type, file: String = "c.yaml") -> String? {
    do {
        _ = try ConfigurationLoader.decodeYAML(type, yaml, file: file)
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite struct StrictDecoderTests {
    static let valid = """
        name: demo
        descriptor:
          power: 0.25
          intra_normalization: no
          vocabulary:
            k: 0x40
            seed: 7
        ks: [1, 2]
        """

    @Test func decodesValidConfigWithDefaultsAndYAMLScalars() throws {
        let e = try ConfigurationLoader.decodeYAML(Experiment.self, Self.valid, file: "c.yaml")
        #expect(e.name == "demo")
        #expect(e.descriptor.power == 0.25)
        #expect(e.descriptor.intra == false)
        #expect(e.descriptor.vocabulary == (try ConfigurationLoader.decodeYAML(Vocabulary.self, "k: 64\nseed: 7",
                                                                               file: "v.yaml")))
        #expect(e.descriptor.vocabulary.sample == 100_000)
        #expect(e.ks == [1, 2])
    }

    @Test func unknownKeyNamesNearestDeclaredKey() {
        let yaml = """
            name: demo
            descriptor:
              vocabulary:
                k: 64
                smaple: 1000
            """
        #expect(decodingMessage(yaml, as: Experiment.self, file: "Configs/smvs-dvd/vlad.yaml") ==
            "Configs/smvs-dvd/vlad.yaml:5:5: descriptor.vocabulary.smaple: unknown key 'smaple'. "
            + "Did you mean 'sample'? Known: k, sample, seed.")
    }

    @Test func unknownKeyWithoutNearMissListsKnownKeys() {
        #expect(decodingMessage("name: x\ndescriptor:\n  vocabulary: {k: 1}\ncolour: red\n", as: Experiment.self) ==
            "c.yaml:4:1: colour: unknown key 'colour'. Known: name, descriptor, ks.")
    }

    @Test func unknownKeysAreAllReportedOnePerProblem() {
        let yaml = """
            name: x
            descriptor:
              intra_normalisation: true
              vocabulary: {k: 8, seeds: 1}
            """
        #expect(decodingMessage(yaml, as: Experiment.self) == """
            c.yaml:3:3: descriptor.intra_normalisation: unknown key 'intra_normalisation'. \
            Did you mean 'intra_normalization'? Known: power, vocabulary, intra_normalization.
            c.yaml:4:22: descriptor.vocabulary.seeds: unknown key 'seeds'. Did you mean 'seed'? Known: k, sample, seed.
            """)
    }

    @Test func wrongTypes() {
        #expect(decodingMessage("k: abc", as: Vocabulary.self) == "c.yaml:1:1: k: expected an integer, found 'abc'.")
        #expect(decodingMessage("k: 16.0", as: Vocabulary.self) == "c.yaml:1:1: k: expected an integer, found '16.0'.")
        #expect(decodingMessage("k: 3\nseed: -1", as: Vocabulary.self) ==
            "c.yaml:2:1: seed: expected a non-negative integer, found '-1'.")
        #expect(decodingMessage("k: 3\nseed: 18446744073709551616", as: Vocabulary.self) ==
            "c.yaml:2:1: seed: expected an integer between 0 and 18446744073709551615, found '18446744073709551616'.")
        #expect(decodingMessage("name: x\ndescriptor:\n  power: high\n  vocabulary: {k: 1}", as: Experiment.self) ==
            "c.yaml:3:3: descriptor.power: expected a number, found 'high'.")
        #expect(decodingMessage("name: x\ndescriptor:\n  intra_normalization: 1\n  vocabulary: {k: 1}",
                                as: Experiment.self) ==
            "c.yaml:3:3: descriptor.intra_normalization: expected a boolean (true or false), found '1'.")
        #expect(decodingMessage("name: x\ndescriptor: vlad", as: Experiment.self) ==
            "c.yaml:2:1: descriptor: expected a mapping, found 'vlad'.")
        #expect(decodingMessage("name: x\ndescriptor:\n  vocabulary: {k: 1}\nks: 5", as: Experiment.self) ==
            "c.yaml:4:1: ks: expected a list, found '5'.")
        #expect(decodingMessage("name: x\ndescriptor:\n  vocabulary: {k: 1}\nks: [1, two]", as: Experiment.self) ==
            "c.yaml:4:9: ks[1]: expected an integer, found 'two'.")
        #expect(decodingMessage("name:\ndescriptor:\n  vocabulary: {k: 1}", as: Experiment.self) ==
            "c.yaml:1:1: name: expected a string, found null.")
    }

    @Test func quotedNumberIsAStringNotAnInteger() {
        #expect(decodingMessage("k: '16'", as: Vocabulary.self) == "c.yaml:1:1: k: expected an integer, found '16'.")
    }

    @Test func missingRequiredKeyPointsAtItsSection() {
        let yaml = """
            name: x
            descriptor:
              power: 1
              vocabulary:
                seed: 3
            """
        #expect(decodingMessage(yaml, as: Experiment.self) ==
            "c.yaml:4:3: descriptor.vocabulary: missing required key 'k'; add it to this section.")
        #expect(decodingMessage("descriptor:\n  vocabulary: {k: 1}\n", as: Experiment.self) ==
            "c.yaml:1:1: missing required key 'name'; add it to this section.")
    }

    @Test func misspelledRequiredKeyIsOneUnknownKeyError() {
        #expect(decodingMessage("alpah: 0.5", as: Plain.self) ==
            "c.yaml:1:1: alpah: unknown key 'alpah'. Did you mean 'alpha'? Known: alpha.")
    }

    @Test func keysAskedForAreTheKnownKeysWithoutCaseIterable() {
        #expect(decodingMessage("alpha: 1\nbeta: 2\ngamma: 3", as: Plain.self) ==
            "c.yaml:3:1: gamma: unknown key 'gamma'. Known: alpha, beta.")
    }

    @Test func semanticErrorFromTheTypeIsLocated() {
        let yaml = "name: x\ndescriptor:\n  vocabulary:\n    seed: 1\n    k: 0\n"
        #expect(decodingMessage(yaml, as: Experiment.self) ==
            "c.yaml:5:5: descriptor.vocabulary.k: 0 visual words; expected k ≥ 1. A vocabulary needs at least one word.")
    }

    @Test func yamlSyntaxAndDuplicateKeys() {
        #expect(decodingMessage("k: [1, 2", as: Vocabulary.self) == "c.yaml:2:1: invalid YAML: did not find expected "
            + "',' or ']' (while parsing a flow sequence at line 1, column 4).")
        #expect(decodingMessage("k: 1\nk: 2", as: Vocabulary.self) ==
            "c.yaml:1:1: duplicate key 'k'; each key may appear once in a mapping.")
    }
}

/// A type that reports a semantic error through the decoder's location and records where it was written.
private struct Located: Decodable {
    var location: ConfigurationLocation?
    init(from decoder: any Decoder) throws {
        location = decoder.configurationLocation
        let c = try decoder.container(keyedBy: NameKey.self)
        if try c.decode(Int.self, forKey: NameKey(stringValue: "dims")!) > 256 {
            throw ConfigurationError.invalid(at: decoder.codingPath + [NameKey(stringValue: "dims")!],
                                             "512 exceeds the descriptor's 256 dimensions (squeezenet1_1, gem)")
        }
    }
    struct NameKey: CodingKey {
        var stringValue: String
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        var intValue: Int? { nil }
    }
}

@Suite struct SemanticHookTests {
    @Test func configurationLocationAndUnlocatedErrors() throws {
        let steps = try ConfigurationLoader.decodeYAML([Located].self, "- dims: 64\n-   dims: 128\n", file: "r.yaml")
        #expect(steps.map(\.location) == [ConfigurationLocation(file: "r.yaml", line: 1, column: 3),
                                          ConfigurationLocation(file: "r.yaml", line: 2, column: 5)])
        #expect(decodingMessage("reduction:\n  - dims: 64\n  - dims: 512\n", as: [String: [Located]].self) ==
            "c.yaml:3:5: reduction[1].dims: 512 exceeds the descriptor's 256 dimensions (squeezenet1_1, gem).")
    }

    @Test func resolvedConfigurationLocatesLaterValidationErrors() throws {
        let folder = try ConfigFolder(["g.yaml": "name: g\nreduction:\n  - kind: pcaw\n    dims: 512\n"])
        let run = try #require(try folder.load("g.yaml").first)
        let error = ConfigurationError.invalid(at: [], "unused")  // root path: located at the root
        #expect(run.locate(error).description == "g.yaml:1:1: unused.")
        #expect(run.invalid(at: "reduction[0].dims", "512 exceeds the descriptor's 256 dimensions (vlad)").description
            == "g.yaml:4:5: reduction[0].dims: 512 exceeds the descriptor's 256 dimensions (vlad).")
        // A key that was not written (a default) points at its nearest written ancestor.
        #expect(run.invalid(at: "reduction[0].whiten", "needs training data", hint: "Set `training:`.").description
            == "g.yaml:3:5: reduction[0].whiten: needs training data. Set `training:`.")
    }
}
