import Foundation

/// The datasets the suite knows by name, and the protocols each supports. `load` is the one entry point the
/// pipeline calls.
public enum DatasetCatalog {
    /// Catalog names with their protocols.
    public static let protocols: [String: [String]] = [
        "generated": ["ref", "all"],
        "smvs-dvd": ["ref", "all"],
        "coil100": ["zero"],
        "manifest": ["ref", "all", "zero"],
        "oxford5k": ["standard"],
        "paris6k": ["standard"],
        "roxford5k": ["easy", "medium", "hard"],
        "rparis6k": ["easy", "medium", "hard"],
        "holidays": ["standard"],
        "ukbench": ["standard"],
    ]

    public static var names: [String] { protocols.keys.sorted() }

    /// The benchmark `name` under `protocolName`, read from `root`. For `generated`, the dataset is first written
    /// into `root` (skipped when a complete copy is there).
    public static func load(name: String, root: URL, protocolName: String) throws -> Benchmark {
        guard let known = protocols[name] else { throw DatasetError.unknownDataset(name: name, known: names) }
        guard known.contains(protocolName) else {
            throw DatasetError.unknownProtocol(dataset: name, name: protocolName, known: known)
        }
        switch name {
        case "oxford5k", "paris6k", "roxford5k", "rparis6k":
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
        let manifest = try Manifest(dataset: name, root: root)
        return try manifestProtocol.benchmark(name: name, root: root, manifest: manifest)
    }
}
