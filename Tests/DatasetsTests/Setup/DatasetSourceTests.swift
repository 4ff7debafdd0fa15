import Datasets
import Foundation
import Testing
import TestSupport

/// The values the suite ships, against the real files in ../shared/datasets.
@Suite struct DatasetSourceTests {
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
}
