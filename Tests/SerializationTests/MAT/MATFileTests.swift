import Foundation
import Serialization
import Testing
import TestSupport

/// The real Level-5 ground-truth files (zlib-compressed cell arrays of strings, a struct array of numeric
/// index arrays in several storage types) must agree with the pickled ground truth, which the unpickler tests
/// check against CPython.
@Suite struct MATFileRealTests {
    struct GroundTruth: Equatable {
        var images: Set<String>
        var queries: [String]
        var boxes: [[Double]]
        var ok: [Set<String>]
        var junk: [Set<String>]
    }

    /// `gnd_*.mat`: `feature_name` (N×1 cell), `query_list` (Q×3 cell: name, index, query id), `gnd` (1×Q struct
    /// with 1-based `ok`, `junk` and `bbx`).
    static func fromMAT(_ url: URL) throws -> GroundTruth {
        let mat = try MATFile(contentsOf: url)
        let names = try #require(mat["feature_name"]?.cells?.compactMap { $0.string })
        let queryList = try #require(mat["query_list"])
        let q = queryList.dimensions[0]
        let queries = try (0..<q).map { try #require(queryList.cell($0, 0)?.string) }
        let gnd = try #require(mat["gnd"]?.structElements)
        func set(_ a: MATArray?) throws -> Set<String> { Set(try #require(a?.integers).map { names[$0 - 1] }) }
        return GroundTruth(images: Set(names), queries: queries, boxes: gnd.map { $0["bbx"]?.doubles ?? [] },  // Holidays has no boxes
                           ok: try gnd.map { try set($0["ok"]) }, junk: try gnd.map { try set($0["junk"]) })
    }

    static func fromPickle(_ url: URL) throws -> GroundTruth {
        let root = try Unpickler.load(contentsOf: url)
        let names = try #require(root["imlist"]?.elements?.compactMap { $0.string })
        let gnd = try #require(root["gnd"]?.elements)
        func set(_ v: PickleValue?) throws -> Set<String> { Set(try #require(v.flatMap(NumpyArrays.ints)).map { names[$0] }) }
        return GroundTruth(images: Set(names), queries: try #require(root["qimlist"]?.elements?.compactMap { $0.string }),
                           boxes: try gnd.map { try #require($0["bbx"].flatMap(NumpyArrays.doubles)) },
                           ok: try gnd.map { try set($0["ok"]) }, junk: try gnd.map { try set($0["junk"]) })
    }

    @Test(arguments: [("oxford5k/gnd_oxford5k.mat", "oxford5k/gnd_oxford5k.pkl", 5063),
                      ("paris6k/gnd_paris6k.mat", "paris6k/gnd_paris6k.pkl", 6392)])
    func agreesWithThePickle(_ mat: String, _ pkl: String, _ images: Int) throws {
        guard let matURL = SharedData.directory("groundtruth/\(mat)"), let pklURL = SharedData.directory("groundtruth/\(pkl)")
        else { print(SharedData.missingMessage("groundtruth/\(mat)")); return }
        let a = try Self.fromMAT(matURL), b = try Self.fromPickle(pklURL)
        #expect(a.images.count == images && a.queries.count == 55)
        #expect(a == b)
    }

    /// Oxford105k / Paris106k = the 5k / 6k sets + 100k distractors: the same 55 queries, boxes and positives.
    @Test(arguments: [("oxford105k/gnd_Oxford105k.mat", "oxford5k/gnd_oxford5k.pkl", 105_134),
                      ("paris106k/gnd_Paris106k.mat", "paris6k/gnd_paris6k.pkl", 106_463)])  // + the 100,071 Flickr distractors
    func distractorSetsExtendTheSmallOnes(_ mat: String, _ pkl: String, _ images: Int) throws {
        guard let big = SharedData.directory("groundtruth/\(mat)"), let small = SharedData.directory("groundtruth/\(pkl)")
        else { print(SharedData.missingMessage("groundtruth/\(mat)")); return }
        let a = try Self.fromMAT(big), b = try Self.fromPickle(small)
        #expect(a.images.count == images, "\(a.images.count) images")
        #expect(a.images.isSuperset(of: b.images))
        #expect(a.queries == b.queries && a.boxes == b.boxes && a.ok == b.ok && a.junk == b.junk)
    }

    /// Holidays: 1491 images named `NNNNMM`, 500 queries (`MM == 00`); positives are the rest of the query's group.
    @Test func holidaysGroupsFollowTheFileNames() throws {
        guard let url = SharedData.directory("groundtruth/holidays/gnd_holidays.mat")
        else { print(SharedData.missingMessage("groundtruth/holidays")); return }
        let g = try Self.fromMAT(url)
        #expect(g.images.count == 1491 && g.queries.count == 500)
        for (i, query) in g.queries.enumerated() {
            let group = g.images.filter { $0.prefix(4) == query.prefix(4) }
            #expect(query.hasSuffix("00"))
            #expect(g.ok[i] == group.subtracting([query]), "\(query)")
        }
        #expect(zip(g.queries, g.junk).allSatisfy { [$0] == $1 })  // junk is the query itself
    }
}
