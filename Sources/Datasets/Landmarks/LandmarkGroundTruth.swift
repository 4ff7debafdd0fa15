import Foundation
import RetrievalCore
import Serialization

/// The ground truth of Oxford5k / Paris6k (Philbin et al. 2007, 2008) and of their revisited versions (Radenović et
/// al. 2018), in either of its published forms:
/// - the original text files (`gt_files_170407/<query>_{query,good,ok,junk}.txt`, query file
///   `oxc1_<image> x1 y1 x2 y2`);
/// - the `gnd_<dataset>.pkl` pickles of cirtorch / revisitop (`imlist`, `qimlist`, `gnd[i] = {bbx, ok, junk}`, or
///   `{bbx, easy, hard, junk}` for the revisited datasets), lists or numpy arrays.
/// Items are image names (without `.jpg`), so both forms compare directly.
public struct LandmarkGroundTruth: Equatable, Sendable {
    public struct Query: Equatable, Sendable {
        /// Query name (`all_souls_1` from the text files; `q<i>` from a pickle, which has none).
        public var name: String
        public var image: String
        public var box: BoundingBox
        /// Standard protocol: good ∪ ok. Revisited: easy.
        public var positives: Set<String>
        public var junk: Set<String>
        /// Revisited only: the hard positives (nil for the standard datasets).
        public var hard: Set<String>?
        /// Where each image of this query is named and how it is spelled there (text files: the query image is
        /// `oxc1_<image>` in `<query>_query.txt`, the others plain in `_good`/`_ok`/`_junk`); used only in messages.
        /// Empty for a pickle, whose file name is the source of every item.
        public var sources: [String: Source] = [:]
    }

    /// A ground-truth file and the spelling of an image in it.
    public struct Source: Equatable, Sendable {
        public var file: String
        public var spelled: String
    }

    /// The database image names in dataset order (the pickle's `imlist`; for text files the caller's image list).
    public var images: [String]
    public var queries: [Query]

    /// Reads the text files in `directory` (queries sorted by name); `images` is the database list.
    ///
    /// Against `gnd_oxford5k.pkl` (checked on all 55 queries in the tests): the sets agree exactly (pickle `ok` =
    /// good ∪ ok, pickle `junk` = junk); the differences are only of order and multiplicity, which sets remove — the
    /// pickle lists indices in ascending `imlist` order and `imlist` is not alphabetical, the text files are in no
    /// order, and `all_souls_1_good.txt` names `all_souls_000091` twice. Every query's own image is among its
    /// positives in both forms (the standard protocol keeps the full query image in the database).
    /// The query files are sorted by name, which is the pickle's `qimlist` order.
    public static func textFiles(_ directory: URL, dataset: String, images: [String]) throws -> LandmarkGroundTruth {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw DatasetError.missingFile(dataset: dataset, path: directory.path)
        }
        let queryFiles = files.filter { $0.hasSuffix("_query.txt") }.sorted()
        guard !queryFiles.isEmpty else { throw DatasetError.emptyGroundTruth(file: directory.path) }
        func names(_ file: String, _ sources: inout [String: Source]) throws -> [String] {
            let items = try lines(file)
            for item in items where sources[item] == nil { sources[item] = Source(file: file, spelled: item) }
            return items
        }
        func lines(_ file: String) throws -> [String] {
            let url = directory.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw DatasetError.missingFile(dataset: dataset, path: url.path)
            }
            return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var queries: [Query] = []
        for file in queryFiles {
            let name = String(file.dropLast("_query.txt".count))
            let lines = try lines(file)
            let path = directory.appendingPathComponent(file).path
            let fields = lines.first?.split(separator: " ").map(String.init) ?? []
            guard lines.count == 1, fields.count == 5, let x1 = Double(fields[1]), let y1 = Double(fields[2]),
                  let x2 = Double(fields[3]), let y2 = Double(fields[4]) else {
                throw DatasetError.malformed(file: path, line: 1, problem: "expected 'oxc1_<image> x1 y1 x2 y2'")
            }
            let image = fields[0].hasPrefix("oxc1_") ? String(fields[0].dropFirst(5)) : fields[0]
            var sources = [image: Source(file: file, spelled: fields[0])]
            let good = try names("\(name)_good.txt", &sources), ok = try names("\(name)_ok.txt", &sources)
            let junk = try names("\(name)_junk.txt", &sources)
            queries.append(Query(name: name, image: image, box: BoundingBox(x1: x1, y1: y1, x2: x2, y2: y2),
                                 positives: Set(good + ok), junk: Set(junk), hard: nil, sources: sources))
        }
        return LandmarkGroundTruth(images: images, queries: queries)
    }

    /// Reads a `gnd_*.pkl` file.
    public static func pickle(_ file: URL, dataset: String) throws -> LandmarkGroundTruth {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw DatasetError.missingFile(dataset: dataset, path: file.path)
        }
        let root: PickleValue
        do { root = try Unpickler.load(contentsOf: file) } catch {
            throw DatasetError.unreadable(file: file.path, reason: "\(error)")
        }
        func bad(_ problem: String) -> DatasetError { .malformed(file: file.path, line: 0, problem: problem) }
        guard let imlist = root["imlist"]?.elements?.compactMap(\.string),
              let qimlist = root["qimlist"]?.elements?.compactMap(\.string),
              let gnd = root["gnd"]?.elements else { throw bad("expected keys imlist, qimlist, gnd") }
        guard gnd.count == qimlist.count, !imlist.isEmpty else { throw bad("gnd has \(gnd.count) entries for \(qimlist.count) queries") }
        func names(_ value: PickleValue?, _ key: String, _ i: Int) throws -> Set<String> {
            guard let value else { return [] }
            guard let indices = NumpyArrays.ints(value), indices.allSatisfy({ $0 >= 0 && $0 < imlist.count }) else {
                throw bad("gnd[\(i)].\(key) is not a list of image indices")
            }
            return Set(indices.map { imlist[$0] })
        }
        var queries: [Query] = []
        for (i, g) in gnd.enumerated() {
            guard let b = g["bbx"].flatMap(NumpyArrays.doubles), b.count == 4 else { throw bad("gnd[\(i)].bbx is not 4 numbers") }
            let revisited = g["easy"] != nil
            queries.append(Query(name: "q\(i + 1)", image: qimlist[i],
                                 box: BoundingBox(x1: b[0], y1: b[1], x2: b[2], y2: b[3]),
                                 positives: try names(revisited ? g["easy"] : g["ok"], revisited ? "easy" : "ok", i),
                                 junk: try names(g["junk"], "junk", i),
                                 hard: revisited ? try names(g["hard"], "hard", i) : nil))
        }
        return LandmarkGroundTruth(images: imlist, queries: queries)
    }
}
