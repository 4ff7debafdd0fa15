import Datasets
import Foundation
import RetrievalCore
import Testing
import TestSupport

/// A CSV with its own column names and role values, mapped by `manifest.json`; distractors; strict mapping errors.
@Suite struct ManifestMappingTests {
    func dataset(_ csv: String, mapping: String?) throws -> URL {
        let dir = try SharedData.temporaryDirectory("mapping")
        for name in ["r1", "r2", "p1", "p2", "p3", "n1"] { try Data([1]).write(to: dir.appendingPathComponent("\(name).png")) }
        try csv.write(to: dir.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
        if let mapping { try mapping.write(to: dir.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8) }
        return dir
    }

    let csv = "file,kind,label\nr1.png,db,A\nr2.png,db,B\np1.png,probe,A\np2.png,probe,B\np3.png,probe,C\nn1.png,noise,A\n"
    let mapping = #"{"file": "labels.csv", "image": "file", "group": "label", "role": "kind", "roles": {"db": "reference", "probe": "query", "noise": "distractor"}}"#

    @Test func mappedColumnsAndRoles() throws {
        let dir = try dataset(csv, mapping: mapping)
        let ref = try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        // Database: references and the distractor, in file order; a distractor is never a positive.
        #expect(ref.database.map(\.id) == ["r1.png", "r2.png", "n1.png"])
        #expect(ref.queries.map(\.id) == ["p1.png", "p2.png", "p3.png"])   // p3 has no positive: kept, AP undefined
        #expect(ref.queries.map(\.judgement.positives) == [[0], [1], []])
        #expect(ref.warnings == ["\(dir.path)/labels.csv:6: query p3.png has no positive under protocol 'ref'; its AP is undefined (stored as NULL, counted as dropped)"])
        let all = try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "all")
        // Every non-distractor queries the other images; p1 (index 2) has r1 (0) as its one positive.
        #expect(all.database.count == 6 && all.queries.map(\.id) == ["r1.png", "r2.png", "p1.png", "p2.png", "p3.png"])
        #expect(all.queries[2].judgement.positives == [0] && all.queries[2].excludedFromRanking == [2])
        #expect(all.warnings.count == 1)
    }

    /// The identity is the SHA-256 of the documented canonical text, independent of where the dataset lies.
    /// Golden values: `printf 'cbir-benchmark-v1\nmanifest\nref\n2\nr1.png\nr2.png\n2\np1.png|-|[0]|[]|[]\n`
    /// `p2.png|-|[1]|[]|[]\n' | sha256sum`.
    @Test func identityIsTheHashOfTheCanonicalText() throws {
        let small = "file,kind,label\nr1.png,db,A\nr2.png,db,B\np1.png,probe,A\np2.png,probe,B\n"
        let a = try dataset(small, mapping: mapping), b = try dataset(small, mapping: mapping)
        let first = try DatasetCatalog.load(name: "manifest", root: a, protocolName: "ref")
        let second = try DatasetCatalog.load(name: "manifest", root: b, protocolName: "ref")
        #expect(first.identity == "93b7f871d6aba5e9a2aa5440c0cec6904f8631fda29c8936a1a4101459af4f90")
        #expect(second.identity == first.identity && a != b)
    }

    @Test func strictMappingErrors() throws {
        var dir = try dataset(csv, mapping: #"{"file": "labels.csv", "grop": "label"}"#)
        #expect(throws: DatasetError.malformed(file: dir.path + "/manifest.json", line: 1,
                                                problem: "unknown key 'grop'. Did you mean 'group'? Known: file, image, group, role, angle, roles")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
        dir = try dataset(csv, mapping: #"{"file": "labels.csv", "image": "file", "group": "label", "role": "kind"}"#)
        #expect(throws: DatasetError.malformed(file: dir.path + "/labels.csv", line: 2,
                                                problem: "role 'db'; expected reference, query or distractor (or a value mapped in manifest.json)")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
        dir = try dataset(csv, mapping: #"{"file": "labels.csv", "roles": {"db": "database"}}"#)
        #expect(throws: DatasetError.malformed(file: dir.path + "/manifest.json", line: 1,
                                                problem: "roles.db: 'database' is not a role; expected reference, query or distractor")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
        dir = try dataset(csv, mapping: #"{"file": "labels.csv"}"#)
        #expect(throws: DatasetError.malformed(file: dir.path + "/labels.csv", line: 1,
                                                problem: "header 'file,kind,label' lacks 'image' or 'object'; expected e.g. image,object,role (column names can be mapped in manifest.json)")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
    }
}
