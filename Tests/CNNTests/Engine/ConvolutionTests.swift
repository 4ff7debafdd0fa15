import CNN
import Foundation
import RetrievalCore
import Testing
import TestSupport

/// oneDNN convolution against the im2col + sgemm oracle and against `torch.nn.functional.conv2d`, on random
/// layers: grouped, depthwise, strided, dilated, padded, non-square, dense 3×3 (Winograd), with fused ReLU / ReLU6
/// and a fused residual addition; TF 'SAME' padding against the EfficientNet package's `Conv2dDynamicSamePadding`.
@Suite struct ConvolutionTests {
    struct Case: Codable, CustomStringConvertible {
        var `in`: Int, out: Int, k: Int, stride: Int, padding: Int, dilation: Int, groups: Int, h: Int, w: Int
        var activation: String
        /// TF 'SAME' padding (`padding` ignored); the PyTorch side is the upstream `Conv2dDynamicSamePadding`.
        var same = false
        var description: String {
            "\(self.in)→\(out) k\(k) s\(stride) \(same ? "SAME" : "p\(padding)") d\(dilation) g\(groups) \(h)×\(w) \(activation)"
        }
    }

    static let cases: [Case] = [
        Case(in: 3, out: 8, k: 3, stride: 2, padding: 1, dilation: 1, groups: 1, h: 17, w: 23, activation: "relu6"),
        Case(in: 16, out: 16, k: 5, stride: 1, padding: 2, dilation: 1, groups: 16, h: 13, w: 9, activation: "none"),
        Case(in: 12, out: 24, k: 3, stride: 1, padding: 2, dilation: 2, groups: 3, h: 11, w: 14, activation: "relu"),
        Case(in: 32, out: 64, k: 1, stride: 1, padding: 0, dilation: 1, groups: 1, h: 7, w: 10, activation: "none"),
        Case(in: 24, out: 24, k: 3, stride: 2, padding: 1, dilation: 1, groups: 24, h: 16, w: 15, activation: "relu6"),
        // Dense 3×3 stride 1: the Winograd F(4×4, 3×3) path where oneDNN has it.
        Case(in: 16, out: 24, k: 3, stride: 1, padding: 1, dilation: 1, groups: 1, h: 19, w: 26, activation: "relu"),
        // TF 'SAME': stride 2 on even and odd sides, 3×3 and 5×5 depthwise, a dense stem-like layer.
        Case(in: 3, out: 8, k: 3, stride: 2, padding: 0, dilation: 1, groups: 1, h: 16, w: 23, activation: "relu6", same: true),
        Case(in: 16, out: 16, k: 5, stride: 2, padding: 0, dilation: 1, groups: 16, h: 14, w: 11, activation: "relu6", same: true),
        Case(in: 8, out: 8, k: 3, stride: 2, padding: 0, dilation: 1, groups: 8, h: 9, w: 12, activation: "none", same: true),
        Case(in: 8, out: 8, k: 5, stride: 1, padding: 0, dilation: 1, groups: 8, h: 7, w: 6, activation: "none", same: true),
    ]

    func random(_ n: Int, seed: UInt64) -> [Float] {
        var g = SplitMix64(seed: seed)
        return (0..<n).map { _ in Float(g.uniform(-1, 1)) }
    }

    func parameters(_ c: Case) -> ConvolutionParameters {
        var p = ConvolutionParameters(inChannels: c.in, outChannels: c.out, kernel: c.k, stride: c.stride, padding: c.padding,
                                      dilation: c.dilation, groups: c.groups, activation: Activation(rawValue: c.activation)!)
        if c.same { p.paddingRule = .tensorFlowSame }
        return p
    }

    /// TF 'SAME' by hand: output ⌈n/s⌉, total padding (⌈n/s⌉ − 1)·s + k − n, the odd pixel after.
    @Test func tensorFlowSamePaddingByHand() {
        func same(_ k: Int, _ s: Int) -> ConvolutionParameters {
            var p = ConvolutionParameters(inChannels: 1, outChannels: 1, kernel: k, stride: s, padding: 7)
            p.paddingRule = .tensorFlowSame
            return p
        }
        // 224, k3 s2: out 112, total 111·2 + 3 − 224 = 1 → (0, 1); k5: 3 → (1, 2);
        // 97, k3 s2: out 49, total 48·2 + 3 − 97 = 2 → (1, 1); k5: 4 → (2, 2). Tuples are (top, left, bottom, right).
        #expect(same(3, 2).padding(height: 224, width: 97) == (0, 1, 1, 1))
        #expect(same(5, 2).padding(height: 224, width: 97) == (1, 2, 2, 2))
        #expect(same(3, 2).outputSize(height: 224, width: 97) == (112, 49))
        // Stride 1 is symmetric for odd k: total k − 1; k1 pads nothing; 131, k5 s2: out 66, total 65·2 + 5 − 131 = 4.
        #expect(same(5, 1).padding(height: 10, width: 11) == (2, 2, 2, 2))
        #expect(same(1, 1).padding(height: 10, width: 11) == (0, 0, 0, 0))
        #expect(same(5, 2).padding(height: 131, width: 6) == (2, 1, 2, 2))
        // The explicit rule keeps its fixed padding.
        #expect(ConvolutionParameters(inChannels: 1, outChannels: 1, kernel: 3, stride: 2, padding: 1)
            .padding(height: 224, width: 224) == (1, 1, 1, 1))
    }

    @Test(arguments: cases) func oneDNNMatchesTheReferenceAndPyTorch(_ c: Case) throws {
        let input = FeatureTensor(channels: c.in, height: c.h, width: c.w, values: random(c.in * c.h * c.w, seed: 1))
        let weights = random(c.out * (c.in / c.groups) * c.k * c.k, seed: 2), bias = random(c.out, seed: 3)
        let ours = try Convolution.forward(input, parameters: parameters(c), weights: weights, bias: bias)
        let oracle = ReferenceConvolution.forward(input, parameters: parameters(c), weights: weights, bias: bias)
        #expect(ours.height == oracle.height && ours.width == oracle.width)
        #expect(Approximate.relativeMaxError(ours.values, reference: oracle.values) < 1e-5, "\(c)")

        guard PythonReference.available(["torch", "numpy"]) else { print(PythonReference.unavailableMessage(["torch"])); return }
        let dir = try SharedData.temporaryDirectory("conv")
        defer { try? FileManager.default.removeItem(at: dir) }
        try JSONEncoder().encode(c).write(to: dir.appendingPathComponent("case.json"))
        for (name, values) in [("input", input.values), ("weight", weights), ("bias", bias)] {
            try values.withUnsafeBytes { Data($0) }.write(to: dir.appendingPathComponent("\(name).f32"))
        }
        try PythonReference.run([PythonReference.script("CNNTests", "conv_reference.py"), dir.path])
        let data = try Data(contentsOf: dir.appendingPathComponent("output.f32"))
        let torch = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(torch.count == ours.values.count)
        #expect(Approximate.relativeMaxError(ours.values, reference: torch) < 1e-4, "\(c) vs PyTorch")
    }

    /// activation(conv(x) + residual) with the residual added by oneDNN's sum post-op (ResNet's conv3, EfficientNet's
    /// projections), the residual given in every layout, against the oracle convolution plus the residual by hand.
    /// 24 output channels make an odd number of 8-channel blocks.
    @Test(arguments: [(Activation.relu, 1), (.none, 1), (.relu6, 3)]) func aFusedResidualAdditionMatchesTheOracle(
        activation: Activation, kernel: Int) throws {
        let p = ConvolutionParameters(inChannels: 16, outChannels: 24, kernel: kernel, padding: kernel / 2,
                                      activation: activation)
        let input = FeatureTensor(channels: 16, height: 9, width: 11, values: random(16 * 9 * 11, seed: 4))
        let residual = FeatureTensor(channels: 24, height: 9, width: 11, values: random(24 * 9 * 11, seed: 5).map { 4 * $0 })
        let weights = random(24 * 16 * kernel * kernel, seed: 6), bias = random(24, seed: 7)
        var linear = p
        linear.activation = .none
        let sum = zip(ReferenceConvolution.forward(input, parameters: linear, weights: weights, bias: bias).values,
                      residual.values).map { $0 + $1 }
        let expected = sum.map { x -> Float in
            switch activation {
            case .none: x
            case .relu: max(x, 0)
            case .relu6: min(max(x, 0), 6)
            }
        }
        for layout in ActivationLayout.allCases {
            let ours = try Convolution.forward(input, parameters: p, weights: weights, bias: bias, residual: residual,
                                               residualLayout: layout)
            #expect(Approximate.relativeMaxError(ours.values, reference: expected) < 1e-5, "\(activation) k\(kernel) \(layout)")
        }
    }

    @Test func aFailingPrimitiveNamesTheLayer() {
        // A kernel larger than the padded input: oneDNN rejects the shapes; the error names function and layer.
        let input = FeatureTensor(channels: 1, height: 2, width: 2, values: [1, 2, 3, 4])
        let p = ConvolutionParameters(inChannels: 1, outChannels: 1, kernel: 5)
        #expect(throws: CNNError.self) { try Convolution.forward(input, parameters: p, weights: Array(repeating: 1, count: 25), bias: nil) }
    }
}
