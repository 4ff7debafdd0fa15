import Foundation

extension CNNRuntime {
    /// The machine's measured convolution peak in GFLOP/s on the current oneDNN thread count: the best of `repeats`
    /// runs of a 1×1, 1024 → 1024-channel convolution on a 48×48 map (2·1024·1024·48·48 ≈ 4.8 GFLOP) — a shape on
    /// which oneDNN's direct (brgemm) kernels reach the CPU's practical FMA throughput, and to which Winograd does
    /// not apply. Benchmarks report a network's GFLOP/s as a percentage of it.
    public static func convolutionPeakGFLOPs(repeats: Int = 5) throws -> Double {
        let channels = 1024, side = 48
        let parameters = ConvolutionParameters(inChannels: channels, outChannels: channels, kernel: 1)
        var random = UInt64(0x9E37_79B9_7F4A_7C15)
        func next() -> Float {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: random >> 11) % 2001 - 1000) / 10_000
        }
        let layer = ConvolutionLayer(name: "peak", parameters: parameters,
                                     weights: (0..<(channels * channels)).map { _ in next() }, bias: nil)
        let plain = try FeatureTensor(channels: channels, height: side, width: side,
                                      values: (0..<(channels * side * side)).map { _ in next() }).memory(layer: "peak")
        // In the primitive's own layout, so the timing holds the convolution only (no reorder).
        let input = try plain.reordered(to: try layer.compile(height: side, width: side).sources[0], layer: "peak")
        let flop = 2.0 * Double(channels * channels * side * side)
        _ = try layer.forward(input, height: side, width: side)
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try layer.forward(input, height: side, width: side)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return flop / best / 1e9
    }
}
