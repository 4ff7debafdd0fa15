import Configuration
import Foundation
import Testing
import TestSupport

private struct Ablation: Decodable {
    struct Descriptor: Decodable {
        struct Vocabulary: Decodable {
            var k: Int
            enum CodingKeys: String, CodingKey, CaseIterable { case k }
        }
        var vocabulary: Vocabulary
        var power: Double
        var intra: Bool
        enum CodingKeys: String, CodingKey, CaseIterable {
            case vocabulary, power
            case intra = "intra_normalization"
        }
    }
    struct Step: Decodable {
        var dims: Int
        enum CodingKeys: String, CodingKey, CaseIterable { case dims }
    }
    var name: String
    var descriptor: Descriptor
    var reduction: [Step]
    enum CodingKeys: String, CodingKey, CaseIterable { case name, descriptor, reduction }
}

@Suite struct SweepTests {
    /// The sweep section starts on line 11.
    static func ablation(_ sweep: String) -> String {
        """
        name: vlad-ablation
        descriptor:
          vocabulary:
            k: 64
          power: 0.5
          intra_normalization: true
        reduction:
          - dims: 128

        sweep:
          \(sweep)
        """
    }

    @Test func cartesianProductInFileOrderFirstKeySlowest() throws {
        let folder = try ConfigFolder(["v.yaml": Self.ablation("""
            descriptor.vocabulary.k: [16, 32]
              descriptor.power: [1.0, 0.5, 0.25]
            """)])
        let runs = try folder.load("v.yaml")
        #expect(runs.map(\.name) == [
            "vlad-ablation[k=16,power=1.0]", "vlad-ablation[k=16,power=0.5]", "vlad-ablation[k=16,power=0.25]",
            "vlad-ablation[k=32,power=1.0]", "vlad-ablation[k=32,power=0.5]", "vlad-ablation[k=32,power=0.25]",
        ])
        #expect(runs[4].assignment.map(\.key) == ["descriptor.vocabulary.k", "descriptor.power"])
        #expect(runs[4].assignment.map(\.value) == ["32", "0.5"])
        let decoded = try runs.map { try $0.decode(Ablation.self) }
        #expect(decoded.map(\.descriptor.vocabulary.k) == [16, 16, 16, 32, 32, 32])
        #expect(decoded.map(\.descriptor.power) == [1.0, 0.5, 0.25, 1.0, 0.5, 0.25])
        #expect(decoded[5].name == "vlad-ablation[k=32,power=0.25]")
        #expect(runs[0].root.entry("sweep") == nil)
        #expect(Set(runs.map(\.canonicalText)).count == 6)
    }

    @Test func zipAdvancesKeysTogetherAndCollidingLabelsUseFullKeys() throws {
        let folder = try ConfigFolder(["v.yaml": Self.ablation("""
            descriptor.intra_normalization: [false, true]
              zip:
                reduction[0].dims: [32, 256]
                descriptor.vocabulary.k: [8, 128]
            """)])
        let runs = try folder.load("v.yaml")
        #expect(runs.map(\.name) == [
            "vlad-ablation[intra_normalization=false,dims=32,k=8]",
            "vlad-ablation[intra_normalization=false,dims=256,k=128]",
            "vlad-ablation[intra_normalization=true,dims=32,k=8]",
            "vlad-ablation[intra_normalization=true,dims=256,k=128]",
        ])
        let last = try runs[3].decode(Ablation.self)
        #expect(last.reduction[0].dims == 256 && last.descriptor.vocabulary.k == 128 && last.descriptor.intra)

        let colliding = try ConfigFolder(["c.yaml": "name: c\na: {k: 1}\nb: {k: 2}\nsweep:\n  a.k: [3]\n  b.k: [4, 5]\n"])
        #expect(try colliding.load("c.yaml").map(\.name) == ["c[a.k=3,b.k=4]", "c[a.k=3,b.k=5]"])
    }

    @Test func sweptValueErrorsPointAtTheSweepList() throws {
        let folder = try ConfigFolder(["v.yaml": Self.ablation("descriptor.vocabulary.k: [16, abc]")])
        let runs = try folder.load("v.yaml")
        #expect(throws: Never.self) { try runs[0].decode(Ablation.self) }
        #expect(throws: ConfigurationError.typeMismatch(ConfigurationLocation(file: "v.yaml", line: 11, column: 33),
                                                        path: "descriptor.vocabulary.k", expected: "an integer",
                                                        found: "'abc'")) {
            try runs[1].decode(Ablation.self)
        }
    }

    @Test func sweepKeyMissingFromTheConfigIsAnError() throws {
        let missingParent = try ConfigFolder(["v.yaml": Self.ablation("descriptor.vlad.power: [1.0, 0.5]")])
        #expect(missingParent.loadMessage("v.yaml") ==
            "v.yaml:11:3: sweep: key 'descriptor.vlad.power' does not exist in the configuration ('descriptor' has "
            + "no 'vlad'). Write the key in the configuration (with its default value) to sweep it.")
        let typo = try ConfigFolder(["v.yaml": Self.ablation("descriptor.powr: [1.0]")])
        #expect(typo.loadMessage("v.yaml") ==
            "v.yaml:11:3: sweep: key 'descriptor.powr' does not exist in the configuration ('descriptor' has no "
            + "'powr'). Did you mean 'power'? Write the key in the configuration (with its default value) to sweep it.")
        let index = try ConfigFolder(["v.yaml": Self.ablation("reduction[1].dims: [64]")])
        #expect(index.loadMessage("v.yaml") ==
            "v.yaml:11:3: sweep: key 'reduction[1].dims' does not exist in the configuration ('reduction' has no "
            + "'[1]'). Write the key in the configuration (with its default value) to sweep it.")
    }

    @Test func malformedSweeps() throws {
        #expect(try ConfigFolder(["v.yaml": Self.ablation("descriptor.power: 0.5")]).loadMessage("v.yaml") ==
            "v.yaml:11:21: sweep: 'descriptor.power': found '0.5'; expected a list of values, e.g. [16, 32, 64].")
        #expect(try ConfigFolder(["v.yaml": Self.ablation("descriptor.power: []")]).loadMessage("v.yaml") ==
            "v.yaml:11:21: sweep: 'descriptor.power': empty list; expected at least one value.")
        #expect(try ConfigFolder(["v.yaml": Self.ablation("descriptor..power: [1]")]).loadMessage("v.yaml") ==
            "v.yaml:11:3: sweep: 'descriptor..power': not a key path; expected keys joined by '.', list indices as "
            + "[i], e.g. reduction[0].dims.")
        // (keys with brackets need block style: `[` is a flow indicator)
        #expect(try ConfigFolder(["v.yaml": Self.ablation("zip:\n    descriptor.power: [1, 2]\n    reduction[0].dims: [3]")])
            .loadMessage("v.yaml") ==
            "v.yaml:13:5: sweep: 'reduction[0].dims': 1 values but 'descriptor.power' has 2; expected lists of equal "
            + "length under zip.")
    }

    @Test func keyPathsParseAndRender() {
        #expect(ConfigurationPath(parsing: "a.b[2].c")?.components == [.key("a"), .key("b"), .index(2), .key("c")])
        #expect(ConfigurationPath(parsing: "reduction[0].dims")?.description == "reduction[0].dims")
        #expect(ConfigurationPath(parsing: "[0]")?.description == "[0]")
        for bad in ["", "a..b", "a[x]", "a[-1]", ".a", "a.", "a[0", "a]b", "a[0]b"] {
            #expect(ConfigurationPath(parsing: bad) == nil, "\(bad)")
        }
    }
}
