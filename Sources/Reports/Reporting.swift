import Configuration
import Foundation
import ResultsStore

/// `cbir report` and `cbir check`: table specs and baselines are read strictly from YAML, values from the database.
public enum Reporting {
    /// Renders every `*.yaml` spec in `specs` into `<output>/<spec name>.md` and `.csv`; returns the files written.
    /// Files are rewritten only when their bytes change. Values of runs from another numbers revision than
    /// `currentRevision` (the code's) are marked stale. The output folder is created if missing. The database must
    /// exist.
    public static func regenerate(specs: URL, output: URL, database: URL, currentRevision: String) throws -> [URL] {
        let store = try ResultsStore.existing(at: database)
        let files = try yamlFiles(in: specs, option: "--specs")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ReportError.notADirectory(option: "--output", path: output.path) }
        } else {
            do {
                try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            } catch {
                throw ReportError.cannotCreateDirectory(option: "--output", path: output.path,
                                                            reason: (error as NSError).localizedDescription)
            }
        }
        var written: [URL] = []
        for file in files {
            let spec = try ConfigurationLoader.decodeYAML(TableSpec.self, contentsOf: file)
            let rendered = try ReportGenerator(store: store, currentRevision: currentRevision).render(spec)
            let name = file.deletingPathExtension().lastPathComponent
            for (ext, text) in [("md", rendered.markdown), ("csv", rendered.csv)] {
                let target = output.appendingPathComponent("\(name).\(ext)")
                if FileManager.default.contents(atPath: target.path) != Data(text.utf8) {
                    try Data(text.utf8).write(to: target, options: .atomic)
                }
                written.append(target)
            }
        }
        return written
    }

    /// Checks every baseline in `baselines` (`*.yaml`) against the database.
    public static func check(baselines: URL, database: URL) throws -> [Baseline.Outcome] {
        let store = try ResultsStore.existing(at: database)
        let files = try yamlFiles(in: baselines, option: "--baselines")
        return try files.flatMap { try ConfigurationLoader.decodeYAML(Baseline.self, contentsOf: $0).check(in: store) }
    }

    /// A complete run named on the command line: its id (digits), or an experiment name for its latest complete run.
    static func completeRun(named name: String, in store: ResultsStore) throws -> RunRecord {
        if let id = Int64(name), let run = try store.completeRuns().first(where: { $0.id == id }) { return run }
        guard let run = try store.latestCompleteRun(experiment: name) else { throw ReportError.unknownRun(name) }
        return run
    }

    /// The `*.yaml` files of a folder given by `option`, by name.
    static func yamlFiles(in folder: URL, option: String) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError.notADirectory(option: option, path: folder.path)
        }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

/// Errors of `Reporting` on its folders, each naming the option and what to do.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    /// A command-line folder that is missing or not a folder.
    case notADirectory(option: String, path: String)
    case cannotCreateDirectory(option: String, path: String, reason: String)
    /// A run named on the command line (`cbir compare`, `cbir export`) that the database does not hold complete.
    case unknownRun(String)

    public var description: String {
        switch self {
        case .notADirectory(let option, let path):
            "\(option) \(path): not a folder; pass an existing folder."
        case .cannotCreateDirectory(let option, let path, let reason):
            "\(option) \(path): cannot create the folder (\(reason)); pass a writable location."
        case .unknownRun(let name):
            "'\(name)': no complete run with that id or experiment name; the experiments stored are the rows of `cbir report`."
        }
    }
}
