import Foundation
import Serialization

extension LandmarkGroundTruth {
    /// The MATLAB file names of the landmark datasets' `.mat` ground truth, by catalog name.
    static let matFileNames = ["oxford5k": "gnd_oxford5k.mat", "paris6k": "gnd_paris6k.mat",
                               "oxford105k": "gnd_Oxford105k.mat", "paris106k": "gnd_Paris106k.mat"]

    /// Reads a `gnd_*.mat` file (MAT v5, through `Serialization.MATFile`): `feature_name` (N×1 cell of image names,
    /// for Oxford105k / Paris106k the base images and the 100,071 distractors), `query_list` (Q×3 cell: query image,
    /// its index, query name such as `all_souls_1`) and `gnd` (1×Q struct: 1-based `ok` = good ∪ ok, `junk`, `bbx`).
    /// Agrees with `gnd_oxford5k.pkl` and the text files on all 55 Oxford queries (tested).
    public static func mat(_ file: URL, dataset: String) throws -> LandmarkGroundTruth {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw DatasetError.missingFile(dataset: dataset, path: file.path)
        }
        let mat: MATFile
        do { mat = try MATFile(contentsOf: file) } catch {
            throw DatasetError.unreadable(file: file.path, reason: "\(error)")
        }
        func bad(_ problem: String) -> DatasetError { .malformed(file: file.path, line: 0, problem: problem) }
        guard let names = mat["feature_name"]?.cells?.map(\.string), names.allSatisfy({ $0 != nil }),
              let queryList = mat["query_list"], let gnd = mat["gnd"]?.structElements else {
            throw bad("expected variables feature_name (cell of names), query_list (cell) and gnd (struct)")
        }
        let images = names.map { $0! }
        guard !images.isEmpty, queryList.dimensions.count == 2, queryList.dimensions[0] == gnd.count else {
            throw bad("gnd has \(gnd.count) entries for a query_list of \(queryList.dimensions) cells")
        }
        func set(_ value: MATArray?, _ key: String, _ i: Int) throws -> Set<String> {
            guard let value else { return [] }
            guard let indices = value.integers, indices.allSatisfy({ $0 >= 1 && $0 <= images.count }) else {
                throw bad("gnd(\(i + 1)).\(key) is not a list of 1-based image indices")
            }
            return Set(indices.map { images[$0 - 1] })
        }
        var queries: [Query] = []
        for (i, g) in gnd.enumerated() {
            guard let image = queryList.cell(i, 0)?.string, !image.isEmpty else { throw bad("query_list{\(i + 1),1} is not a name") }
            guard let b = g["bbx"]?.doubles, b.count == 4 else { throw bad("gnd(\(i + 1)).bbx is not 4 numbers") }
            let name = queryList.dimensions[1] >= 3 ? queryList.cell(i, 2)?.string ?? "q\(i + 1)" : "q\(i + 1)"
            queries.append(Query(name: name, image: image, box: BoundingBox(x1: b[0], y1: b[1], x2: b[2], y2: b[3]),
                                 positives: try set(g["ok"], "ok", i), junk: try set(g["junk"], "junk", i), hard: nil))
        }
        return LandmarkGroundTruth(images: images, queries: queries)
    }
}
