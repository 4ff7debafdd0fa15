/// Combination of multiple global descriptors, CGD (Jun, Ko, Kim, Kim & Kim, "Combination of Multiple Global
/// Descriptors for Image Retrieval", 2019, §3.1): each global descriptor (e.g. SPoC, MAC, GeM of one map) is
/// reduced and L2-normalised, the results are concatenated in order and the concatenation L2-normalised.
///
/// The paper reduces each branch with a fully connected layer trained with a ranking loss; here the reduction is
/// optional and training-free: a PCA-whitening per component, learned on a training split, then L2 (as descriptor
/// whitening in Radenović et al.). Without it the components are only L2-normalised.
public enum CombinedGlobalDescriptor {
    /// One global descriptor of a CGD.
    public enum Component: String, Sendable, CaseIterable {
        /// S: `GlobalPooling.spoc`.
        case spoc
        /// M: `GlobalPooling.mac`.
        case mac
        /// G: `GlobalPooling.gem` with the exponent p.
        case gem
    }

    /// The components of a C×H×W map, in order, each L2-normalised: C×n, one column per component.
    public static func components(_ map: [Float], channels c: Int, height h: Int, width w: Int,
                                  _ components: [Component], p: Float) -> Matrix {
        var parts = Matrix(rows: c, columns: components.count)
        for (j, component) in components.enumerated() {
            var part: [Float] = switch component {
            case .spoc: GlobalPooling.spoc(map, channels: c, height: h, width: w)
            case .mac: GlobalPooling.mac(map, channels: c, height: h, width: w)
            case .gem: GlobalPooling.gem(map, channels: c, height: h, width: w, p: p)
            }
            Normalization.l2(&part)
            parts.values.replaceSubrange(j * c ..< (j + 1) * c, with: part)
        }
        return parts
    }

    /// The combined descriptor of `components` (D×n, one L2-normalised global descriptor per column), each whitened
    /// and L2-normalised again when `whitening` (n models, component j by `whitening[j]`) is given.
    public static func combine(_ components: Matrix, whitening: [PCAWhitening]? = nil) -> [Float] {
        precondition(whitening == nil || whitening!.count == components.columns,
                     "CGD: \(whitening?.count ?? 0) whitenings for \(components.columns) components")
        var v: [Float] = []
        for j in 0..<components.columns {
            var part = components.column(j)
            if let w = whitening?[j] {
                part = w.apply(part)
                Normalization.l2(&part)
            }
            v += part
        }
        Normalization.l2(&v)
        return v
    }
}
