/// Process-wide settings of the CNN engine.
public enum CNNRuntime {
    /// Threads of oneDNN's OpenMP runtime (a benchmark or a run sets it once, before extraction).
    public static func setThreads(_ n: Int) { DNNL.setThreads(n) }

    /// oneDNN's version, `major.minor.patch`.
    public static var oneDNNVersion: String { DNNL.version }
}
