import CNN
import RetrievalCore

/// The pooling half of a CNN descriptor, pure: a C×H×W map → what is cached per image and scale → the per-scale
/// descriptor. Global poolings cache their L2-normalised vector (C×1, CGD: the concatenation); R-MAC caches its
/// L2-normalised region vectors (C×R) so that region whitening can be learned and changed without the network.
extension PooledCNNDescriptorConfig.Pooling {
    /// Cached per image and scale (see above).
    func pool(_ map: FeatureTensor) -> Matrix {
        let (x, c, h, w) = (map.values, map.channels, map.height, map.width)
        var v: [Float]
        switch self {
        case .mac: v = GlobalPooling.mac(x, channels: c, height: h, width: w)
        case .spoc(let prior): v = GlobalPooling.spoc(x, channels: c, height: h, width: w, centrePrior: prior)
        case .gem(let p): v = GlobalPooling.gem(x, channels: c, height: h, width: w, p: Float(p))
        case .rmac(let levels, let grid):
            return RegionalMAC.regionVectors(x, channels: c, height: h, width: w,
                                             regions: RegionalMAC.regions(height: h, width: w, levels: levels, grid: grid))
        case .crow(let a, let b): v = CroWPooling.crow(x, channels: c, height: h, width: w, a: a, b: b)
        case .cgd(let components, let p):
            // Combination of multiple global descriptors (Jun et al. 2019, §3.1): each component L2-normalised,
            // concatenated in the configured order (then L2-normalised below).
            v = []
            for component in components {
                var part: [Float] = switch component {
                case .spoc: GlobalPooling.spoc(x, channels: c, height: h, width: w)
                case .mac: GlobalPooling.mac(x, channels: c, height: h, width: w)
                case .gem: GlobalPooling.gem(x, channels: c, height: h, width: w, p: Float(p))
                }
                Normalization.l2(&part)
                v += part
            }
        case .neuralCodes: v = x  // C×1×1: the fully connected layer's activation
        }
        Normalization.l2(&v)
        return Matrix(rows: v.count, columns: 1, values: v)
    }

    /// The L2-normalised descriptor of one scale from its cached `pool` output; R-MAC whitens each region first
    /// when `regionWhitening` is given.
    func descriptor(_ pooled: Matrix, regionWhitening: PCAWhitening?) -> [Float] {
        if case .rmac = self { return RegionalMAC.aggregate(pooled, whitening: regionWhitening) }
        precondition(regionWhitening == nil && pooled.columns == 1, "CNNPooling: region whitening without regions")
        return pooled.values
    }

    /// True when the learned whitening acts on region vectors (R-MAC) rather than on the final descriptor.
    var whitensRegions: Bool {
        if case .rmac = self { return true }
        return false
    }
}
