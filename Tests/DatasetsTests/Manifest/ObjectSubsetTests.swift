import Datasets
import Foundation
import Testing
import TestSupport

/// Object-disjoint halves of a manifest dataset: counts worked out from the generated dataset's layout (each object
/// has one reference and `views` queries; distractors belong to no object) and from the real SMVS ground truth.
@Suite struct ObjectSubsetTests {
    @Test func halvesOfTheGeneratedDataset() throws {
        var p = GeneratedDataset.Parameters()
        p.objects = 4; p.views = 2; p.distractors = 3; p.width = 64; p.height = 48
        let root = try SharedData.temporaryDirectory("subset")
        defer { try? FileManager.default.removeItem(at: root) }
        try GeneratedDataset.write(to: root, parameters: p)
        let manifest = try Manifest(dataset: "generated", root: root)
        #expect(manifest.objects.count == 4)
        let first = try manifest.restricted(toObjects: 1...2, dataset: "generated")
        let second = try manifest.restricted(toObjects: 3...4, dataset: "generated")
        // 2 objects × (1 reference + 2 views) + 3 distractors in each half; no object in both.
        #expect(first.entries.count == 9 && second.entries.count == 9)
        #expect(Set(first.objects).isDisjoint(with: Set(second.objects)))
        let benchmark = try ManifestProtocol.ref.benchmark(name: "generated", root: root, manifest: first)
        #expect(benchmark.database.count == 2 + 3 && benchmark.queries.count == 4)
        // Through the catalog (as a `manifest` dataset, which reads the folder as it is), and refused out of range.
        let loaded = try DatasetCatalog.load(name: "manifest", root: root, protocolName: "all", objects: 3...4)
        #expect(loaded.queries.count == 6 && loaded.database.count == 9)
        #expect(throws: DatasetError.objectSubset(dataset: "manifest", first: 3, last: 5, count: 4)) {
            try DatasetCatalog.load(name: "manifest", root: root, protocolName: "ref", objects: 3...5)
        }
        #expect(DatasetError.objectSubset(dataset: "generated", first: 3, last: 5, count: 4).description
                == "generated: objects 3–5 are not within its 4 objects; choose a range within 1…4.")
    }

    @Test func smvsHalves() throws {
        guard let root = SharedData.directory("smvs-dvd") else { print(SharedData.missingMessage("smvs-dvd")); return }
        let a = try DatasetCatalog.load(name: "smvs-dvd", root: root, protocolName: "all", objects: 1...50)
        let b = try DatasetCatalog.load(name: "smvs-dvd", root: root, protocolName: "all", objects: 51...100)
        // 100 objects × 5 images (1 reference + 4 phone photos): 250 per half, every image a query.
        #expect(a.database.count == 250 && b.database.count == 250 && a.queries.count == 250)
        #expect(Set(a.database.map(\.id)).isDisjoint(with: Set(b.database.map(\.id))))
        #expect(a.identity != b.identity)
    }
}
