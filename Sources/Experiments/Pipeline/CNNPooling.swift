import CNN
import RetrievalCore

/// The pooling half of a CNN descriptor, pure: a C×H×W map → what is cached per image and scale → the per-scale
/// descriptor. Global poolings cache their L2-normalised vector (C×1); R-MAC caches its L2-normalised region vectors
/// (C×R) and CGD its L2-normalised components (C×n), so that their whitening (per region, per component) can be
/// learned and changed without the network.
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
            // Combination of multiple global descriptors (Jun et al. 2019, §3.1): each component L2-normalised, one
            // column each in the configured order (combined by `descriptor`).
            var parts = Matrix(rows: c, columns: components.count)
            for (j, component) in components.enumerated() {
                var part: [Float] = switch component {
                case .spoc: GlobalPooling.spoc(x, channels: c, height: h, width: w)
                case .mac: GlobalPooling.mac(x, channels: c, height: h, width: w)
                case .gem: GlobalPooling.gem(x, channels: c, height: h, width: w, p: Float(p))
                }
                Normalization.l2(&part)
                parts.values.replaceSubrange(j * c ..< (j + 1) * c, with: part)
            }
            return parts
        case .neuralCodes: v = x  // C×1×1: the fully connected layer's activation
        }
        Normalization.l2(&v)
        return Matrix(rows: v.count, columns: 1, values: v)
    }

    /// The L2-normalised descriptor of one scale from its cached `pool` output. `partWhitening` whitens R-MAC's
    /// regions (one model for all) or CGD's components (one model each) before they are combined.
    func descriptor(_ pooled: Matrix, partWhitening: [PCAWhitening]?) -> [Float] {
        switch self {
        case .rmac: return RegionalMAC.aggregate(pooled, whitening: partWhitening?.first)
        case .cgd: return CombinedGlobalDescriptor.combine(pooled, whitening: partWhitening)
        default:
            precondition(partWhitening == nil && pooled.columns == 1, "CNNPooling: part whitening of a global vector")
            return pooled.values
        }
    }

    /// The parts a learned whitening acts on: R-MAC's regions (one model), CGD's components (one model each);
    /// nil when it acts on the final descriptor.
    var whitenedParts: WhitenedParts? {
        switch self {
        case .rmac: .regions
        case .cgd: .components
        default: nil
        }
    }

    enum WhitenedParts: String { case regions, components }

    /// CGD's number of components (1 for every other pooling).
    var componentCount: Int {
        if case .cgd(let components, _) = self { return components.count }
        return 1
    }
}
