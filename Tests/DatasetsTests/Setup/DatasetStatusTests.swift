import Datasets
import Foundation
import Testing
import TestSupport

/// `cbir datasets` on this machine's shared data.
@Suite struct DatasetStatusTests {
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
}
