import Datasets
import Foundation
import RetrievalCore
import Testing
import TestSupport

/// Oxford5k on its real ground truth (text files and pickle in ../shared/datasets/groundtruth/oxford5k) against an
/// image folder laid out in Oxford's naming; ROxford on a pickle written by revisitop's layout with numpy.
@Suite struct LandmarkDatasetTests {
    func oxford() throws -> (gt: URL, pickle: LandmarkGroundTruth, text: LandmarkGroundTruth)? {
        guard let gt = SharedData.directory("groundtruth/oxford5k") else {
            print(SharedData.missingMessage("groundtruth/oxford5k")); return nil
        }
        let pickle = try LandmarkGroundTruth.pickle(gt.appendingPathComponent("gnd_oxford5k.pkl"), dataset: "oxford5k")
        let text = try LandmarkGroundTruth.textFiles(gt.appendingPathComponent("gt_files_170407"), dataset: "oxford5k",
                                                     images: pickle.images)
        return (gt, pickle, text)
    }

    @Test func oxfordTextFilesAndPickleAgreeOnAll55Queries() throws {
        guard let (_, pickle, text) = try oxford() else { return }
        #expect(pickle.images.count == 5063 && Set(pickle.images).count == 5063)
        #expect(text.queries.count == 55 && pickle.queries.count == 55)
        for (t, p) in zip(text.queries, pickle.queries) {
            #expect(t.image == p.image, "\(t.name)")
            #expect(t.box == p.box, "\(t.name)")
            #expect(t.positives == p.positives, "\(t.name): good ∪ ok differs from the pickle's ok")
            #expect(t.junk == p.junk, "\(t.name)")
            // The published protocol keeps each query's own image among its positives, in both forms.
            #expect(t.positives.contains(t.image), "\(t.name)")
        }
        #expect(text.queries.first?.name == "all_souls_1" && text.queries.first?.image == "all_souls_000013")
        #expect(text.queries.first?.box == BoundingBox(x1: 136.5, y1: 34.1, x2: 648.5, y2: 955.7))
        #expect(pickle.queries.first?.name == "q1")
        // The pickle's imlist is not alphabetical: the adapter sorts the database, so order cannot differ downstream.
        #expect(pickle.images != pickle.images.sorted())
    }

    @Test func bothFormsGiveTheSameBenchmarkAndIdentity() throws {
        guard let (gt, pickle, _) = try oxford() else { return }
        let viaPickle = try ImageFolderLayout.layOut(pickle.images, in: SharedData.temporaryDirectory("oxford"))
        defer { try? FileManager.default.removeItem(at: viaPickle) }
        try FileManager.default.createSymbolicLink(at: viaPickle.appendingPathComponent("gnd_oxford5k.pkl"),
                                                   withDestinationURL: gt.appendingPathComponent("gnd_oxford5k.pkl"))
        let viaText = try ImageFolderLayout.layOut(pickle.images, in: SharedData.temporaryDirectory("oxford"))
        defer { try? FileManager.default.removeItem(at: viaText) }
        try FileManager.default.createSymbolicLink(at: viaText.appendingPathComponent("gt_files_170407"),
                                                   withDestinationURL: gt.appendingPathComponent("gt_files_170407"))
        let a = try DatasetCatalog.load(name: "oxford5k", root: viaPickle, protocolName: "standard")
        let b = try DatasetCatalog.load(name: "oxford5k", root: viaText, protocolName: "standard")
        // The MAT form (read by Serialization.MATFile) takes precedence over the text files when both are there.
        try FileManager.default.createSymbolicLink(at: viaText.appendingPathComponent("gnd_oxford5k.mat"),
                                                   withDestinationURL: gt.appendingPathComponent("gnd_oxford5k.mat"))
        let c = try DatasetCatalog.load(name: "oxford5k", root: viaText, protocolName: "standard")
        #expect(c.identity == a.identity && c.queries.map(\.id) == b.queries.map(\.id))
        #expect(a.database.map(\.id) == b.database.map(\.id))
        #expect(a.database.map(\.id) == pickle.images.sorted())
        #expect(a.queries.map(\.judgement) == b.queries.map(\.judgement))
        #expect(a.queries.map(\.crop) == b.queries.map(\.crop) && a.queries.allSatisfy { $0.crop != nil })
        #expect(a.queries.map(\.image.id) == b.queries.map(\.image.id))
        #expect(a.identity == b.identity)
        #expect(a.warnings.isEmpty && a.queries.count == 55)
        // all_souls_1: 78 positives (24 good + 54 ok, one good listed twice) in the pickle's count; junk kept apart.
        #expect(a.queries[0].judgement.positives.count == 78)
        #expect(a.queries[0].judgement.positives.isDisjoint(with: a.queries[0].judgement.junk))
    }

    @Test func aMissingImageIsNamedAsTheGroundTruthSpellsIt() throws {
        guard let (gt, pickle, _) = try oxford() else { return }
        let dir = try ImageFolderLayout.layOut(pickle.images.filter { $0 != "all_souls_000013" },
                                               in: SharedData.temporaryDirectory("oxford"))
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("gt_files_170407"),
                                                   withDestinationURL: gt.appendingPathComponent("gt_files_170407"))
        #expect(throws: DatasetError.missingImage(dataset: "oxford5k", listedIn: "all_souls_1_query.txt",
                                                   image: "oxc1_all_souls_000013", folder: "jpg/", root: dir.path)) {
            try DatasetCatalog.load(name: "oxford5k", root: dir, protocolName: "standard")
        }
        #expect(DatasetError.missingImage(dataset: "oxford5k", listedIn: "all_souls_1_query.txt",
                                          image: "oxc1_all_souls_000013", folder: "images/", root: "/data/oxford5k")
                    .description
                == "oxford5k: all_souls_1_query.txt names oxc1_all_souls_000013, which is not in images/ (/data/oxford5k). "
                    + "Add it, or list every missing image with `cbir datasets verify oxford5k --root /data/oxford5k`.")
        // Via the pickle, the database itself names the image.
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("gnd_oxford5k.pkl"),
                                                   withDestinationURL: gt.appendingPathComponent("gnd_oxford5k.pkl"))
        #expect(throws: DatasetError.missingImage(dataset: "oxford5k", listedIn: "gnd_oxford5k.pkl",
                                                   image: "all_souls_000013", folder: "jpg/", root: dir.path)) {
            try DatasetCatalog.load(name: "oxford5k", root: dir, protocolName: "standard")
        }
    }

    @Test func malformedOrMissingGroundTruthIsNamed() throws {
        let dir = try ImageFolderLayout.layOut(["a", "b"], in: SharedData.temporaryDirectory("oxford"))
        #expect(throws: DatasetError.missingFile(dataset: "paris6k", path: dir.path + "/gnd_paris6k.pkl")) {
            try DatasetCatalog.load(name: "paris6k", root: dir, protocolName: "standard")
        }
        let gtFiles = dir.appendingPathComponent("gt_files")
        try FileManager.default.createDirectory(at: gtFiles, withIntermediateDirectories: true)
        #expect(throws: DatasetError.emptyGroundTruth(file: gtFiles.path)) {
            try DatasetCatalog.load(name: "paris6k", root: dir, protocolName: "standard")
        }
        try "oxc1_a 1 2 3\n".write(to: gtFiles.appendingPathComponent("x_1_query.txt"), atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.malformed(file: gtFiles.path + "/x_1_query.txt", line: 1,
                                                problem: "expected 'oxc1_<image> x1 y1 x2 y2'")) {
            try DatasetCatalog.load(name: "paris6k", root: dir, protocolName: "standard")
        }
        try "oxc1_a 1 2 3 4\n".write(to: gtFiles.appendingPathComponent("x_1_query.txt"), atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.missingFile(dataset: "paris6k", path: gtFiles.path + "/x_1_good.txt")) {
            try DatasetCatalog.load(name: "paris6k", root: dir, protocolName: "standard")
        }
        for kind in ["good", "ok", "junk"] {
            try "".write(to: gtFiles.appendingPathComponent("x_1_\(kind).txt"), atomically: true, encoding: .utf8)
        }
        #expect(throws: DatasetError.noQueries(dataset: "paris6k", protocolName: "standard")) {
            try DatasetCatalog.load(name: "paris6k", root: dir, protocolName: "standard")
        }
        try "b\n".write(to: gtFiles.appendingPathComponent("x_1_ok.txt"), atomically: true, encoding: .utf8)
        let b = try DatasetCatalog.load(name: "paris6k", root: dir, protocolName: "standard")
        #expect(b.queries.map(\.judgement) == [RelevanceJudgement(positives: [1])])
        #expect(b.queries[0].crop == BoundingBox(x1: 1, y1: 2, x2: 3, y2: 4))
        #expect(throws: DatasetError.unknownProtocol(dataset: "roxford5k", name: "medum", known: ["easy", "medium", "hard"])) {
            try DatasetCatalog.load(name: "roxford5k", root: dir, protocolName: "medum")
        }
        try Data("not a pickle".utf8).write(to: dir.appendingPathComponent("gnd_paris6k.pkl"))
        #expect(throws: DatasetError.self) { try DatasetCatalog.load(name: "paris6k", root: dir, protocolName: "standard") }
        do {
            _ = try DatasetCatalog.load(name: "paris6k", root: dir, protocolName: "standard")
        } catch let error as DatasetError {
            guard case .unreadable(let file, _) = error else { Issue.record("\(error)"); return }
            #expect(file == dir.path + "/gnd_paris6k.pkl")
            #expect(error.description.hasPrefix("\(file): cannot be read as ground truth: "))
            #expect(error.description.hasSuffix("; replace it with an intact copy."))
        }
        #expect(DatasetError.unknownProtocol(dataset: "roxford5k", name: "medum", known: ["easy", "medium", "hard"])
                    .description == "roxford5k: unknown protocol 'medum'. Did you mean 'medium'? Known: easy, medium, hard.")
    }

    @Test(arguments: [2, 4]) func revisitedPickleWithNumpyArrays(protocolVersion: Int) throws {
        guard PythonReference.available(["numpy"]) else { print(PythonReference.unavailableMessage(["numpy"])); return }
        let dir = try SharedData.temporaryDirectory("roxford")
        try PythonReference.run([PythonReference.script("DatasetsTests", "revisited_pickle.py"),
                                 dir.appendingPathComponent("gnd_roxford5k.pkl").path, "\(protocolVersion)"])
        try ImageFolderLayout.layOut((0..<6).map { "a\($0)" }, in: dir)
        // Judgements by hand from the fixture's docstring and revisitop's compute_map protocol rules.
        let easy = try DatasetCatalog.load(name: "roxford5k", root: dir, protocolName: "easy")
        #expect(easy.queries.count == 2)  // query 2 has no easy positive: kept with a warning, its AP undefined
        #expect(easy.queries[1].judgement.positives.isEmpty)
        #expect(easy.queries[0].judgement == RelevanceJudgement(positives: [1, 2], junk: [3, 4]))
        #expect(easy.queries[0].crop == BoundingBox(x1: 1.5, y1: 2.0, x2: 30.25, y2: 40.0))
        #expect(easy.warnings == ["roxford5k: query q2 (a5) has no positive under protocol 'easy'; its AP is undefined (stored as NULL, counted as dropped)"])
        let medium = try DatasetCatalog.load(name: "roxford5k", root: dir, protocolName: "medium")
        #expect(medium.queries.map(\.judgement) == [RelevanceJudgement(positives: [1, 2, 3], junk: [4]),
                                                    RelevanceJudgement(positives: [0])])
        let hard = try DatasetCatalog.load(name: "roxford5k", root: dir, protocolName: "hard")
        #expect(hard.queries.map(\.judgement) == [RelevanceJudgement(positives: [3], junk: [1, 2, 4]),
                                                  RelevanceJudgement(positives: [0])])
        #expect(Set([easy.identity, medium.identity, hard.identity]).count == 3)
    }
}
