import CNN
import Foundation
import RetrievalCore
import Testing
import TestSupport

/// oneDNN pooling (max/average, padding, ceil mode, count_include_pad), local response normalisation, inner
/// product, concatenation, and the Swift adaptive average pooling against PyTorch
/// (`Fixtures/layer_reference.py`) on small random tensors, each with its input in every `ActivationLayout`
/// (plain, channels-last and 8-/16-channel blocks: what oneDNN chooses inside networks depends on the CPU).
/// Channel counts that are not multiples of 8 exercise the zero-padded blocks.
@Suite struct LayerParityTests {
    struct Case: Codable, CustomStringConvertible, Sendable {
        var op: String
        var shapes: [[Int]]
        var params: [String: Double] = [:]
        var description: String { "\(op) \(shapes) \(params.sorted { $0.key < $1.key })" }
    }

    static func pool(_ op: String, _ shape: [Int], k: Int, s: Int, p: Int, ceil: Bool, includePad: Bool = true) -> Case {
        Case(op: op, shapes: [shape], params: ["kernel": Double(k), "stride": Double(s), "padding": Double(p),
                                               "ceil": ceil ? 1 : 0, "include_pad": includePad ? 1 : 0])
    }

    static let cases: [Case] = [
        pool("max_pool", [8, 13, 17], k: 3, s: 2, p: 0, ceil: true),   // SqueezeNet: partial last windows
        pool("max_pool", [5, 14, 9], k: 3, s: 2, p: 1, ceil: false),   // ResNet's stem pooling
        pool("max_pool", [3, 7, 11], k: 2, s: 2, p: 0, ceil: true),
        pool("max_pool", [4, 5, 7], k: 2, s: 2, p: 1, ceil: true),     // a last window starting in the padding is dropped
        pool("avg_pool", [6, 10, 13], k: 3, s: 2, p: 1, ceil: false, includePad: true),
        pool("avg_pool", [6, 8, 8], k: 3, s: 2, p: 1, ceil: true, includePad: false),
        pool("avg_pool", [6, 10, 11], k: 2, s: 2, p: 1, ceil: true, includePad: true),
        Case(op: "lrn", shapes: [[10, 5, 6]], params: ["size": 5, "alpha": 0.5, "beta": 0.75, "k": 2]),
        Case(op: "lrn", shapes: [[7, 4, 3]], params: ["size": 3, "alpha": 2, "beta": 0.6, "k": 1]),
        Case(op: "linear", shapes: [[8, 3, 5]], params: ["outputs": 7, "relu": 1]),
        Case(op: "linear", shapes: [[20, 1, 1]], params: ["outputs": 6, "relu": 0]),
        Case(op: "cat", shapes: [[3, 4, 5], [5, 4, 5], [2, 4, 5]]),
        Case(op: "adaptive_avg_pool", shapes: [[3, 4, 5]], params: ["height": 6, "width": 6]),
        Case(op: "adaptive_avg_pool", shapes: [[2, 7, 9]], params: ["height": 3, "width": 4]),
        Case(op: "adaptive_avg_pool", shapes: [[2, 5, 6]], params: ["height": 7, "width": 7]),
    ]

    static func random(_ n: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var g = SplitMix64(seed: seed)
        return (0..<n).map { _ in scale * Float(g.uniform(-1, 1)) }
    }

    static func tensor(_ shape: [Int], seed: UInt64) -> FeatureTensor {
        FeatureTensor(channels: shape[0], height: shape[1], width: shape[2],
                      values: random(shape.reduce(1, *), seed: seed, scale: 3))
    }

    /// Our output for `c` on `inputs` (and `weights`, `bias` for linear), with the inputs in `layout`.
    static func ours(_ c: Case, _ inputs: [FeatureTensor], weights: [Float], bias: [Float],
                     layout: ActivationLayout) throws -> FeatureTensor {
        let p = c.params
        switch c.op {
        case "max_pool", "avg_pool":
            let kind: PoolingParameters.Kind = c.op == "max_pool" ? .max : .average(countIncludePad: p["include_pad"] == 1)
            return try Pooling.forward(inputs[0], parameters: PoolingParameters(
                kind, kernel: Int(p["kernel"]!), stride: Int(p["stride"]!), padding: Int(p["padding"]!), ceilMode: p["ceil"] == 1),
                layout: layout)
        case "lrn":
            return try LocalResponseNormalization.forward(inputs[0], parameters: LocalResponseNormalizationParameters(
                size: Int(p["size"]!), alpha: Float(p["alpha"]!), beta: Float(p["beta"]!), k: Float(p["k"]!)), layout: layout)
        case "linear":
            return try FullyConnected.forward(inputs[0], outputs: Int(p["outputs"]!), weights: weights, bias: bias,
                                              activation: p["relu"] == 1 ? .relu : .none, layout: layout)
        case "cat": return try Concatenation.forward(inputs, layout: layout)
        case "adaptive_avg_pool":
            return AdaptiveAveragePooling.forward(inputs[0], height: Int(p["height"]!), width: Int(p["width"]!))
        default: fatalError("unknown op \(c.op)")
        }
    }

    @Test(arguments: cases) func oneDNNMatchesPyTorch(_ c: Case) throws {
        guard PythonReference.available(["torch", "numpy"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let inputs = c.shapes.enumerated().map { Self.tensor($0.element, seed: UInt64(10 + $0.offset)) }
        let outputs = Int(c.params["outputs"] ?? 0)
        let weights = Self.random(outputs * c.shapes[0].reduce(1, *), seed: 2), bias = Self.random(outputs, seed: 3)
        let results = try ActivationLayout.allCases.map {
            ($0, try Self.ours(c, inputs, weights: weights, bias: bias, layout: $0))
        }

        let dir = try SharedData.temporaryDirectory("layer")
        defer { try? FileManager.default.removeItem(at: dir) }
        try JSONEncoder().encode(c).write(to: dir.appendingPathComponent("case.json"))
        for (i, x) in inputs.enumerated() {
            try x.values.withUnsafeBytes { Data($0) }.write(to: dir.appendingPathComponent("input\(i).f32"))
        }
        try weights.withUnsafeBytes { Data($0) }.write(to: dir.appendingPathComponent("weight.f32"))
        try bias.withUnsafeBytes { Data($0) }.write(to: dir.appendingPathComponent("bias.f32"))
        try PythonReference.run([PythonReference.script("CNNTests", "layer_reference.py"), dir.path])
        let torch = try Data(contentsOf: dir.appendingPathComponent("output.f32")).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        for (layout, result) in results {
            #expect(torch.count == result.values.count, "\(c) \(layout): \(result.channels)×\(result.height)×\(result.width)")
            guard torch.count == result.values.count else { continue }
            let error = Approximate.relativeMaxError(result.values, reference: torch)
            #expect(error < 1e-5, "\(c) in \(layout): relative error \(error)")
        }
    }

    @Test func poolingOutputSizesFollowPyTorch() {
        // ceil mode: ⌈(14 − 3)/2⌉ + 1 = 7; a last window starting in the right padding is dropped: 5 + 2·1, k 2, s 2
        // gives ⌈5/2⌉ + 1 = 4 windows, the fourth starting at 6 − 1 = 5 = H, so 3.
        #expect(PoolingParameters(.max, kernel: 3, stride: 2, ceilMode: true).outputSize(height: 13, width: 14) == (6, 7))
        #expect(PoolingParameters(.max, kernel: 2, stride: 2, padding: 1, ceilMode: true).outputSize(height: 5, width: 7) == (3, 4))
        #expect(PoolingParameters(.max, kernel: 2, stride: 2, padding: 1, ceilMode: true).outputSize(height: 4, width: 4) == (3, 3))
        #expect(PoolingParameters(.max, kernel: 2).outputSize(height: 7, width: 8) == (3, 4))
    }

    @Test func averagePoolingThatWouldDivideDifferentlyFromPyTorchThrows() {
        // 8 + 2·1 padded, k 3, s 2, ceil: the last window reaches one past the padding, where PyTorch divides by 6
        // (count_include_pad clips to the padded input) and oneDNN would divide by 9.
        let x = FeatureTensor(channels: 1, height: 8, width: 8, values: Array(repeating: 1, count: 64))
        #expect(throws: CNNError.self) {
            try Pooling.forward(x, parameters: PoolingParameters(.average(countIncludePad: true), kernel: 3, stride: 2,
                                                                 padding: 1, ceilMode: true))
        }
    }
}
