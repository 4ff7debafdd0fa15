/// Process-wide settings of the CNN engine.
public enum CNNRuntime {
    /// Threads of oneDNN's OpenMP runtime (a benchmark or a run sets it once, before extraction).
    public static func setThreads(_ n: Int) { DNNL.setThreads(n) }

    /// Frees the activation buffers kept for reuse between images (`BufferPool`); call after an extraction.
    public static func releaseBuffers() { BufferPool.shared.drain() }

    /// oneDNN's version, `major.minor.patch`.
    public static var oneDNNVersion: String { DNNL.version }

    /// The engine's numerical choices beyond oneDNN's version, recorded with results and part of every CNN cache
    /// key: dense 3×3 stride-1 convolutions as Winograd F(4×4, 3×3) where oneDNN has it (else direct), residual
    /// additions as sum post-ops of the preceding convolution, ResNet activations channel-blocked by the CPU's vector
    /// width (the layout decides oneDNN's kernels, hence summation orders). Change it whenever such a choice changes.
    public static let engineRevision = "conv=winograd3x3s1|direct residual=sum-post-op resnet=blocked"
}
