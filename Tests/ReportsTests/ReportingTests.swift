import Reports
import Foundation
import ResultsStore
import Testing
import TestSupport

/// `cbir report` and `cbir check` on missing paths: a missing database is an error and is not created; a missing
/// output folder is created; a specs, baselines or output path that is not a folder is refused by name.
@Suite struct ReportingTests {
    func specs(in dir: URL) throws -> URL {
        let specs = dir.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try "title: T\ncolumns: [{metric: map, header: mAP}]\nrows: [{experiment: e, name: E}]\n"
            .write(to: specs.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        return specs
    }

    @Test func aMissingDatabaseIsAnErrorAndIsNotCreated() throws {
        let dir = try SharedData.temporaryDirectory("report-nodb")
        let database = dir.appendingPathComponent("Results/cbir.sqlite")
        #expect(throws: ResultsStoreError.missingDatabase(path: database.path)) {
            try Reporting.regenerate(specs: try specs(in: dir), output: dir, database: database, currentRevision: "r")
        }
        #expect(throws: ResultsStoreError.missingDatabase(path: database.path)) {
            try Reporting.check(baselines: dir, database: database)
        }
        #expect(!FileManager.default.fileExists(atPath: database.deletingLastPathComponent().path))
        #expect(String(describing: ResultsStoreError.missingDatabase(path: "Results/cbir.sqlite"))
                == "Results/cbir.sqlite: no results database here; run `cbir run <config>` first, or pass --database <path>.")
    }

    @Test func aMissingOutputFolderIsCreated() throws {
        let dir = try SharedData.temporaryDirectory("report-out")
        let database = dir.appendingPathComponent("cbir.sqlite")
        _ = try ResultsStore(path: database)
        let output = dir.appendingPathComponent("new/tables")
        let written = try Reporting.regenerate(specs: try specs(in: dir), output: output, database: database, currentRevision: "r")
        #expect(written.map(\.lastPathComponent) == ["t.md", "t.csv"])
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("t.md").path))
    }

    @Test func pathsThatAreNotFoldersAreRefusedByName() throws {
        let dir = try SharedData.temporaryDirectory("report-paths")
        let database = dir.appendingPathComponent("cbir.sqlite")
        _ = try ResultsStore(path: database)
        let file = dir.appendingPathComponent("plain.txt")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ReportError.notADirectory(option: "--output", path: file.path)) {
            try Reporting.regenerate(specs: try specs(in: dir), output: file, database: database, currentRevision: "r")
        }
        let missing = dir.appendingPathComponent("nope")
        #expect(throws: ReportError.notADirectory(option: "--specs", path: missing.path)) {
            try Reporting.regenerate(specs: missing, output: dir, database: database, currentRevision: "r")
        }
        #expect(throws: ReportError.notADirectory(option: "--baselines", path: missing.path)) {
            try Reporting.check(baselines: missing, database: database)
        }
        #expect(String(describing: ReportError.notADirectory(option: "--specs", path: "nope"))
                == "--specs nope: not a folder; pass an existing folder.")
    }
}
