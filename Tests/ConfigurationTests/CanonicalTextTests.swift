import Configuration
import Testing

@Suite struct CanonicalTextTests {
    static func canonical(_ yaml: String) throws -> String {
        CanonicalText.render(try ConfigurationLoader.parse(yaml, file: "c.yaml"))
    }

    static let written = """
        name: gem   # a comment
        descriptor:
          kind: gem
          p: 3.0
          whiten: yes
        reduction:
          - {kind: pcaw, dims: 0x200}
        note: "say \\"hi\\"\\tnow"
        empty: {}
        none: []
        nothing: ~
        """

    @Test func renderingIsSortedNormalisedJSON() throws {
        #expect(try Self.canonical(Self.written) == """
            {
              "descriptor": {
                "kind": "gem",
                "p": 3.0,
                "whiten": true
              },
              "empty": {},
              "name": "gem",
              "none": [],
              "note": "say \\"hi\\"\\tnow",
              "nothing": null,
              "reduction": [
                {
                  "dims": 512,
                  "kind": "pcaw"
                }
              ]
            }

            """)
    }

    @Test func layoutQuotingAndSpellingDoNotChangeIt() throws {
        let reordered = """
            nothing: null
            none: [ ]
            empty: { }
            note: 'say "hi"\tnow'
            reduction:
              - dims: 512
                kind: 'pcaw'
            descriptor: {whiten: true, p: 3.00, kind: gem}
            name: "gem"
            """
        #expect(try Self.canonical(reordered) == (try Self.canonical(Self.written)))
    }

    @Test func anyValueChangeChangesIt() throws {
        let original = try Self.canonical(Self.written)
        for (old, new) in [("p: 3.0", "p: 3.5"), ("p: 3.0", "p: 3"), ("0x200", "0x100"), ("whiten: yes", "whiten: no"),
                           ("kind: pcaw", "kind: pca"), ("nothing: ~", "nothing: 0"), ("none: []", "none: [1]")] {
            #expect(try Self.canonical(Self.written.replacingOccurrences(of: old, with: new)) != original, "\(new)")
        }
    }

    @Test func scalarNormalisation() throws {
        let yaml = "a: +16\nb: 1_000\nc: 0.50\nd: 5e-1\ne: .inf\nf: -.Inf\ng: 1e3\nh: 'quoted 1'\ni: On\nj: -0x10\n"
        let node = try ConfigurationLoader.parse(yaml, file: "c.yaml")
        let values = (node.entries ?? []).map { $0.value.scalar?.canonicalText ?? "?" }
        #expect(values == ["16", "1000", "0.5", "0.5", ".inf", "-.inf", "1000.0", "quoted 1", "true", "-16"])
    }

    @Test func controlCharactersAreEscaped() {
        #expect(CanonicalText.quoted("a\u{1}b\\c\n") == "\"a\\u0001b\\\\c\\n\"")
    }
}
