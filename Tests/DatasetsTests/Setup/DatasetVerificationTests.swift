import Datasets
import Foundation
import Testing
import TestSupport

/// `cbir datasets verify`: what is missing, extra or different.
@Suite struct DatasetVerificationTests {
    @Test func verifyNamesWhatIsMissingExtraOrDifferent() throws {
        if let smvs = SharedData.directory("smvs-dvd") {
            let result = try DatasetVerification.verify(name: "smvs-dvd", root: smvs)
            #expect(result.passed, "\(result)")
            #expect(result.description.hasSuffix("  result:       verified\n"))
        } else {
            print(SharedData.missingMessage("smvs-dvd"))
        }
        let root = try ImageFolderLayout.layOut((0..<4).map { String(format: "ukbench%05d", $0) } + ["ukbench99999"],
                                                in: SharedData.temporaryDirectory("verify-ukbench"), folder: "full")
        let result = try DatasetVerification.verify(name: "ukbench", root: root)
        #expect(!result.passed)
        #expect(result.missing.count == 10_196 && result.extra == ["ukbench99999"])
        let text = result.description
        #expect(text.contains("  missing (10196): ukbench00004, ukbench00005, ukbench00006, ukbench00007, ukbench00008, "
                              + "ukbench00009, ukbench00010, ukbench00011, ukbench00012, ukbench00013, … (10186 more)\n"))
        #expect(text.contains("  extra (1):   ukbench99999\n"))
        #expect(text.hasSuffix("  result:       NOT verified (5 of 10200 images, 10196 missing, 1 extra, image list differs)\n"))
    }
    @Test func verifyReportsADifferentGroundTruth() throws {
        guard let real = SharedData.directory("groundtruth/oxford5k/gt_files_170407") else {
            print(SharedData.missingMessage("groundtruth/oxford5k/gt_files_170407")); return
        }
        let root = try SharedData.temporaryDirectory("verify-oxford")
        let gt = root.appendingPathComponent("gt_files_170407")
        try FileManager.default.createDirectory(at: gt, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: real.path) {
            try FileManager.default.createSymbolicLink(at: gt.appendingPathComponent(file),
                                                       withDestinationURL: real.appendingPathComponent(file))
        }
        #expect(try DatasetVerification.verify(name: "oxford5k", root: root).groundTruth.map(\.matches) == [true])
        try FileManager.default.removeItem(at: gt.appendingPathComponent("keble_1_junk.txt"))
        try "keble_000001\n".write(to: gt.appendingPathComponent("keble_1_junk.txt"), atomically: true, encoding: .utf8)
        let result = try DatasetVerification.verify(name: "oxford5k", root: root)
        #expect(result.groundTruth.map(\.matches) == [false])
        #expect(result.description.contains("  ground truth: gt_files_170407 SHA-256 ")
                && result.description.contains(" — DIFFERENT from the shipped 6b5bbd3095063c6adc0267de5634c8eb357af6d3d118f8f32cbee44300599cd9\n"))
    }
}
