import Foundation
import TestSupport

/// Test-time image folders in a dataset's own naming: empty files, since the adapters only check that images exist.
enum ImageFolderLayout {
    /// Creates `dir/folder/<id>.jpg` for every id (ids may contain `/`), and returns `dir`.
    @discardableResult
    static func layOut(_ ids: [String], in dir: URL, folder: String = "jpg") throws -> URL {
        let base = dir.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        for id in ids {
            let url = base.appendingPathComponent("\(id).jpg")
            if id.contains("/") {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        return dir
    }

    /// The JSON that `Fixtures/mat_groundtruth.py` exports from a real `.mat` ground truth (scipy reads it).
    struct MatGroundTruth: Decodable {
        struct Query: Decodable { var row: [String]; var ok: [String]; var junk: [String]; var bbx: [Double]? }
        var images: [String]
        var queries: [Query]
    }

    /// Reads `groundtruth/<relativePath>` with scipy, or nil (with the skip message printed) when the shared data or
    /// scipy is missing.
    static func matGroundTruth(_ relativePath: String) throws -> MatGroundTruth? {
        guard let mat = SharedData.directory("groundtruth/\(relativePath)") else {
            print(SharedData.missingMessage("groundtruth/\(relativePath)")); return nil
        }
        guard PythonReference.available(["scipy.io"]) else {
            print(PythonReference.unavailableMessage(["scipy"])); return nil
        }
        let out = try SharedData.temporaryDirectory("mat").appendingPathComponent("gnd.json")
        try PythonReference.run([PythonReference.script("DatasetsTests", "mat_groundtruth.py"), mat.path, out.path])
        return try JSONDecoder().decode(MatGroundTruth.self, from: Data(contentsOf: out))
    }
}
