/// The local features of a convolutional map: every spatial position of a C×H×W planar map (element (c, y, x) at
/// `(c·H + y)·W + x`) is one C-dimensional descriptor, L2-normalised.
///
/// Used by the encodings of conv features that treat positions as local descriptors: bags of local convolutional
/// features (Mohedano et al., "Bags of Local Convolutional Features for Scalable Instance Search", ICMR 2016, §3.1:
/// each of the W×H positions of a conv layer is an L2-normalised local feature) and NetVLAD
/// (Arandjelović et al., CVPR 2016; Pytorch-NetVLAD's `normalize_input`, descriptor-wise L2 before the layer).
///
/// Output: C×(H·W), column y·W + x = position (y, x) in row-major order. A zero position stays zero. (Mohedano et
/// al. also PCA-whiten the features before clustering; that step is not part of this function.)
public enum LocalConvolutionalFeatures {
    public static func columns(_ map: [Float], channels: Int, height: Int, width: Int) -> Matrix {
        let n = height * width
        precondition(map.count == channels * n,
                     "LocalConvolutionalFeatures: \(map.count) values for \(channels)×\(height)×\(width)")
        var out = Matrix(rows: channels, columns: n)
        // Transpose planar C×(H·W) into column-major descriptors: column p holds the C values at position p.
        for c in 0..<channels {
            for p in 0..<n { out.values[p * channels + c] = map[c * n + p] }
        }
        Normalization.l2Columns(&out)
        return out
    }
}
