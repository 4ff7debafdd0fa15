import Foundation

/// One line of `cbir datasets`: is a benchmark on this machine, how complete, and is its ground truth the one the
/// suite ships checksums for.
public struct DatasetStatus: Sendable, Equatable {
    public enum Checksum: Sendable, Equatable {
        /// Every shipped ground-truth file found has the shipped SHA-256.
        case verified
        /// A ground-truth file differs from the shipped SHA-256 (its path).
        case different(String)
        /// Ground truth found, but the suite ships no checksum for it (e.g. revisitop's pickles).
        case notShipped
        /// No ground truth found.
        case absent
    }

    public var source: DatasetSource
    public var root: URL
    public var rootFound: Bool
    public var imagesFound: Int
    /// Ground-truth files found, as paths relative to the datasets folder surveyed (or absolute).
    public var groundTruth: [String]
    /// Whether they are in the root, where the adapters read them (not only in a separate ground-truth folder).
    public var groundTruthInRoot: Bool
    public var checksum: Checksum

    /// Whether the benchmark can run: root, images and ground truth all there.
    public var isComplete: Bool {
        switch source.adapter {
        case .generated: true
        case .manifest: source.name == "manifest" || (rootFound && groundTruthInRoot && imagesFound > 0)
        case .grouped: rootFound && imagesFound > 0 && (source.images == nil || imagesFound == source.images)
        case .landmark: rootFound && groundTruthInRoot && imagesFound == source.images
        }
    }

    /// The status of `source` with its root at `root`; ground truth is looked up in the root, then in
    /// `groundTruthFolder` (this setup's `groundtruth/<name>/`) when given.
    public static func survey(_ source: DatasetSource, root: URL, groundTruthFolder: URL? = nil,
                              displayBase: URL? = nil) -> DatasetStatus {
        let inventory = DatasetInventory(source: source, root: root)
        var found: [String] = []
        var checksum = Checksum.absent
        var inRoot = false
        for folder in [root] + (groundTruthFolder.map { [$0] } ?? []) {
            let shipped = inventory.groundTruth(in: folder)
            let other = inventory.unshippedGroundTruth(in: folder)
            guard !shipped.isEmpty || !other.isEmpty else { continue }
            func display(_ name: String) -> String {
                let path = folder.appendingPathComponent(name).path
                guard let base = displayBase?.path, path.hasPrefix(base + "/") else { return path }
                return String(path.dropFirst(base.count + 1))
            }
            found = shipped.map { display($0.file.path) } + other.map(display)
            if let bad = shipped.first(where: { $0.sha256 != $0.file.sha256 }) {
                checksum = .different(display(bad.file.path))
            } else {
                checksum = shipped.isEmpty ? .notShipped : .verified
            }
            inRoot = folder == root
            break
        }
        return DatasetStatus(source: source, root: root, rootFound: inventory.rootExists,
                             imagesFound: inventory.imageIDs.count, groundTruth: found, groundTruthInRoot: inRoot,
                             checksum: checksum)
    }

    /// The status of every catalog dataset under `datasets` (`<datasets>/<name>/` is the root; ground truth also in
    /// `<datasets>/groundtruth/<name>/`).
    public static func survey(datasets: URL) -> [DatasetStatus] {
        DatasetSource.all.map { source in
            survey(source, root: datasets.appendingPathComponent(source.name),
                   groundTruthFolder: datasets.appendingPathComponent("groundtruth/\(source.name)"), displayBase: datasets)
        }
    }
}

public extension DatasetStatus {
    /// The `cbir datasets` table: one line per dataset, then, for each one that cannot run, where to get it.
    static func report(_ statuses: [DatasetStatus], datasets: URL, displayPath: String) -> String {
        var rows = [["name", "root", "images", "checksum", "ground truth"]]
        for s in statuses {
            switch s.source.adapter {
            case .generated:
                rows.append([s.source.name, "—", "—", "—", "written by the suite into dataset.root on first use"])
            case .manifest where s.source.name == "manifest":
                rows.append([s.source.name, "—", "—", "—", "your own folder with a groundtruth.csv"])
            default:
                let expected = s.source.images.map { "\($0)" } ?? "?"
                let sum: String = switch s.checksum {
                case .verified: "verified"
                case .different(let file): "DIFFERENT (\(file))"
                case .notShipped: "none shipped"
                case .absent: "—"
                }
                rows.append([s.source.name, s.rootFound ? "found" : "missing", "\(s.imagesFound) / \(expected)", sum,
                             groundTruthText(s)])
            }
        }
        let widths = (0..<5).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var text = "Datasets under \(displayPath) (root: <name>/; ground truth also read from groundtruth/<name>/)\n\n"
        for row in rows {
            text += zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        let missing = statuses.filter { !$0.isComplete }
        if !missing.isEmpty {
            text += "\nNot complete here — where their authors publish them (the suite never downloads):\n"
            for s in missing { text += "\n" + s.source.instructions(root: "\(displayPath)/\(s.source.name)") }
            text += "\nThen: cbir datasets verify NAME --root DIR (counts and SHA-256 of the image list and ground truth).\n"
        }
        return text
    }
}

/// The ground-truth column: the files found, their common folder written once (`groundtruth/oxford5k/: a, b`).
private func groundTruthText(_ s: DatasetStatus) -> String {
    guard !s.groundTruth.isEmpty else { return s.source.name == "ukbench" ? "in the file names" : "missing" }
    let folders = Set(s.groundTruth.map { ($0 as NSString).deletingLastPathComponent })
    guard folders.count == 1, let folder = folders.first, !folder.isEmpty else { return s.groundTruth.joined(separator: ", ") }
    return "\(folder)/: " + s.groundTruth.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
}

public extension DatasetSource {
    /// Where to get the dataset, its layout under `root`, how to prepare it, its licence and citation.
    func instructions(root: String) -> String {
        var text = "\(name) — \(title)\n"
        text += "  get:      \(page)\n"
        if !archives.isEmpty { text += "            " + archives.joined(separator: ", ") + "\n" }
        text += "  layout:   \(root)/\n"
        for line in layout { text += "              \(line)\n" }
        if let preparation = DatasetPreparation.example(name, root: root) { text += "  prepare:  \(preparation)\n" }
        for note in notes { text += "  note:     \(note)\n" }
        text += "  licence:  \(licence)\n"
        text += "  cite:     \(citation)\n"
        return text
    }
}
