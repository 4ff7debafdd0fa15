import Configuration
import Testing

// The worked example of config enums with `kind:` plus per-kind parameters (see `StrictDecoder`'s doc comment):
// the enum reads `kind` through `CodingKeys { kind }` and hands the same decoder to the kind's parameter struct,
// whose `CaseIterable` `CodingKeys` list `kind` and its parameters.

private struct GeMConfig: Decodable, Equatable {
    /// Pooling exponent p (Radenović et al., TPAMI 2019); default 3.
    var p: Double
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, p }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        p = try c.decodeIfPresent(Double.self, forKey: .p) ?? 3
    }
}

private struct VLADConfig: Decodable, Equatable {
    var k: Int
    var power: Double
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, k, power }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        k = try c.decode(Int.self, forKey: .k)
        power = try c.decodeIfPresent(Double.self, forKey: .power) ?? 0.5
    }
}

private enum DescriptorConfig: Decodable, Equatable {
    case gem(GeMConfig)
    case vlad(VLADConfig)

    enum Kind: String, Decodable, CaseIterable, ConfigurationValueNaming {
        case gem, vlad
        static let configurationNoun = "descriptor"
    }
    enum CodingKeys: String, CodingKey, CaseIterable { case kind }

    init(from decoder: any Decoder) throws {
        switch try decoder.container(keyedBy: CodingKeys.self).decode(Kind.self, forKey: .kind) {
        case .gem: self = .gem(try GeMConfig(from: decoder))
        case .vlad: self = .vlad(try VLADConfig(from: decoder))
        }
    }
}

private struct PCAWhiteningConfig: Decodable, Equatable {
    var dims: Int
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, dims }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dims = try c.decode(Int.self, forKey: .dims)
        guard dims > 0 else {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.dims], "\(dims) dimensions",
                                             expected: "a positive number of dimensions")
        }
    }
}

private enum ReductionStep: Decodable, Equatable {
    case l2
    case pcaw(PCAWhiteningConfig)

    enum Kind: String, Decodable, CaseIterable, ConfigurationValueNaming {
        case l2, pcaw
        static let configurationNoun = "reduction"
    }
    enum CodingKeys: String, CodingKey, CaseIterable { case kind }

    init(from decoder: any Decoder) throws {
        switch try decoder.container(keyedBy: CodingKeys.self).decode(Kind.self, forKey: .kind) {
        case .l2: self = .l2  // no parameters: any other key is unknown
        case .pcaw: self = .pcaw(try PCAWhiteningConfig(from: decoder))
        }
    }
}

/// The other style: one `CodingKeys` for all kinds. A parameter of another kind "does not apply here".
private enum RerankStep: Decodable, Equatable {
    case aqe(k: Int)
    case alphaqe(k: Int, alpha: Double)
    case dba, diffusion, sv

    enum Kind: String, Decodable, CaseIterable, ConfigurationValueNaming {
        case aqe, alphaqe, dba, diffusion, sv
        static let configurationNoun = "re-ranker"
    }
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, k, alpha }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .aqe: self = .aqe(k: try c.decodeIfPresent(Int.self, forKey: .k) ?? 1)
        case .alphaqe: self = .alphaqe(k: try c.decode(Int.self, forKey: .k), alpha: try c.decode(Double.self, forKey: .alpha))
        case .dba: self = .dba
        case .diffusion: self = .diffusion
        case .sv: self = .sv
        }
    }
}

private struct Experiment: Decodable, Equatable {
    var name: String
    var descriptor: DescriptorConfig
    var reduction: [ReductionStep]
    var rerank: [RerankStep]

    enum CodingKeys: String, CodingKey, CaseIterable { case name, descriptor, reduction, rerank }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        descriptor = try c.decode(DescriptorConfig.self, forKey: .descriptor)
        reduction = try c.decodeIfPresent([ReductionStep].self, forKey: .reduction) ?? []
        rerank = try c.decodeIfPresent([RerankStep].self, forKey: .rerank) ?? []
    }
}

@Suite struct KindConfigTests {
    /// `gem.yaml` with `rerank[1].kind` on line 14, column 5.
    static func gem(descriptor: String = "kind: gem\n  p: 3", reduction: String = "- kind: pcaw\n    dims: 512",
                    secondReranker: String = "kind: diffusion") -> String {
        """
        # GeM on smvs-dvd (ref protocol)
        name: gem
        descriptor:
          \(descriptor)
        reduction:
          - kind: l2
          \(reduction)
          - kind: l2

        rerank:
          - kind: aqe
          - \(secondReranker)
        """
    }

    @Test func decodesEveryKindWithItsParameters() throws {
        let e = try ConfigurationLoader.decodeYAML(Experiment.self, Self.gem(), file: "gem.yaml")
        #expect(e.descriptor == .gem(try ConfigurationLoader.decodeYAML(GeMConfig.self, "p: 3", file: "p.yaml")))
        #expect(e.reduction.count == 3)
        #expect(e.reduction[0] == .l2)
        #expect(e.rerank == [.aqe(k: 1), .diffusion])
        let vlad = try ConfigurationLoader.decodeYAML(Experiment.self, Self.gem(descriptor: "kind: vlad\n  k: 16"),
                                                      file: "gem.yaml")
        guard case .vlad(let v) = vlad.descriptor else { Issue.record("expected vlad"); return }
        #expect(v.k == 16 && v.power == 0.5)
    }

    @Test func unknownKindListsKnownValuesWithSuggestion() {
        #expect(decodingMessage(Self.gem(secondReranker: "kind: difusion"), as: Experiment.self,
                                file: "Configs/smvs-dvd/gem.yaml") ==
            "Configs/smvs-dvd/gem.yaml:14:5: rerank[1].kind: unknown re-ranker 'difusion'. Did you mean 'diffusion'? "
            + "Known: aqe, alphaqe, dba, diffusion, sv.")
        #expect(decodingMessage(Self.gem(descriptor: "kind: netvlad"), as: Experiment.self) ==
            "c.yaml:4:3: descriptor.kind: unknown descriptor 'netvlad'. Known: gem, vlad.")
    }

    @Test func parameterOfAnotherKindIsUnknownForThisKind() {
        #expect(decodingMessage(Self.gem(descriptor: "kind: gem\n  k: 64"), as: Experiment.self) ==
            "c.yaml:5:3: descriptor.k: unknown key 'k'. Known: kind, p.")
        #expect(decodingMessage(Self.gem(reduction: "- kind: l2\n    dims: 512"), as: Experiment.self) ==
            "c.yaml:9:5: reduction[1].dims: unknown key 'dims'. Known: kind.")
        #expect(decodingMessage(Self.gem(secondReranker: "{kind: aqe, alpha: 3}"), as: Experiment.self) ==
            "c.yaml:14:17: rerank[1].alpha: key 'alpha' does not apply here; remove it. Used here: kind, k.")
    }

    @Test func misspelledRequiredParameterIsOneError() {
        #expect(decodingMessage(Self.gem(descriptor: "kind: vlad\n  kk: 64"), as: Experiment.self) ==
            "c.yaml:5:3: descriptor.kk: unknown key 'kk'. Did you mean 'k'? Known: kind, k, power.")
    }

    @Test func missingKindAndWrongParameterTypeInsideLists() {
        #expect(decodingMessage(Self.gem(reduction: "- dims: 512"), as: Experiment.self) ==
            "c.yaml:8:5: reduction[1]: missing required key 'kind'; add it to this section.")
        #expect(decodingMessage(Self.gem(reduction: "- {kind: pcaw, dims: many}"), as: Experiment.self) ==
            "c.yaml:8:18: reduction[1].dims: expected an integer, found 'many'.")
        #expect(decodingMessage(Self.gem(reduction: "- kind: [pcaw]"), as: Experiment.self) ==
            "c.yaml:8:5: reduction[1].kind: expected one of l2, pcaw, found a list.")
    }

    @Test func semanticErrorOfAParameterStructPointsAtItsKey() {
        #expect(decodingMessage(Self.gem(reduction: "- kind: pcaw\n    dims: 0"), as: Experiment.self) ==
            "c.yaml:9:5: reduction[1].dims: 0 dimensions; expected a positive number of dimensions.")
    }
}
