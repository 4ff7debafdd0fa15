import Configuration
import Foundation
import Testing
import TestSupport

/// A directory of YAML files for loader tests; messages name files relative to it.
struct ConfigFolder {
    let root: URL

    init(_ files: [String: String]) throws {
        root = try SharedData.temporaryDirectory("cbir-config")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func load(_ path: String) throws -> [ResolvedConfiguration] {
        try ConfigurationLoader.load(root.appendingPathComponent(path), displayRoot: root)
    }

    /// The loader's error message for `path`, or nil when it loads.
    func loadMessage(_ path: String) -> String? {
        do {
            _ = try load(path)
            return nil
        } catch {
            return "\(error)"
        }
    }
}

private struct Vocabulary: Decodable {
    var k: Int
    enum CodingKeys: String, CodingKey, CaseIterable { case k }
}

private struct Descriptor: Decodable {
    var kind: String
    var vocabulary: Vocabulary
    var power: Double
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, vocabulary, power }
}

private struct Config: Decodable {
    var name: String
    var descriptor: Descriptor
    var reduction: [[String: Int]]?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, descriptor, reduction }
}

@Suite struct InheritanceTests {
    static let base = """
        name: base
        descriptor:
          kind: vlad
          vocabulary: {k: 64}
          power: 0.5
        reduction:
          - dims: 128
          - dims: 64
        """

    @Test func childDeepMergesMappingsAndReplacesLists() throws {
        let folder = try ConfigFolder([
            "base.yaml": Self.base,
            "sub/child.yaml": "extends: ../base.yaml\nname: child\ndescriptor:\n  power: 1.0\nreduction:\n  - dims: 32\n",
        ])
        let runs = try folder.load("sub/child.yaml")
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.name == "child")
        #expect(run.displayPath == "sub/child.yaml")
        #expect(run.sources.map(\.file) == ["sub/child.yaml", "base.yaml"])
        #expect(run.text.hasPrefix("extends: ../base.yaml\n"))
        #expect(run.canonicalText == """
            {
              "descriptor": {
                "kind": "vlad",
                "power": 1.0,
                "vocabulary": {
                  "k": 64
                }
              },
              "name": "child",
              "reduction": [
                {
                  "dims": 32
                }
              ]
            }

            """)
        let config = try run.decode(Config.self)
        #expect(config.descriptor.vocabulary.k == 64 && config.descriptor.power == 1.0)
    }

    @Test func anAbsoluteExtendsPathIsTakenAsIs() throws {
        let folder = try ConfigFolder(["base.yaml": Self.base])
        let other = try ConfigFolder(["child.yaml": "extends: \(folder.root.appendingPathComponent("base.yaml").path)\nname: c\n"])
        let run = try #require(try other.load("child.yaml").first)
        #expect(try run.decode(Config.self).descriptor.vocabulary.k == 64)
    }

    @Test func nullInChildRemovesInheritedKey() throws {
        let folder = try ConfigFolder(["base.yaml": Self.base, "child.yaml": "extends: base.yaml\nreduction: ~\n"])
        let run = try #require(try folder.load("child.yaml").first)
        #expect(run.root.entry("reduction") == nil)
        #expect(try run.decode(Config.self).reduction == nil)
    }

    @Test func errorInInheritedValuePointsIntoTheBaseFile() throws {
        let folder = try ConfigFolder([
            "base.yaml": Self.base.replacingOccurrences(of: "{k: 64}", with: "{k: sixty}"),
            "child.yaml": "extends: base.yaml\nname: child\n",
        ])
        let run = try #require(try folder.load("child.yaml").first)
        #expect(throws: ConfigurationError.typeMismatch(ConfigurationLocation(file: "base.yaml", line: 4, column: 16),
                                                        path: "descriptor.vocabulary.k", expected: "an integer",
                                                        found: "'sixty'")) {
            try run.decode(Config.self)
        }
        #expect(run.invalid(at: "descriptor.power", "too strong").description == "base.yaml:5:3: descriptor.power: too strong.")
    }

    @Test func cycleNamesTheChain() throws {
        let folder = try ConfigFolder([
            "a.yaml": "extends: b.yaml\nname: a\n",
            "b.yaml": "extends: c/../a.yaml\nname: b\n",
        ])
        #expect(folder.loadMessage("a.yaml") ==
            "b.yaml:1:10: extends: cycle a.yaml → b.yaml → a.yaml; remove one of these extends.")
        let selfish = try ConfigFolder(["s.yaml": "name: s\nextends: s.yaml\n"])
        #expect(selfish.loadMessage("s.yaml") ==
            "s.yaml:2:10: extends: cycle s.yaml → s.yaml; remove one of these extends.")
    }

    @Test func missingBaseNamesTheChain() throws {
        let folder = try ConfigFolder([
            "x/a.yaml": "extends: ../b.yaml\n",
            "b.yaml": "name: b\nextends: nope.yaml\n",
        ])
        #expect(folder.loadMessage("x/a.yaml") ==
            "b.yaml:2:10: extends: base file 'nope.yaml' not found (chain: x/a.yaml → b.yaml → nope.yaml); "
            + "check the path, relative to b.yaml.")
        #expect(folder.loadMessage("x/missing.yaml") ==
            "x/missing.yaml: cannot read the file (no such file); check that it exists and is readable.")
    }

    @Test func rootMustBeAMappingAndExtendsAPath() throws {
        let folder = try ConfigFolder(["l.yaml": "- 1\n- 2\n", "e.yaml": "extends: [a.yaml]\n"])
        #expect(folder.loadMessage("l.yaml") == "l.yaml:1:1: expected a mapping of configuration keys, found a list.")
        #expect(folder.loadMessage("e.yaml") ==
            "e.yaml:1:10: extends: expected a file path relative to this file, found a list.")
    }
}
