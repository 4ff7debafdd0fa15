import CNN
import Configuration
import RetrievalCore

/// `kind: rmac` — regional maximum activation of convolutions (Tolias, Sicre & Jégou, ICLR 2016): MAC over the
/// regions of `levels` (L) scales on the paper's grid or cirtorch's; region vectors cached (C×R, each
/// L2-normalised), optionally whitened (one model), summed, L2-normalised.
struct RMACParameters: CNNPoolingParameters {
    var levels = 3
    var grid: RegionalMAC.Grid = .tolias
    enum CodingKeys: String, CodingKey, CaseIterable { case levels, regionGrid = "region_grid" }
    init(levels: Int = 3, grid: RegionalMAC.Grid = .tolias) { self.levels = levels; self.grid = grid }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        levels = try c.decodeIfPresent(Int.self, forKey: .levels) ?? 3
        guard (1...10).contains(levels) else {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.levels], "L = \(levels)",
                                             expected: "1 ≤ levels ≤ 10 (the paper uses 3)")
        }
        grid = try c.decodeIfPresent(RegionalMAC.Grid.self, forKey: .regionGrid) ?? .tolias
    }
    var label: String { "R-MAC(L=\(levels)\(grid == .cirtorch ? ", cirtorch" : ""))" }
    var whitenedParts: WhitenedParts? { .regions }
    func pool(_ m: FeatureTensor) -> Matrix {
        RegionalMAC.regionVectors(m.values, channels: m.channels, height: m.height, width: m.width,
                                  regions: RegionalMAC.regions(height: m.height, width: m.width, levels: levels, grid: grid))
    }
    func descriptor(_ pooled: Matrix, partWhitening: [PCAWhitening]?) -> [Float] {
        RegionalMAC.aggregate(pooled, whitening: partWhitening?.first)
    }
}

/// `kind: cgd` — combination of multiple global descriptors (Jun, Ko, Kim, Kim & Kim 2019, §3.1): each component
/// (S = SPoC, M = MAC, G = GeM with `p`) L2-normalised and cached as one column, optionally whitened (one model
/// each, the training-free stand-in for CGD's per-branch FC layer), concatenated in the configured order,
/// L2-normalised.
struct CGDParameters: CNNPoolingParameters {
    typealias Component = CombinedGlobalDescriptor.Component

    var components: [Component]
    var p = 3.0
    enum CodingKeys: String, CodingKey, CaseIterable { case components, p }
    init(components: [Component], p: Double = 3) { self.components = components; self.p = p }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        components = try c.decode([Component].self, forKey: .components)
        guard !components.isEmpty, Set(components).count == components.count else {
            throw ConfigurationError.invalid(at: c.codingPath + [CodingKeys.components],
                                             "[\(components.map(\.rawValue).joined(separator: ", "))] is not a list of distinct components",
                                             expected: "one or more of spoc, mac, gem, e.g. [spoc, mac, gem]")
        }
        p = components.contains(.gem) ? try c.decodeGeMExponent(.p) : 3
    }
    var label: String {
        "CGD(" + components.map { c -> String in
            switch c {
            case .spoc: "S"
            case .mac: "M"
            case .gem: "G\(formatParameter(p))"
            }
        }.joined(separator: "+") + ")"
    }
    var whitenedParts: WhitenedParts? { .components }
    var partModels: Int { components.count }
    func dimension(channels: Int, whitened: Int?) -> Int { components.count * (whitened ?? channels) }
    func pool(_ m: FeatureTensor) -> Matrix {
        CombinedGlobalDescriptor.components(m.values, channels: m.channels, height: m.height, width: m.width,
                                            components, p: Float(p))
    }
    func descriptor(_ pooled: Matrix, partWhitening: [PCAWhitening]?) -> [Float] {
        CombinedGlobalDescriptor.combine(pooled, whitening: partWhitening)
    }
}

extension RegionalMAC.Grid: Decodable, ConfigurationValueNaming {
    public static let configurationNoun = "region grid"
}

extension CombinedGlobalDescriptor.Component: Decodable, ConfigurationValueNaming {
    public static let configurationNoun = "CGD component"
}
