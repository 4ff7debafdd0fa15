import Configuration
import Foundation
import Reports
import ResultsStore

/// `cbir report` and `cbir check`: table specs and baselines are read strictly from YAML, values from the database.
public enum Reporting {
    /// Renders every `*.yaml` spec in `specs` into `<output>/<spec name>.md` and `.csv`; returns the files written.
    /// Files are rewritten only when their bytes change. Values of runs from another numbers revision than the
    /// current code's are marked stale.
    public static func regenerate(specs: URL, output: URL, database: URL) throws -> [URL] {
        let store = try ResultsStore(path: database)
        let files = try FileManager.default.contentsOfDirectory(at: specs, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        var written: [URL] = []
        for file in files {
            let spec = try ConfigurationLoader.decodeYAML(TableSpec.self, contentsOf: file)
            let rendered = try ReportGenerator(store: store, currentRevision: Provenance.numbersRevision).render(spec)
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
        let store = try ResultsStore(path: database)
        let files = try FileManager.default.contentsOfDirectory(at: baselines, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.flatMap { try ConfigurationLoader.decodeYAML(Baseline.self, contentsOf: $0).check(in: store) }
    }
}
