import CVLFeat
import Foundation
import RetrievalCore

/// Approximate nearest-centre assignment for large vocabularies (BoVW with K = 50k–1M words) through VLFeat's
/// randomised kd-forest (`vl_kdforest_*`; Silpa-Anan & Hartley, CVPR 2008; Muja & Lowe, VISAPP 2009), as in
/// Philbin et al., "Object retrieval with large vocabularies and fast spatial matching", CVPR 2007.
///
/// | parameter | default | effect |
/// |---|---|---|
/// | `trees` | 4 | randomised trees searched together; more trees → closer to exact, more memory |
/// | `maxComparisons` | 512 | distance evaluations per query (0 = unlimited: exact nearest neighbour) |
/// | `seed` | 0 | seeds VLFeat's per-thread generator before building (the split dimensions are random) |
///
/// The forest is built once over the K centres (D×K) and owned by this object; queries are serialised by a lock
/// because VLFeat's forest query state is shared. Ties between equidistant centres are broken by VLFeat's search
/// order (not by index); with `maxComparisons = 0` the returned centre is at the minimum distance.
public final class KDForestAssigner: @unchecked Sendable {
    public let vocabulary: Vocabulary
    public let trees: Int
    public let maxComparisons: Int
    public let seed: UInt64
    private let forest: UnsafeMutablePointer<VlKDForest>
    private let lock = NSLock()

    public init(vocabulary: Vocabulary, trees: Int = 4, maxComparisons: Int = 512, seed: UInt64 = 0) throws {
        precondition(trees >= 1 && maxComparisons >= 0, "KDForestAssigner: trees ≥ 1, maxComparisons ≥ 0")
        self.vocabulary = vocabulary
        self.trees = trees
        self.maxComparisons = maxComparisons
        self.seed = seed
        guard let forest = vl_kdforest_new(vl_type(VL_TYPE_FLOAT), vl_size(vocabulary.dimension), vl_size(trees),
                                           VlDistanceL2) else {
            throw EncodingError.vlfeatAllocationFailed(function: "vl_kdforest_new")
        }
        self.forest = forest
        vl_rand_seed(vl_get_rand(), vl_uint32(truncatingIfNeeded: seed ^ (seed >> 32)))
        vl_kdforest_set_max_num_comparisons(forest, vl_size(maxComparisons))
        // VLFeat keeps a pointer to the data: the centres array is kept alive (and never mutated) by `vocabulary`,
        // but Swift arrays may move, so the forest gets its own stable copy.
        centres = UnsafeMutableBufferPointer<Float>.allocate(capacity: vocabulary.centres.values.count)
        _ = centres.initialize(from: vocabulary.centres.values)
        vl_kdforest_build(forest, vl_size(vocabulary.size), centres.baseAddress)
    }

    private let centres: UnsafeMutableBufferPointer<Float>

    deinit {
        vl_kdforest_delete(forest)
        centres.deallocate()
    }

    /// `KDForest(trees=4, checks=512)`.
    public var label: String { "KDForest(trees=\(trees), checks=\(maxComparisons == 0 ? "all" : String(maxComparisons)))" }

    /// The (approximately) nearest centre of each column of `data` (D×N) → N word indices.
    public func assign(_ data: Matrix) -> [Int] {
        precondition(data.rows == vocabulary.dimension || data.columns == 0,
                     "KDForestAssigner.assign: dimension \(data.rows) ≠ \(vocabulary.dimension)")
        var words = [Int](repeating: 0, count: data.columns)
        var neighbour = VlKDForestNeighbor(distance: 0, index: 0)
        lock.lock()
        defer { lock.unlock() }
        data.values.withUnsafeBufferPointer { values in
            for n in 0..<data.columns {
                _ = vl_kdforest_query(forest, &neighbour, 1, values.baseAddress! + n * data.rows)
                words[n] = Int(neighbour.index)
            }
        }
        return words
    }
}
