import Experiments
import Foundation
import Imaging
import ResultsStore
import RetrievalCore
import Testing
import TestSupport

/// A query without positives is warned about, stored with a NULL AP, and counted as dropped in the stored metrics
/// and the printed summary (it used to vanish: "0 dropped").
@Suite struct DroppedQueriesTests {
    @Test func aQueryWithoutPositivesIsCountedAsDropped() throws {
        let dir = try SharedData.temporaryDirectory("dropped")
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        func texture(seed: UInt64, shift: Int = 0) throws -> Data {
            var random = SplitMix64(seed: seed)
            let blocks: [UInt8] = (0..<(20 * 15)).map { _ in UInt8(random.int(256)) }
            let pixels: [UInt8] = (0..<(160 * 120)).map { (i: Int) -> UInt8 in blocks[(i / 160 / 8) * 20 + (i % 160) / 8] }
            let shifted = (0..<(160 * 120)).map { pixels[($0 + shift) % (160 * 120)] }
            return try Image(width: 160, height: 120, channels: 1, pixels: shifted).pngData()
        }
        try texture(seed: 5).write(to: data.appendingPathComponent("ref1.png"))
        try texture(seed: 6).write(to: data.appendingPathComponent("ref2.png"))
        try texture(seed: 5, shift: 3).write(to: data.appendingPathComponent("q1.png"))
        try texture(seed: 7, shift: 3).write(to: data.appendingPathComponent("q3.png"))
        try "image,object,role\nref1.png,1,reference\nref2.png,2,reference\nq1.png,1,query\nq3.png,3,query\n"
            .write(to: data.appendingPathComponent("groundtruth.csv"), atomically: true, encoding: .utf8)
        let url = dir.appendingPathComponent("d.yaml")
        try """
        name: dropped
        dataset: {name: manifest, root: \(data.path), protocol: ref}
        descriptor:
          kind: vlad
          vocabulary: {k: 4, training: {name: manifest, root: \(data.path), protocol: ref}}
        evaluation: {ks: [1]}
        """.write(to: url, atomically: true, encoding: .utf8)
        let workspace = Workspace(database: dir.appendingPathComponent("db.sqlite"), cache: dir.appendingPathComponent("cache"))
        let runner = try ExperimentRunner(workspace: workspace)
        let summary = try runner.execute(try runner.plan([url])[0])
        let map = try #require(summary.metrics.first { $0.name == "map" })
        #expect(map.count == 1 && map.dropped == 1)
        #expect(summary.metrics.allSatisfy { $0.dropped == 1 }, "\(summary.metrics)")
        #expect(summary.table.contains("1 queries, 1 dropped"), "\(summary.table)")
        let rows = try ResultsStore(path: workspace.database).queryResults(runId: summary.run.id!)
        #expect(rows.map(\.queryId) == ["q1.png", "q3.png"] && rows[1].ap == nil && rows[1].positives == 0)
    }
}
