import Datasets
import Foundation
import RetrievalCore
import Testing
import TestSupport

@Suite struct GroupedImageDatasetTests {
    /// The real `gnd_holidays.mat` (scipy via Fixtures/mat_groundtruth.py): 1,491 images, 500 queries; per query `ok`
    /// = the rest of its group and `junk` = the query itself, which the adapter derives from the file names alone.
    @Test func holidaysMatchesTheRealMatFile() throws {
        guard let mat = try ImageFolderLayout.matGroundTruth("holidays/gnd_holidays.mat") else { return }
        #expect(mat.images.count == 1491 && mat.queries.count == 500)
        let dir = try ImageFolderLayout.layOut(mat.images, in: SharedData.temporaryDirectory("holidays"), folder: "jpg_rotated")
        defer { try? FileManager.default.removeItem(at: dir) }
        let b = try DatasetCatalog.load(name: "holidays", root: dir, protocolName: "standard")
        #expect(b.database.map(\.id) == mat.images)
        #expect(b.queries.count == 500 && b.warnings.isEmpty)
        for (query, reference) in zip(b.queries, mat.queries) {
            #expect(query.id == reference.row[0])
            #expect(Set(query.judgement.positives.map { b.database[$0].id }) == Set(reference.ok), "\(query.id)")
            #expect(query.judgement.junk.isEmpty)
            #expect(Set(query.excludedFromRanking.map { b.database[$0].id }) == Set(reference.junk), "\(query.id)")
        }
        // With the .mat in the root the adapter checks itself against it (Serialization.MATFile): it agrees here,
        // and a folder missing one of its images is refused, naming the file.
        let matURL = try #require(SharedData.directory("groundtruth/holidays/gnd_holidays.mat"))
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("gnd_holidays.mat"), withDestinationURL: matURL)
        #expect(try DatasetCatalog.load(name: "holidays", root: dir, protocolName: "standard").identity == b.identity)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("jpg_rotated/100001.jpg"))
        #expect(throws: DatasetError.missingImage(dataset: "holidays", listedIn: "gnd_holidays.mat", image: "100001",
                                                   folder: "jpg_rotated/", root: dir.path)) {
            try DatasetCatalog.load(name: "holidays", root: dir, protocolName: "standard")
        }
    }

    @Test func holidaysAndUKBenchFromFileNames() throws {
        let holidays = try ImageFolderLayout.layOut(["100000", "100001", "100002", "100100", "100101", "100200"],
                                                    in: SharedData.temporaryDirectory("holidays"), folder: "jpg_rotated")
        let h = try DatasetCatalog.load(name: "holidays", root: holidays, protocolName: "standard")
        #expect(h.queries.map(\.id) == ["100000", "100100", "100200"])  // 100200 has no other image: AP undefined
        #expect(h.queries[0].judgement.positives == [1, 2] && h.queries[0].excludedFromRanking == [0])
        #expect(h.queries[2].judgement.positives.isEmpty)
        #expect(h.warnings == ["holidays: query 100200 has no positive; its AP is undefined (stored as NULL, counted as dropped)"])
        let ukbench = try ImageFolderLayout.layOut((0..<8).map { String(format: "ukbench%05d", $0) },
                                                   in: SharedData.temporaryDirectory("ukbench"))
        let u = try DatasetCatalog.load(name: "ukbench", root: ukbench, protocolName: "standard")
        #expect(u.queries.count == 8)
        // N-S score convention: the query stays in its ranking and counts among its 4 positives.
        #expect(u.queries[5].judgement.positives == [4, 5, 6, 7] && u.queries[5].excludedFromRanking.isEmpty)
    }

    @Test func badFolders() throws {
        let dir = try SharedData.temporaryDirectory("ukbench")
        #expect(throws: DatasetError.missingRoot(dataset: "ukbench", path: dir.path + "/none")) {
            try DatasetCatalog.load(name: "ukbench", root: dir.appendingPathComponent("none"), protocolName: "standard")
        }
        try ImageFolderLayout.layOut(["ukbench00000", "photo"], in: dir)
        #expect(throws: DatasetError.malformed(file: dir.path + "/jpg/photo.jpg", line: 0, problem: "expected ukbench%05d.jpg")) {
            try DatasetCatalog.load(name: "ukbench", root: dir, protocolName: "standard")
        }
    }
}
