import Datasets
import Foundation
import RetrievalCore
import Testing
import TestSupport

@Suite struct LandmarkDatasetTests {
    /// Empty files named as the dataset's images, in `dir/jpg`: the loaders only check that images exist.
    func layOut(_ images: [String], in dir: URL) throws {
        let jpg = dir.appendingPathComponent("jpg")
        try FileManager.default.createDirectory(at: jpg, withIntermediateDirectories: true)
        for image in images { FileManager.default.createFile(atPath: jpg.appendingPathComponent("\(image).jpg").path, contents: nil) }
    }

    @Test func oxfordTextFilesAndPickleAgreeOnAll55Queries() throws {
        guard let gt = SharedData.directory("groundtruth/oxford5k") else {
            print(SharedData.missingMessage("groundtruth/oxford5k")); return
        }
        let pickle = try LandmarkGroundTruth.pickle(gt.appendingPathComponent("gnd_oxford5k.pkl"), dataset: "oxford5k")
        let text = try LandmarkGroundTruth.textFiles(gt.appendingPathComponent("gt_files_170407"), dataset: "oxford5k",
                                                     images: pickle.images)
        #expect(pickle.images.count == 5063)
        #expect(text.queries.count == 55 && pickle.queries.count == 55)
        for (t, p) in zip(text.queries, pickle.queries) {
            #expect(t.image == p.image, "\(t.name)")
            #expect(t.box == p.box, "\(t.name)")
            #expect(t.positives == p.positives, "\(t.name): good ∪ ok differs from the pickle's ok")
            #expect(t.junk == p.junk, "\(t.name)")
        }
        #expect(text.queries.first?.name == "all_souls_1" && text.queries.first?.image == "all_souls_000013")
        #expect(text.queries.first?.box == BoundingBox(x1: 136.5, y1: 34.1, x2: 648.5, y2: 955.7))

        // Both forms give the same benchmark on an image folder laid out in Oxford's naming.
        let dir = try SharedData.temporaryDirectory("oxford")
        try layOut(pickle.images, in: dir)
        let a = try LandmarkDataset.benchmark(pickle, name: "oxford5k", protocolName: "standard",
                                              imageFolder: dir.appendingPathComponent("jpg"), groundTruthFile: "gnd_oxford5k.pkl")
        let b = try LandmarkDataset.benchmark(text, name: "oxford5k", protocolName: "standard",
                                              imageFolder: dir.appendingPathComponent("jpg"), groundTruthFile: "gt_files")
        #expect(a.queries.map(\.judgement) == b.queries.map(\.judgement))
        #expect(a.queries.allSatisfy { $0.crop != nil })
    }

    @Test func aMissingImageIsNamed() throws {
        guard let gt = SharedData.directory("groundtruth/oxford5k") else {
            print(SharedData.missingMessage("groundtruth/oxford5k")); return
        }
        let pickle = try LandmarkGroundTruth.pickle(gt.appendingPathComponent("gnd_oxford5k.pkl"), dataset: "oxford5k")
        let text = try LandmarkGroundTruth.textFiles(gt.appendingPathComponent("gt_files_170407"), dataset: "oxford5k",
                                                     images: pickle.images)
        let dir = try SharedData.temporaryDirectory("oxford")
        try layOut(pickle.images.filter { $0 != "all_souls_000013" }, in: dir)
        let folder = dir.appendingPathComponent("jpg")
        #expect(throws: DatasetError.missingImage(dataset: "oxford5k", listedIn: "gt_files", image: "all_souls_000013",
                                                   root: folder.path)) {
            try LandmarkDataset.benchmark(text, name: "oxford5k", protocolName: "standard", imageFolder: folder,
                                          groundTruthFile: "gt_files")
        }
        #expect(DatasetError.missingImage(dataset: "oxford5k", listedIn: "all_souls_1_query.txt",
                                          image: "oxc1_all_souls_000013", root: "/data/oxford5k").description
                == "oxford5k: all_souls_1_query.txt names oxc1_all_souls_000013, which is not in the dataset (/data/oxford5k).")
    }

    @Test(arguments: [2, 4]) func revisitedPickleWithNumpyArrays(protocolVersion: Int) throws {
        guard PythonReference.available(["numpy"]) else { print(PythonReference.unavailableMessage(["numpy"])); return }
        let dir = try SharedData.temporaryDirectory("roxford")
        try PythonReference.run([PythonReference.script("DatasetsTests", "revisited_pickle.py"),
                                 dir.appendingPathComponent("gnd_roxford5k.pkl").path, "\(protocolVersion)"])
        try layOut((0..<6).map { "a\($0)" }, in: dir)
        let easy = try DatasetCatalog.load(name: "roxford5k", root: dir, protocolName: "easy")
        #expect(easy.queries.count == 1)  // query 2 has no easy positive: dropped with a warning
        #expect(easy.queries[0].judgement == RelevanceJudgement(positives: [1, 2], junk: [3, 4]))
        #expect(easy.queries[0].crop == BoundingBox(x1: 1.5, y1: 2.0, x2: 30.25, y2: 40.0))
        #expect(easy.warnings.count == 1)
        let medium = try DatasetCatalog.load(name: "roxford5k", root: dir, protocolName: "medium")
        #expect(medium.queries.map(\.judgement) == [RelevanceJudgement(positives: [1, 2, 3], junk: [4]),
                                                    RelevanceJudgement(positives: [0])])
        let hard = try DatasetCatalog.load(name: "roxford5k", root: dir, protocolName: "hard")
        #expect(hard.queries.map(\.judgement) == [RelevanceJudgement(positives: [3], junk: [1, 2, 4]),
                                                  RelevanceJudgement(positives: [0])])
    }

    @Test func holidaysAndUKBenchFromFileNames() throws {
        let holidays = try SharedData.temporaryDirectory("holidays")
        try layOut(["100000", "100001", "100002", "100100", "100101", "100200"], in: holidays)
        let h = try DatasetCatalog.load(name: "holidays", root: holidays, protocolName: "standard")
        #expect(h.queries.map(\.id) == ["100000", "100100"])  // 100200 has no other image: dropped
        #expect(h.queries[0].judgement.positives == [1, 2] && h.queries[0].excludedFromRanking == [0])
        #expect(h.warnings == ["holidays: query 100200 has no positive; dropped"])
        let ukbench = try SharedData.temporaryDirectory("ukbench")
        try layOut((0..<8).map { String(format: "ukbench%05d", $0) }, in: ukbench)
        let u = try DatasetCatalog.load(name: "ukbench", root: ukbench, protocolName: "standard")
        #expect(u.queries.count == 8)
        #expect(u.queries[5].judgement.positives == [4, 5, 6, 7] && u.queries[5].excludedFromRanking.isEmpty)
    }
}
