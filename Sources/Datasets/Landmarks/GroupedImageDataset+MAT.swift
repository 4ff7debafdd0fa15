import Foundation
import Serialization

extension GroupedImageDataset {
    /// Checks a Holidays benchmark derived from file names against the published `gnd_holidays.mat` (Jégou et al.
    /// 2008; MAT v5 through `Serialization.MATFile`: `feature_name` 1491×1, `query_list` 500×2, `gnd(i).ok` = the rest
    /// of the query's group, `gnd(i).junk` = the query itself, 1-based) when that file is in the dataset root:
    /// every image it names must be in the image folder, and every query's positives must agree. Without the file,
    /// the file names alone define the ground truth (1491 images, 500 queries on the full dataset).
    static func checkHolidays(_ benchmark: Benchmark, against file: URL, root: URL, folder: String) throws {
        let mat: MATFile
        do { mat = try MATFile(contentsOf: file) } catch {
            throw DatasetError.unreadable(file: file.path, reason: "\(error)")
        }
        func bad(_ problem: String) -> DatasetError { .malformed(file: file.path, line: 0, problem: problem) }
        guard let cells = mat["feature_name"]?.cells, let queryList = mat["query_list"],
              let gnd = mat["gnd"]?.structElements, queryList.dimensions.count == 2,
              queryList.dimensions[0] == gnd.count else {
            throw bad("expected feature_name (cell), query_list (cell) and gnd (struct, one per query)")
        }
        let names = try cells.enumerated().map { i, cell in
            guard let name = cell.string else { throw bad("feature_name{\(i + 1)} is not a name") }
            return name
        }
        var index: [String: Int] = [:]
        for (i, record) in benchmark.database.enumerated() { index[record.id] = i }
        for name in names where index[name] == nil {
            throw DatasetError.missingImage(dataset: "holidays", listedIn: file.lastPathComponent, image: name,
                                            folder: folder, root: root.path)
        }
        let queries = Dictionary(uniqueKeysWithValues: benchmark.queries.map { ($0.id, $0) })
        for (i, g) in gnd.enumerated() {
            guard let query = queryList.cell(i, 0)?.string else { throw bad("query_list{\(i + 1),1} is not a name") }
            guard let ok = g["ok"]?.integers, ok.allSatisfy({ $0 >= 1 && $0 <= names.count }) else {
                throw bad("gnd(\(i + 1)).ok is not a list of 1-based image indices")
            }
            let expected = Set(ok.map { names[$0 - 1] })
            let derived = queries[query].map { Set($0.judgement.positives.map { benchmark.database[$0].id }) } ?? []
            guard expected == derived else {
                throw bad("query \(query): the file's positives \(expected.sorted()) differ from the group of its file "
                          + "name \(derived.sorted()); the image folder does not match the published Holidays set")
            }
        }
    }
}
