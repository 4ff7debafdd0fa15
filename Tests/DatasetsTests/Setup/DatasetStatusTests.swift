import Datasets
import Foundation
import Testing
import TestSupport

/// The shipped checksums against the real files, `cbir datasets` on this machine's shared data, and `verify`.
@Suite struct DatasetStatusTests {
    @Test func theImageListChecksumIsOfTheSortedIdsOneALine() {
        // sha256("a\nb\n"), by Python's hashlib.
        #expect(DatasetChecksum.imageList(["b", "a"]) == "911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2")
    }

    /// Every shipped ground-truth checksum equals the real file's here; every shipped image count and image-list
    /// checksum equals the real ground truth's list.
    @Test func theShippedValuesAreThoseOfTheRealFiles() throws {
        guard let shared = SharedData.datasetsRoot else { print(SharedData.missingMessage("")); return }
        var checked = 0
        for source in DatasetSource.all {
            for file in source.groundTruth {
                let folder = ["smvs-dvd", "coil100"].contains(source.name) ? source.name : "groundtruth/\(source.name)"
                let url = shared.appendingPathComponent("\(folder)/\(file.path)")
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                    Issue.record("\(url.path) is not in the shared data"); continue
                }
                let sha = isDirectory.boolValue ? DatasetChecksum.folder(url) : DatasetChecksum.file(url)
                #expect(sha == file.sha256, "\(source.name): \(file.path)")
                checked += 1
            }
        }
        #expect(checked == 10)
        // Image lists: the real ground truth's (pickle: imlist ∪ qimlist; MAT: feature_name; manifest: image column).
        let oxford = try LandmarkGroundTruth.pickle(shared.appendingPathComponent("groundtruth/oxford5k/gnd_oxford5k.pkl"),
                                                    dataset: "oxford5k")
        let lists: [String: [String]] = [
            "oxford5k": oxford.images,
            "paris6k": try LandmarkGroundTruth.pickle(shared.appendingPathComponent("groundtruth/paris6k/gnd_paris6k.pkl"),
                                                      dataset: "paris6k").images,
            "oxford105k": try LandmarkGroundTruth.mat(shared.appendingPathComponent("groundtruth/oxford105k/gnd_Oxford105k.mat"),
                                                      dataset: "oxford105k").images,
            "paris106k": try LandmarkGroundTruth.mat(shared.appendingPathComponent("groundtruth/paris106k/gnd_Paris106k.mat"),
                                                     dataset: "paris106k").images,
            "ukbench": (0..<10_200).map { String(format: "ukbench%05d", $0) },
        ]
        #expect(Set(oxford.queries.map(\.image)).isSubset(of: oxford.images))
        for (name, list) in lists {
            let source = try DatasetSource.named(name)
            #expect(list.count == source.images && DatasetChecksum.imageList(list) == source.imageListSHA256, "\(name)")
        }
    }

    /// Here: SMVS and COIL-100 complete and verified, the ground-truth-only sets found in groundtruth/<name>/ and
    /// verified, the rest missing with where to get them.
    @Test func theStatusOfThisMachine() throws {
        guard let shared = SharedData.datasetsRoot else { print(SharedData.missingMessage("")); return }
        let statuses = Dictionary(uniqueKeysWithValues: DatasetStatus.survey(datasets: shared).map { ($0.source.name, $0) })
        #expect(statuses.count == 12)
        for name in ["smvs-dvd", "coil100"] {
            let s = try #require(statuses[name])
            #expect(s.rootFound && s.isComplete && s.checksum == .verified && s.groundTruth == ["\(name)/groundtruth.csv"])
            #expect(s.groundTruthInRoot)
            #expect(s.imagesFound == s.source.images)
        }
        for name in ["oxford5k", "paris6k", "holidays", "oxford105k", "paris106k"] {
            let s = try #require(statuses[name])
            #expect(!s.rootFound && !s.isComplete && s.checksum == .verified && !s.groundTruth.isEmpty, "\(name)")
            #expect(!s.groundTruthInRoot, "\(name): read from groundtruth/\(name)/, not from the root")
        }
        #expect(statuses["oxford5k"]?.groundTruth == ["groundtruth/oxford5k/gnd_oxford5k.pkl",
                                                      "groundtruth/oxford5k/gnd_oxford5k.mat",
                                                      "groundtruth/oxford5k/gt_files_170407"])
        for name in ["roxford5k", "rparis6k", "ukbench"] {
            #expect(statuses[name].map { !$0.rootFound && $0.checksum == .absent && $0.groundTruth.isEmpty } == true)
        }
        let report = DatasetStatus.report(DatasetStatus.survey(datasets: shared), datasets: shared,
                                          displayPath: "../shared/datasets")
        #expect(report.contains("smvs-dvd    found    500 / 500"))
        #expect(report.contains("oxford5k — Oxford Buildings (Oxford5k)\n  get:      https://www.robots.ox.ac.uk/~vgg/data/oxbuildings/\n"
                                + "            oxbuild_images.tgz, gt_files_170407.tgz\n"))
        #expect(report.contains("  prepare:  cbir datasets prepare holidays --from holidays_rotated.tar.gz --root ../shared/datasets/holidays\n"))
        #expect(!report.contains("coil100 — ") && !report.contains("manifest — "))   // complete or yours: no instructions
    }

    /// `verify` on the real SMVS copy passes; on a miniature UKBench it names what is missing and extra.
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

    /// A ground-truth file that is not the published one is reported as different, with both checksums.
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
