import Configuration
import Foundation
import Testing
import TestSupport

/// `cbir run --set key=value`: replacing and adding keys after `extends`, before `sweep`; the name suffix; errors.
@Suite struct OverrideTests {
    private struct Config: Decodable {
        struct Descriptor: Decodable {
            var kind: String
            var p: Double?
            enum CodingKeys: String, CodingKey, CaseIterable { case kind, p }
        }
        var name: String
        var descriptor: Descriptor
        var rerank: [[String: Int]]?
        enum CodingKeys: String, CodingKey, CaseIterable { case name, descriptor, rerank }
    }

    static let text = "name: x\ndescriptor:\n  kind: gem\n"

    func load(_ overrides: [String], sweep: String = "") throws -> [ResolvedConfiguration] {
        let dir = try SharedData.temporaryDirectory("override")
        let url = dir.appendingPathComponent("x.yaml")
        try (Self.text + sweep).write(to: url, atomically: true, encoding: .utf8)
        return try ConfigurationLoader.load(url, overrides: try overrides.map(ConfigurationOverride.init(parsing:)))
    }

    func message(_ overrides: [String]) -> String {
        do {
            _ = try load(overrides).map { try $0.decode(Config.self) }
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func replacesAndAddsKeysAndNamesTheRun() throws {
        let runs = try load(["descriptor.kind=mac", "descriptor.p=5", "rerank=[{k: 2}]"])
        let config = try runs[0].decode(Config.self)
        #expect(config.descriptor.kind == "mac" && config.descriptor.p == 5 && config.rerank == [["k": 2]])
        #expect(runs[0].name == "x[kind=mac,p=5,rerank=[{k:2}]]" && config.name == runs[0].name)
        #expect(runs[0].sources.last?.file == "--set" && runs[0].sources.last?.text.contains("descriptor.p=5") == true)
        #expect(runs[0].canonicalText != (try load([]))[0].canonicalText)
        // Before the sweep: every point carries the override.
        let swept = try load(["descriptor.p=2"], sweep: "sweep:\n  descriptor.kind: [gem, mac]\n")
        #expect(swept.map(\.name) == ["x[kind=gem][p=2]", "x[kind=mac][p=2]"])
    }

    @Test func errorsNameTheOverride() {
        #expect(message(["descriptor.p"]) == "--set 'descriptor.p': no '='; expected key=value, e.g. descriptor.p=5.")
        #expect(message(["descriptr.p=3"]) == "--set 'descriptr.p=3': the configuration has no 'descriptr' there "
                    + "(did you mean 'descriptor'?); expected a key path inside an existing mapping of the configuration.")
        #expect(message(["descriptor.p=abc"]).hasPrefix("--set descriptor.p:1:1: descriptor.p: expected a number, found 'abc'"),
                "\(message(["descriptor.p=abc"]))")
        #expect(message(["descriptor.q=1"]).hasPrefix("--set descriptor.q:1:1: descriptor.q: unknown key 'q'"),
                "\(message(["descriptor.q=1"]))")
    }
}
