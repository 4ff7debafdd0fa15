@testable import Datasets
import Foundation
import RetrievalCore
import Testing
import TestSupport

/// Oxford105k: the real `gnd_Oxford105k.mat` (read with scipy by Fixtures/mat_groundtruth.py) gives the distractor list
/// (its `feature_name` minus the 5,063 Oxford images) and an independent copy of the 55 queries' ground truth, which the
/// adapter (base `gnd_oxford5k.pkl` + `distractors.txt`) must reproduce.
@Suite struct DistractorListTests {
    @Test func oxford105kMatchesTheRealMatFile() throws {
        guard let mat = try ImageFolderLayout.matGroundTruth("oxford105k/gnd_Oxford105k.mat"),
              let gt = SharedData.directory("groundtruth/oxford5k") else { return }
        let base = try LandmarkGroundTruth.pickle(gt.appendingPathComponent("gnd_oxford5k.pkl"), dataset: "oxford5k")
        let baseSet = Set(base.images)
        let distractors = mat.images.filter { !baseSet.contains($0) }
        #expect(mat.images.count == 105_134 && distractors.count == 100_071)
        let dir = try ImageFolderLayout.layOut(mat.images, in: SharedData.temporaryDirectory("oxford105k"))
        defer { try? FileManager.default.removeItem(at: dir) }  // 105,134 files
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("gnd_oxford5k.pkl"),
                                                   withDestinationURL: gt.appendingPathComponent("gnd_oxford5k.pkl"))
        try (distractors.joined(separator: "\n") + "\n")
            .write(to: dir.appendingPathComponent("distractors.txt"), atomically: true, encoding: .utf8)
        let b = try DatasetCatalog.load(name: "oxford105k", root: dir, protocolName: "standard")
        #expect(b.database.count == 105_134 && b.queries.count == 55)
        #expect(b.database.map(\.id) == mat.images.sorted())  // one canonical order: base and distractors by name
        for (query, reference) in zip(b.queries, mat.queries) {
            #expect(query.image.id == reference.row[0])
            #expect(Set(query.judgement.positives.map { b.database[$0].id }) == Set(reference.ok), "\(reference.row)")
            #expect(Set(query.judgement.junk.map { b.database[$0].id }) == Set(reference.junk), "\(reference.row)")
            let box = try #require(reference.bbx)
            #expect(query.crop == BoundingBox(x1: box[0], y1: box[1], x2: box[2], y2: box[3]))
            #expect(query.judgement.positives.allSatisfy { baseSet.contains(b.database[$0].id) })  // never a distractor
        }
        // The published .mat alone (no list, no pickle) gives the same benchmark, with the query names it carries.
        let matOnly = try ImageFolderLayout.layOut([], in: SharedData.temporaryDirectory("oxford105k-mat"))
        defer { try? FileManager.default.removeItem(at: matOnly) }
        try FileManager.default.removeItem(at: matOnly.appendingPathComponent("jpg"))
        try FileManager.default.createSymbolicLink(at: matOnly.appendingPathComponent("jpg"),
                                                   withDestinationURL: dir.appendingPathComponent("jpg"))
        let matURL = try #require(SharedData.directory("groundtruth/oxford105k/gnd_Oxford105k.mat"))
        try FileManager.default.createSymbolicLink(at: matOnly.appendingPathComponent("gnd_Oxford105k.mat"),
                                                   withDestinationURL: matURL)
        let viaMat = try DatasetCatalog.load(name: "oxford105k", root: matOnly, protocolName: "standard")
        #expect(viaMat.identity == b.identity)
        #expect(viaMat.queries.map(\.judgement) == b.queries.map(\.judgement))
        #expect(viaMat.queries.map(\.crop) == b.queries.map(\.crop))
        #expect(viaMat.queries.first?.id == "all_souls_1" && b.queries.first?.id == "q1")
        let oxford5k = try DatasetCatalog.load(name: "oxford5k", root: dir, protocolName: "standard")
        func named(_ x: Benchmark) -> [[Set<String>]] {
            x.queries.map { q in [q.judgement.positives, q.judgement.junk].map { Set($0.map { x.database[$0].id }) } }
        }
        #expect(named(oxford5k) == named(b))  // the same judgements; indices differ as distractors sort in between
        #expect(oxford5k.identity != b.identity)
        let flickr = Set(try DistractorList.read(dataset: "oxford105k", root: dir,
                                                      imageFolder: LandmarkDataset.imageFolder(dir)).map(\.id))
        #expect(flickr.count == 100_071 && b.database.filter { flickr.contains($0.id) }.count == 100_071)
        #expect(b.queries.allSatisfy { !flickr.contains($0.image.id) })
    }

    @Test func badListsAreNamed() throws {
        let dir = try ImageFolderLayout.layOut(["a", "b", "flickr/06/06_000001"], in: SharedData.temporaryDirectory("d"))
        #expect(throws: DatasetError.missingFile(dataset: "paris106k", path: dir.path + "/distractors.txt")) {
            try DatasetCatalog.load(name: "paris106k", root: dir, protocolName: "standard")
        }
        let list = dir.appendingPathComponent("distractors.txt")
        try "\n\n".write(to: list, atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.emptyGroundTruth(file: list.path)) {
            _ = try DistractorList.read(dataset: "paris106k", root: dir, imageFolder: "jpg/")
        }
        try "flickr/06/06_000001.jpg\nflickr/06/06_000002\nflickr/06/06_000001\n".write(to: list, atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.malformed(file: list.path, line: 3,
                                                problem: "distractor flickr/06/06_000001 is listed twice (first on line 1)")) {
            _ = try DistractorList.read(dataset: "paris106k", root: dir, imageFolder: "jpg/")
        }
        try "flickr/06/06_000001.jpg\nflickr/06/06_000002\n".write(to: list, atomically: true, encoding: .utf8)
        let gtFiles = dir.appendingPathComponent("gt_files")
        try FileManager.default.createDirectory(at: gtFiles, withIntermediateDirectories: true)
        for (kind, text) in [("query", "oxc1_a 0 0 5 5"), ("good", "b"), ("ok", ""), ("junk", "")] {
            try text.write(to: gtFiles.appendingPathComponent("p_1_\(kind).txt"), atomically: true, encoding: .utf8)
        }
        #expect(throws: DatasetError.missingImage(dataset: "paris106k", listedIn: "distractors.txt:2",
                                                   image: "flickr/06/06_000002", folder: "jpg/", root: dir.path)) {
            try DatasetCatalog.load(name: "paris106k", root: dir, protocolName: "standard")
        }
        try "flickr/06/06_000001.jpg\n".write(to: list, atomically: true, encoding: .utf8)
        let b = try DatasetCatalog.load(name: "paris106k", root: dir, protocolName: "standard")
        #expect(b.database.map(\.id) == ["a", "b", "flickr/06/06_000001"])
        try "a\n".write(to: list, atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.malformed(file: list.path, line: 1, problem: "distractor a is also an image of the ground truth")) {
            try DatasetCatalog.load(name: "paris106k", root: dir, protocolName: "standard")
        }
        #expect(b.queries.map(\.judgement) == [RelevanceJudgement(positives: [1])])
    }
}
