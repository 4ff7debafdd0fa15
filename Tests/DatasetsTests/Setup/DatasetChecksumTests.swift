import Datasets
import Foundation
import Testing
import TestSupport

/// The checksum definitions, on values worked out with Python's hashlib.
@Suite struct DatasetChecksumTests {
    @Test func theImageListChecksumIsOfTheSortedIdsOneALine() {
        // sha256("a\nb\n"), by Python's hashlib.
        #expect(DatasetChecksum.imageList(["b", "a"]) == "911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2")
    }

    /// A folder of text ground truth: `sha256sum` lines of the `*_{query,good,ok,junk}.txt` files in byte order,
    /// hashed; other files ignored (value by Python's hashlib).
    @Test func theFolderChecksumIsOfTheGroundTruthTextFilesOnly() throws {
        let dir = try SharedData.temporaryDirectory("checksum-folder")
        try "y\n".write(to: dir.appendingPathComponent("a_1_query.txt"), atomically: true, encoding: .utf8)
        try "x\n".write(to: dir.appendingPathComponent("a_1_good.txt"), atomically: true, encoding: .utf8)
        try "ignored".write(to: dir.appendingPathComponent("readme.md"), atomically: true, encoding: .utf8)
        #expect(DatasetChecksum.folder(dir) == "30e85291d1da2eeda7771e2594cce43f017aced17859dcf8435947df261fd913")
    }
}
