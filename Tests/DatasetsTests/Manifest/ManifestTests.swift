import Datasets
import Foundation
import Testing
import TestSupport

/// Ground truth that would silently change results is refused, naming the file and line: a repeated image (it
/// would rank first as its own positive, and repeat a query id) and bytes that are not UTF-8 (decoded lossily, two
/// names could become one).
@Suite struct ManifestTests {
    func dataset(_ csv: Data) throws -> URL {
        let dir = try SharedData.temporaryDirectory("manifest-gt")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("images"), withIntermediateDirectories: true)
        for name in ["a.png", "b.png", "c.png", "q.png"] {
            try Data([0]).write(to: dir.appendingPathComponent("images/\(name)"))
        }
        try csv.write(to: dir.appendingPathComponent("groundtruth.csv"))
        return dir
    }

    @Test func aRepeatedImageIsAnErrorNamingBothLines() throws {
        let dir = try dataset(Data("image,object,role\nimages/a.png,1,reference\nimages/q.png,1,query\nimages/b.png,2,reference\nimages/a.png,1,reference\n".utf8))
        #expect(throws: DatasetError.malformed(file: dir.path + "/groundtruth.csv", line: 5,
                                               problem: "image 'images/a.png' is listed again (first on line 2); list each image once")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "all")
        }
    }

    @Test func aRepeatedQuerySpelledDifferentlyIsAnError() throws {
        let dir = try dataset(Data("image,object,role\nimages/a.png,1,reference\nimages/q.png,1,query\n./images/q.png,1,query\n".utf8))
        let message = String(describing: try #require(throws: DatasetError.self) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        })
        #expect(message == "\(dir.path)/groundtruth.csv:4: image './images/q.png' is listed again (first on line 3); list each image once.")
    }

    @Test func invalidUTF8IsAnErrorNamingTheLine() throws {
        var csv = Data("image,object,role\nimages/a.png,caf".utf8)
        csv.append(contentsOf: [0xE9])                       // Latin-1 'é'
        csv.append(Data(",reference\nimages/q.png,caf".utf8))
        csv.append(contentsOf: [0xFF])
        csv.append(Data(",query\n".utf8))
        let dir = try dataset(csv)
        #expect(throws: DatasetError.malformed(file: dir.path + "/groundtruth.csv", line: 2,
                                               problem: "not valid UTF-8; save the file as UTF-8")) {
            try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        }
    }

    @Test func validUTF8NamesAndCRLFAreAccepted() throws {
        let dir = try dataset(Data("image,object,role\r\nimages/a.png,café,reference\r\nimages/q.png,café,query\r\n".utf8))
        let benchmark = try DatasetCatalog.load(name: "manifest", root: dir, protocolName: "ref")
        #expect(benchmark.queries.count == 1 && benchmark.database.count == 1)
    }
}
