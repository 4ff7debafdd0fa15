import Datasets
import Foundation
import RetrievalCore
import Testing
import TestSupport

/// The protocols on the real ground truth in ../shared/datasets (counts from the datasets' README).
@Suite struct ManifestProtocolTests {
    @Test func smvsReference() throws {
        guard let root = SharedData.directory("smvs-dvd") else { print(SharedData.missingMessage("smvs-dvd")); return }
        let b = try DatasetCatalog.load(name: "smvs-dvd", root: root, protocolName: "ref")
        #expect(b.database.count == 100)
        #expect(b.queries.count == 400)
        #expect(b.queries.allSatisfy { $0.judgement.positives.count == 1 && $0.excludedFromRanking.isEmpty })
        // The Canon photo of object 001 has the reference of 001 as its one positive.
        let q = try #require(b.queries.first { $0.id == "images/canon/001.jpg" })
        #expect(b.database[q.judgement.positives.first!].id == "images/reference/001.jpg")
        #expect(b.warnings.isEmpty)
    }

    @Test func smvsAll() throws {
        guard let root = SharedData.directory("smvs-dvd") else { print(SharedData.missingMessage("smvs-dvd")); return }
        let b = try DatasetCatalog.load(name: "smvs-dvd", root: root, protocolName: "all")
        #expect(b.database.count == 500 && b.queries.count == 500)
        for q in b.queries {
            #expect(q.judgement.positives.count == 4)
            let own = try #require(q.excludedFromRanking.first)
            #expect(b.database[own].id == q.id && !q.judgement.positives.contains(own))
        }
    }

    @Test func coilZeroDegreeQueries() throws {
        guard let root = SharedData.directory("coil100") else { print(SharedData.missingMessage("coil100")); return }
        let b = try DatasetCatalog.load(name: "coil100", root: root, protocolName: "zero")
        #expect(b.queries.count == 100 && b.database.count == 3500)
        #expect(b.queries.allSatisfy { $0.judgement.positives.count == 35 })
        let q = try #require(b.queries.first { $0.id == "images/obj7__0.png" })
        #expect(q.judgement.positives.allSatisfy { b.database[$0].id.hasPrefix("images/obj7__") })
    }

    @Test func identityIsStableAndProtocolSpecific() throws {
        guard let root = SharedData.directory("smvs-dvd") else { print(SharedData.missingMessage("smvs-dvd")); return }
        let a = try DatasetCatalog.load(name: "smvs-dvd", root: root, protocolName: "ref")
        let b = try DatasetCatalog.load(name: "smvs-dvd", root: root, protocolName: "ref")
        let c = try DatasetCatalog.load(name: "smvs-dvd", root: root, protocolName: "all")
        #expect(a.identity == b.identity && a.identity.count == 64)
        #expect(a.identity != c.identity)
    }

    @Test func badInputGetsOneClearError() throws {
        let dir = try SharedData.temporaryDirectory("manifest")
        #expect(throws: DatasetError.missingRoot(dataset: "manifest", path: dir.path + "/nope")) {
            try DatasetCatalog.load(name: "manifest", root: dir.appendingPathComponent("nope"), protocolName: "ref")
        }
        #expect(throws: DatasetError.missingFile(dataset: "manifest", path: dir.path + "/groundtruth.csv")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
        try "image,object,role\n".write(to: dir.appendingPathComponent("groundtruth.csv"), atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.emptyGroundTruth(file: dir.path + "/groundtruth.csv")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
        try Data([1]).write(to: dir.appendingPathComponent("a.png"))
        try "image,object,role\na.png,1,reference\nb.png,1,query\n"
            .write(to: dir.appendingPathComponent("groundtruth.csv"), atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.missingImage(dataset: "manifest", listedIn: "groundtruth.csv:3", image: "b.png",
                                                   folder: "", root: dir.path)) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
        #expect(DatasetError.missingImage(dataset: "manifest", listedIn: "groundtruth.csv:3", image: "b.png", folder: "",
                                          root: "/d").description
                == "manifest: groundtruth.csv:3 names b.png, which is not in the dataset root (/d). "
                    + "Add it, or list every missing image with `cbir datasets verify manifest --root /d`.")
        try "image,object,role\na.png,1,reference\na.png,1\n"
            .write(to: dir.appendingPathComponent("groundtruth.csv"), atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.malformed(file: dir.path + "/groundtruth.csv", line: 3,
                                                problem: "2 fields, expected 3 (image,object,role)")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
        #expect(throws: DatasetError.unknownDataset(name: "oxford5", known: DatasetCatalog.names)) {
            try DatasetCatalog.load(name: "oxford5", root: dir, protocolName: "standard")
        }
        #expect(DatasetError.unknownDataset(name: "oxford5", known: ["oxford5k", "paris6k"]).description
                == "unknown dataset 'oxford5'. Did you mean 'oxford5k'? Known: oxford5k, paris6k.")
        #expect(DatasetError.unknownProtocol(dataset: "smvs-dvd", name: "rf", known: ["ref", "all"]).description
                == "smvs-dvd: unknown protocol 'rf'. Did you mean 'ref'? Known: ref, all.")
    }

    @Test func queryWithoutPositivesIsWarnedAndKeptWithAnUndefinedAP() throws {
        let dir = try SharedData.temporaryDirectory("manifest")
        for name in ["r1.png", "q1.png", "q2.png"] { try Data([1]).write(to: dir.appendingPathComponent(name)) }
        try "image,object,role\nr1.png,1,reference\nq1.png,1,query\nq2.png,2,query\n"
            .write(to: dir.appendingPathComponent("groundtruth.csv"), atomically: true, encoding: .utf8)
        let b = try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        #expect(b.queries.map(\.id) == ["q1.png", "q2.png"] && b.queries[1].judgement.positives.isEmpty)
        #expect(b.warnings == ["\(dir.path)/groundtruth.csv:4: query q2.png has no positive under protocol 'ref'; its AP is undefined (stored as NULL, counted as dropped)"])
        // Only queries without positives: no benchmark.
        try "image,object,role\nr1.png,1,reference\nq2.png,2,query\n"
            .write(to: dir.appendingPathComponent("groundtruth.csv"), atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.noQueries(dataset: "manifest", protocolName: "ref")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
    }
}
