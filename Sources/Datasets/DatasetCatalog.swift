import Foundation

/// The datasets the suite knows by name and the protocols each supports. `load` is the entry point the pipeline
/// calls, for the evaluated benchmark and for every fit set (a learned stage fits on a benchmark's database images;
/// `objects:` restricts a manifest dataset to an object range, e.g. object-disjoint halves).
///
/// | name | adapter | protocols |
/// |---|---|---|
/// | `smvs-dvd`, `generated`, `manifest` | `Manifest` + `ManifestProtocol` | `ref`, `all`, `zero` (needs angles) |
/// | `coil100` | `Manifest` + `ManifestProtocol` | `zero` |
/// | `oxford5k`, `paris6k` | `LandmarkDataset` | `standard` |
/// | `roxford5k`, `rparis6k` | `LandmarkDataset` | `easy`, `medium`, `hard` |
/// | `oxford105k`, `paris106k` | `LandmarkDataset` + `DistractorList` | `standard` |
/// | `holidays`, `ukbench` | `GroupedImageDataset` | `standard` |
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
}
