import Foundation
import RetrievalCore

/// Datasets whose ground truth is in their file names.
///
/// | dataset | files | groups | queries | ranking |
/// |---|---|---|---|---|
/// | `holidays` (Jégou et al. 2008) | `jpg_rotated/NNNNNN.jpg` (imno; upright images, `jpg/` refused as the unrotated originals) | imno / 100 | imno % 100 == 0 (500) | the query removed from its own ranking; checked against `gnd_holidays.mat` when it is in the root |
/// | `ukbench` (Nistér & Stewénius 2006) | `full/ukbench%05d.jpg` (or in `jpg/`, `images/`, the root) | i / 4 | every image | the query stays: positives are its whole group, so recall@4 · 4 is the N-S score |
public enum GroupedImageDataset {
    /// The image folder of `root` relative to it: Holidays `jpg_rotated/` (the upright images; `jpg/`, the
    /// original archives' folder, is returned so that the loader can refuse it), UKBench `full/`, then `jpg/`,
    /// `images/`, or `""` for the root itself — the first that exists.
    static func imageFolder(name: String, root: URL) -> String {
        let candidates = name == "holidays" ? ["jpg_rotated", "images", "jpg"] : ["full", "jpg", "images"]
        return candidates.first { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
            .map { $0 + "/" } ?? ""
    }

    public static func benchmark(name: String, root: URL, protocolName: String) throws -> Benchmark {
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw DatasetError.missingRoot(dataset: name, path: root.path)
        }
        guard protocolName == "standard" else {
            throw DatasetError.unknownProtocol(dataset: name, name: protocolName, known: ["standard"])
        }
        let relative = imageFolder(name: name, root: root)
        if name == "holidays", relative == "jpg/" { throw DatasetError.unrotatedHolidays(root: root.path) }
        let folder = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jpg") }.sorted()
        if files.isEmpty, let nested = ImageLayout.nestedFolder(containingJPEGsBelow: root, folder: relative) {
            throw DatasetError.nestedImages(dataset: name, image: "the .jpg files", folder: relative, nestedIn: nested,
                                            root: root.path)
        }
        var numbered: [(file: String, number: Int)] = []
        for file in files {
            let stem = file.dropLast(4)
            let digits = name == "ukbench" ? (stem.hasPrefix("ukbench") ? stem.dropFirst(7) : "") : stem
            guard let number = Int(digits), !digits.isEmpty else {
                throw DatasetError.malformed(file: folder.appendingPathComponent(file).path, line: 0,
                                             problem: name == "ukbench" ? "expected ukbench%05d.jpg" : "expected NNNNNN.jpg")
            }
            numbered.append((file, number))
        }
        guard !numbered.isEmpty else { throw DatasetError.emptyGroundTruth(file: folder.path) }
        let database = numbered.map { ImageRecord(id: String($0.file.dropLast(4)), url: folder.appendingPathComponent($0.file)) }
        let groupOf: (Int) -> Int = name == "ukbench" ? { $0 / 4 } : { $0 / 100 }
        var members: [Int: Set<Int>] = [:]
        for (i, n) in numbered.enumerated() { members[groupOf(n.number), default: []].insert(i) }
        var queries: [RetrievalQuery] = []
        var warnings: [String] = []
        for (i, n) in numbered.enumerated() where name == "ukbench" || n.number % 100 == 0 {
            let group = members[groupOf(n.number)]!
            let judgement = name == "ukbench" ? RelevanceJudgement(positives: group)
                : RelevanceJudgement(positives: group.subtracting([i]))
            if judgement.positives.isEmpty {
                warnings.append("\(name): query \(database[i].id) has no positive; "
                                + "its AP is undefined (stored as NULL, counted as dropped)")
            }
            queries.append(RetrievalQuery(id: database[i].id, image: database[i], judgement: judgement,
                                          excludedFromRanking: name == "ukbench" ? [] : [i]))
        }
        guard queries.contains(where: { !$0.judgement.positives.isEmpty }) else {
            throw DatasetError.noQueries(dataset: name, protocolName: protocolName)
        }
        let benchmark = Benchmark(name: name, protocolName: protocolName, database: database, queries: queries,
                                  warnings: warnings)
        let mat = root.appendingPathComponent("gnd_holidays.mat")
        if name == "holidays", FileManager.default.fileExists(atPath: mat.path) {
            try checkHolidays(benchmark, against: mat, root: root, folder: relative)
        }
        return benchmark
    }
}
