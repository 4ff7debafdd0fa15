/// R-MAC — regional maximum activations of convolutions (Tolias, Sicre, Jégou, "Particular object retrieval with
/// integral max-pooling of CNN activations", ICLR 2016, §3).
///
/// Square regions are laid out on L scales. At level l = 1…L the region side is ⌊2·min(H, W)/(l + 1)⌋ and l regions
/// (plus a per-map extra m on the long side) are spread uniformly so that neighbours overlap by about 40 %; m is the
/// number of regions in `stepsOnLongSide` whose consecutive overlap at level 1 is closest to `overlap`. Every region
/// is MAC-pooled and L2-normalised; region vectors are optionally PCA-whitened and re-normalised, then summed, and
/// the sum is L2-normalised. Integer arithmetic follows the authors' MATLAB `rmac_regions.m` and cirtorch's
/// `roipool`/`rmac` (`cirtorch/layers/functional.py`); cirtorch additionally pools the whole map as one more region.
/// Arithmetic is in Double as in MATLAB. cirtorch evaluates the steps search and the offsets on float32 tensors, which
/// breaks exact ties of the search differently (e.g. 10×18: |overlap − 0.4| = 0.2 for both 2 and 3 regions; Double
/// picks 3 as MATLAB, float32 picks 2) — checked over all maps up to 69×69, the only other differences are at aspect
/// ratios above 3.
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `levels` (L) | 3 | number of scales; level l has regions of side ⌊2·min(H,W)/(l+1)⌋ |
/// | `grid` | `.tolias` | `.tolias`: the paper's regions; `.cirtorch`: the whole map first, then the paper's regions |
///
/// Maps are C×H×W planar as in `GlobalPooling`; region vectors are the columns of a C×R matrix.
public enum RegionalMAC {
    /// Desired overlap of neighbouring regions (Tolias et al. 2016, §3: "consecutive regions overlap by 40%";
    /// `ovr = 0.4` in `rmac_regions.m` and cirtorch).
    public static let overlap = 0.4
    /// Candidate numbers of regions along the long side at level 1 (`steps = [2 3 4 5 6 7]` in `rmac_regions.m` and
    /// cirtorch).
    public static let stepsOnLongSide = [2, 3, 4, 5, 6, 7]

    /// Which regions are pooled.
    public enum Grid: String, Sendable, CaseIterable {
        /// The paper's regions only (`rmac_regions.m`).
        case tolias
        /// cirtorch's `rmac`/`roipool`: the whole map as a first region, then the paper's regions.
        case cirtorch
    }

    /// A square region: rows `y ..< y + side`, columns `x ..< x + side` of the map.
    public struct Region: Sendable, Hashable, CustomStringConvertible {
        public let y: Int
        public let x: Int
        public let height: Int
        public let width: Int
        public init(y: Int, x: Int, height: Int, width: Int) {
            self.y = y
            self.x = x
            self.height = height
            self.width = width
        }
        public var description: String { "(y=\(y), x=\(x), \(height)×\(width))" }
    }

    /// The regions of an H×W map, level by level, each level row by row (top to bottom), then left to right.
    public static func regions(height: Int, width: Int, levels: Int = 3, grid: Grid = .tolias) -> [Region] {
        precondition(height >= 1 && width >= 1 && levels >= 1, "RegionalMAC.regions: \(height)×\(width), L = \(levels)")
        let w = min(height, width), long = max(height, width)
        // Extra regions on the long side: argmin over steps of |(w² − w·b)/w² − overlap|, b = (long − w)/(steps − 1);
        // the first minimum wins (MATLAB's `min`).
        var best = 0, bestError = Double.infinity
        for (i, steps) in stepsOnLongSide.enumerated() {
            let b = Double(long - w) / Double(steps - 1)
            let error = abs((Double(w * w) - Double(w) * b) / Double(w * w) - overlap)
            if error < bestError { best = i; bestError = error }
        }
        let extraWidth = height < width ? best + 1 : 0
        let extraHeight = height > width ? best + 1 : 0
        var out = grid == .cirtorch ? [Region(y: 0, x: 0, height: height, width: width)] : []
        for l in 1...levels {
            let side = 2 * w / (l + 1)
            guard side > 0 else { continue }
            let half = Int((Double(side) / 2 - 1).rounded(.down))
            let ys = offsets(length: height, side: side, count: l + extraHeight, half: half)
            let xs = offsets(length: width, side: side, count: l + extraWidth, half: half)
            for y in ys { for x in xs { out.append(Region(y: y, x: x, height: side, width: side)) } }
        }
        return out
    }

    /// ⌊half + i·b⌋ − half for i = 0…count−1, b = (length − side)/(count − 1) (0 when count = 1): the regions'
    /// top-left offsets along one side, as `cenW`/`cenH` in `rmac_regions.m`.
    static func offsets(length: Int, side: Int, count: Int, half: Int) -> [Int] {
        let b = count == 1 ? 0 : Double(length - side) / Double(count - 1)
        return (0..<count).map { Int((Double(half) + Double($0) * b).rounded(.down)) - half }
    }

    /// The C×R matrix of L2-normalised MAC vectors of `regions` of the C×H×W `map`.
    public static func regionVectors(_ map: [Float], channels: Int, height: Int, width: Int,
                                     regions: [Region]) -> Matrix {
        precondition(map.count == channels * height * width,
                     "RegionalMAC.regionVectors: \(map.count) values for \(channels)×\(height)×\(width)")
        var out = Matrix(rows: channels, columns: regions.count)
        for (r, region) in regions.enumerated() {
            precondition(region.y >= 0 && region.x >= 0 && region.y + region.height <= height
                            && region.x + region.width <= width, "RegionalMAC: \(region) outside \(height)×\(width)")
            for c in 0..<channels {
                var m = -Float.infinity
                for y in region.y ..< region.y + region.height {
                    let row = (c * height + y) * width
                    for x in region.x ..< region.x + region.width { m = max(m, map[row + x]) }
                }
                out[c, r] = m
            }
            Normalization.l2(&out.values[r * channels ..< (r + 1) * channels])
        }
        return out
    }

    /// Σ over region vectors (columns of `regionVectors`), each first PCA-whitened and L2-normalised when `whitening`
    /// is given; the sum is L2-normalised.
    public static func aggregate(_ regionVectors: Matrix, whitening: PCAWhitening? = nil) -> [Float] {
        var vectors = regionVectors
        if let whitening {
            vectors = whitening.apply(regionVectors)
            Normalization.l2Columns(&vectors)
        }
        var sum = [Float](repeating: 0, count: vectors.rows)
        for j in 0..<vectors.columns { for i in 0..<vectors.rows { sum[i] += vectors[i, j] } }
        Normalization.l2(&sum)
        return sum
    }

    /// R-MAC of a C×H×W map: `aggregate(regionVectors(regions(…)))`.
    public static func rmac(_ map: [Float], channels: Int, height: Int, width: Int, levels: Int = 3,
                            grid: Grid = .tolias, whitening: PCAWhitening? = nil) -> [Float] {
        let regions = regions(height: height, width: width, levels: levels, grid: grid)
        return aggregate(regionVectors(map, channels: channels, height: height, width: width, regions: regions),
                         whitening: whitening)
    }
}
