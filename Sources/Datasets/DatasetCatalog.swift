import Foundation

/// The datasets the suite knows by name, the protocols and training splits each supports. `load` and
/// `trainingSplit` are the entry points the pipeline calls.
///
/// | name | adapter | protocols | training splits |
/// |---|---|---|---|
/// | `smvs-dvd`, `generated`, `manifest` | `Manifest` + `ManifestProtocol` | `ref`, `all`, `zero` (needs angles) | `references`, `distractors`, `all` |
/// | `coil100` | `Manifest` + `ManifestProtocol` | `zero` | `all` |
/// | `oxford5k`, `paris6k` | `LandmarkDataset` | `standard` | `all` |
/// | `roxford5k`, `rparis6k` | `LandmarkDataset` | `easy`, `medium`, `hard` | `all` |
/// | `oxford105k`, `paris106k` | `LandmarkDataset` + `DistractorList` | `standard` | `all`, `distractors` |
/// | `holidays`, `ukbench` | `GroupedImageDataset` | `standard` | `all` |
public enum DatasetCatalog {
    /// Catalog names with their protocols (first = default in documentation; none is implied).
    public static let protocols: [String: [String]] = [
        "generated": ["ref", "all"],
        "smvs-dvd": ["ref", "all"],
        "coil100": ["zero"],
        "manifest": ["ref", "all", "zero"],
        "oxford5k": ["standard"],
        "paris6k": ["standard"],
        "oxford105k": ["standard"],
        "paris106k": ["standard"],
        "roxford5k": ["easy", "medium", "hard"],
        "rparis6k": ["easy", "medium", "hard"],
        "holidays": ["standard"],
        "ukbench": ["standard"],
    ]

    /// Catalog names with their training splits (see `TrainingSplit`).
    public static let splits: [String: [String]] = [
        "generated": ["references", "distractors", "all"],
        "smvs-dvd": ["references", "distractors", "all"],
        "manifest": ["references", "distractors", "all"],
        "coil100": ["all"],
        "oxford5k": ["all"], "paris6k": ["all"], "roxford5k": ["all"], "rparis6k": ["all"],
        "oxford105k": ["all", "distractors"], "paris106k": ["all", "distractors"],
        "holidays": ["all"], "ukbench": ["all"],
    ]

    public static var names: [String] { protocols.keys.sorted() }

    /// The benchmark `name` under `protocolName`, read from `root`. For `generated`, the dataset is first written
    /// into `root` (skipped when a complete copy is there).
    ///
    ///     let b = try DatasetCatalog.load(name: "smvs-dvd", root: URL(fileURLWithPath: "../shared/datasets/smvs-dvd"),
    ///                                     protocolName: "ref")   // 100 database images, 400 queries
    ///
    /// `objects` restricts a manifest dataset to its objects `first…last` (1-based, in order of first appearance;
    /// `Manifest.restricted(toObjects:)`); an error for the other datasets.
    public static func load(name: String, root: URL, protocolName: String,
                            objects: ClosedRange<Int>? = nil) throws -> Benchmark {
        guard let known = protocols[name] else { throw DatasetError.unknownDataset(name: name, known: names) }
        guard known.contains(protocolName) else {
            throw DatasetError.unknownProtocol(dataset: name, name: protocolName, known: known)
        }
        if let objects, ["oxford5k", "paris6k", "roxford5k", "rparis6k", "oxford105k", "paris106k", "holidays",
                         "ukbench"].contains(name) {
            throw DatasetError.objectSubset(dataset: name, first: objects.lowerBound, last: objects.upperBound, count: nil)
        }
        switch name {
        case "oxford5k", "paris6k", "roxford5k", "rparis6k", "oxford105k", "paris106k":
            return try LandmarkDataset.benchmark(name: name, root: root, protocolName: protocolName)
        case "holidays", "ukbench":
            return try GroupedImageDataset.benchmark(name: name, root: root, protocolName: protocolName)
        default:
            break
        }
        guard let manifestProtocol = ManifestProtocol(rawValue: protocolName) else {
            throw DatasetError.unknownProtocol(dataset: name, name: protocolName, known: known)
        }
        if name == "generated" { try GeneratedDataset.write(to: root) }
        var manifest = try Manifest(dataset: name, root: root)
        if let objects { manifest = try manifest.restricted(toObjects: objects, dataset: name) }
        return try manifestProtocol.benchmark(name: name, root: root, manifest: manifest)
    }

    /// The training split `split` of dataset `name` at `root`: the images a learnable stage may be fitted on.
    ///
    ///     let train = try DatasetCatalog.trainingSplit(name: "smvs-dvd", root: smvs, split: "references")  // 100 images
    ///     let leaks = train.imagesAmong(queries: benchmark)   // must be empty before fitting
    public static func trainingSplit(name: String, root: URL, split: String) throws -> TrainingSplit {
        guard let known = splits[name] else { throw DatasetError.unknownDataset(name: name, known: names) }
        guard known.contains(split) else { throw DatasetError.unknownSplit(dataset: name, name: split, known: known) }
        let images: [ImageRecord]
        switch name {
        case "oxford5k", "paris6k", "roxford5k", "rparis6k", "oxford105k", "paris106k", "holidays", "ukbench":
            let benchmark = try load(name: name, root: root, protocolName: protocols[name]![0])
            if split == "distractors" {
                let ids = Set(try DistractorList.read(dataset: name, root: root,
                                                      imageFolder: LandmarkDataset.imageFolder(root)).map(\.id))
                images = benchmark.database.filter { ids.contains($0.id) }
            } else {
                images = benchmark.database
            }
        default:
            if name == "generated" { try GeneratedDataset.write(to: root) }
            let manifest = try Manifest(dataset: name, root: root)
            let role = ["references": "reference", "distractors": "distractor"][split]
            images = manifest.entries.filter { role == nil || $0.role == role }
                .map { ImageRecord(id: $0.image, url: root.appendingPathComponent($0.image)) }
        }
        guard !images.isEmpty else { throw DatasetError.emptySplit(dataset: name, name: split) }
        return TrainingSplit(dataset: name, split: split, images: images)
    }
}
