import CNN
import Configuration
import RetrievalCore

/// `kind: mac` — maximum activation of convolutions (Razavian et al. 2016; Tolias et al., ICLR 2016).
struct MACParameters: GlobalPoolingParameters {
    enum CodingKeys: String, CodingKey, CaseIterable { case kind }
    init() {}
    init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: CodingKeys.self) }
    var label: String { "MAC" }
    func vector(_ m: FeatureTensor) -> [Float] {
        GlobalPooling.mac(m.values, channels: m.channels, height: m.height, width: m.width)
    }
}

/// `kind: spoc` — sum pooling of convolutions (Babenko & Lempitsky, ICCV 2015), `centre_prior`: the paper's
/// Gaussian centre prior.
struct SPoCParameters: GlobalPoolingParameters {
    var centrePrior = false
    enum CodingKeys: String, CodingKey, CaseIterable { case centrePrior = "centre_prior" }
    init(centrePrior: Bool = false) { self.centrePrior = centrePrior }
    init(from decoder: any Decoder) throws {
        centrePrior = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .centrePrior) ?? false
    }
    var label: String { centrePrior ? "SPoC(prior)" : "SPoC" }
    func vector(_ m: FeatureTensor) -> [Float] {
        GlobalPooling.spoc(m.values, channels: m.channels, height: m.height, width: m.width, centrePrior: centrePrior)
    }
}

/// `kind: gem` — generalised mean pooling (Radenović, Tolias & Chum, TPAMI 2018), exponent `p` (1 = SPoC, → ∞ = MAC).
struct GeMParameters: GlobalPoolingParameters {
    var p = 3.0
    enum CodingKeys: String, CodingKey, CaseIterable { case p }
    init(p: Double = 3) { self.p = p }
    init(from decoder: any Decoder) throws {
        p = try decoder.container(keyedBy: CodingKeys.self).decodeGeMExponent(.p)
    }
    var label: String { "GeM(p=\(formatParameter(p)))" }
    var multiScaleExponent: Double { p }
    func vector(_ m: FeatureTensor) -> [Float] {
        GlobalPooling.gem(m.values, channels: m.channels, height: m.height, width: m.width, p: Float(p))
    }
}

/// `kind: crow` — cross-dimensional weighting (Kalantidis, Mellina & Osindero, ECCVW 2016): spatial weights with
/// norm `a` and power 1/`b`, sparsity-based channel weights.
struct CroWParameters: GlobalPoolingParameters {
    var a = 2.0
    var b = 2.0
    enum CodingKeys: String, CodingKey, CaseIterable { case a, b }
    init(a: Double = 2, b: Double = 2) { self.a = a; self.b = b }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func positive(_ key: CodingKeys) throws -> Double {
            let x = try c.decodeIfPresent(Double.self, forKey: key) ?? 2
            guard x > 0, x.isFinite, x <= 1000 else {
                throw ConfigurationError.invalid(at: c.codingPath + [key], "\(key.rawValue) = \(x) is out of range",
                                                 expected: "0 < \(key.rawValue) ≤ 1000")
            }
            return x
        }
        a = try positive(.a)
        b = try positive(.b)
    }
    var label: String { "CroW(a=\(formatParameter(a)), b=\(formatParameter(b)))" }
    func vector(_ m: FeatureTensor) -> [Float] {
        CroWPooling.crow(m.values, channels: m.channels, height: m.height, width: m.width, a: a, b: b)
    }
}

/// `kind: neural_codes` — neural codes (Babenko, Slesarev, Chigorin & Lempitsky, ECCV 2014): a fully connected
/// layer's activation (`network.layer: fc6 | fc7 | logits`, C×1×1), L2-normalised.
struct NeuralCodesParameters: GlobalPoolingParameters {
    enum CodingKeys: String, CodingKey, CaseIterable { case kind }
    init() {}
    init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: CodingKeys.self) }
    var label: String { "NC" }
    var readsFullyConnectedLayer: Bool { true }
    func vector(_ m: FeatureTensor) -> [Float] { m.values }
}
