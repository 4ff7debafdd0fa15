import Foundation
import RetrievalCore

/// Oxford5k / Paris6k (protocol `standard`: positives good ∪ ok, junk removed) and ROxford5k / RParis6k (protocols
/// `easy`, `medium`, `hard`, see `RevisitedProtocol`). Layout of `root`: the images as `<name>.jpg` in `jpg/`,
/// `images/` or `root` itself, and the ground truth as `gnd_<dataset>.pkl` or, for the standard datasets, a
/// `gt_files_170407/` (or `gt_files/`) folder of text files. Queries are cropped to their box before description.
public enum LandmarkDataset {
    public static func benchmark(name: String, root: URL, protocolName: String) throws -> Benchmark {
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw DatasetError.missingRoot(dataset: name, path: root.path)
        }
        let revisited = name.hasPrefix("r")
        let protocols = revisited ? RevisitedProtocol.allCases.map(\.rawValue) : ["standard"]
        guard protocols.contains(protocolName) else {
            throw DatasetError.unknownProtocol(dataset: name, name: protocolName, known: protocols)
        }
        let imageFolder = ["jpg", "images"].map { root.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.path) } ?? root
        let pickle = root.appendingPathComponent("gnd_\(name).pkl")
        let groundTruth: LandmarkGroundTruth
        if FileManager.default.fileExists(atPath: pickle.path) {
            groundTruth = try LandmarkGroundTruth.pickle(pickle, dataset: name)
        } else if let text = ["gt_files_170407", "gt_files"].map({ root.appendingPathComponent($0) })
                    .first(where: { FileManager.default.fileExists(atPath: $0.path) }), !revisited {
            let images = (try FileManager.default.contentsOfDirectory(atPath: imageFolder.path))
                .filter { $0.hasSuffix(".jpg") }.map { String($0.dropLast(4)) }.sorted()
            groundTruth = try LandmarkGroundTruth.textFiles(text, dataset: name, images: images)
        } else {
            throw DatasetError.missingFile(dataset: name, path: pickle.path)
        }
        return try benchmark(groundTruth, name: name, protocolName: protocolName, imageFolder: imageFolder,
                             groundTruthFile: FileManager.default.fileExists(atPath: pickle.path) ? pickle.lastPathComponent : "gt_files")
    }

    /// The benchmark of a loaded ground truth; every named image must exist in `imageFolder`.
    public static func benchmark(_ gt: LandmarkGroundTruth, name: String, protocolName: String, imageFolder: URL,
                                 groundTruthFile: String) throws -> Benchmark {
        var index: [String: Int] = [:]
        for (i, image) in gt.images.enumerated() { index[image] = i }
        func url(_ image: String, listedIn: String) throws -> URL {
            let url = imageFolder.appendingPathComponent("\(image).jpg")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw DatasetError.missingImage(dataset: name, listedIn: listedIn, image: image, root: imageFolder.path)
            }
            return url
        }
        let database = try gt.images.map { ImageRecord(id: $0, url: try url($0, listedIn: groundTruthFile)) }
        var queries: [RetrievalQuery] = []
        var warnings: [String] = []
        for q in gt.queries {
            let listedIn = groundTruthFile == "gt_files" ? "\(q.name)_query.txt" : groundTruthFile
            func indices(_ names: Set<String>) throws -> Set<Int> {
                Set(try names.map { n in
                    guard let i = index[n] else {
                        throw DatasetError.missingImage(dataset: name, listedIn: listedIn, image: n, root: imageFolder.path)
                    }
                    return i
                })
            }
            let positives = try indices(q.positives), junk = try indices(q.junk)
            let judgement: RelevanceJudgement
            if let hard = q.hard, let p = RevisitedProtocol(rawValue: protocolName) {
                judgement = p.judgement(easy: positives, hard: try indices(hard), junk: junk)
            } else {
                judgement = RelevanceJudgement(positives: positives, junk: junk.subtracting(positives))
            }
            guard !judgement.positives.isEmpty else {
                warnings.append("\(name): query \(q.name) (\(q.image)) has no positive under protocol '\(protocolName)'; dropped")
                continue
            }
            queries.append(RetrievalQuery(id: q.name, image: ImageRecord(id: q.image, url: try url(q.image, listedIn: listedIn)),
                                          crop: q.box, judgement: judgement))
        }
        guard !queries.isEmpty else { throw DatasetError.noQueries(dataset: name, protocolName: protocolName) }
        return Benchmark(name: name, protocolName: protocolName, database: database, queries: queries, warnings: warnings)
    }
}
