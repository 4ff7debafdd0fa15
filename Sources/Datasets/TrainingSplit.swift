import Crypto
import Foundation

/// A declared set of images that a learnable stage (vocabulary k-means, PCA, whitening) is fitted on, named
/// `<dataset> (<split>)`. A split must never contain a query of the benchmark it is evaluated on: for smvs-dvd the
/// `references` split (the 100 clean scans) is safe under protocol `ref`, whose queries are the phone photos; under
/// `all` every image is a query, so train on another dataset's `all` split (e.g. `coil100 (all)`) instead.
/// `imagesAmong(queries:)` is the check (by standardised file path; content-level checks are the pipeline's).
public struct TrainingSplit: Sendable {
    public var dataset: String
    public var split: String
    /// The split's images, in dataset order.
    public var images: [ImageRecord]

    public init(dataset: String, split: String, images: [ImageRecord]) {
        self.dataset = dataset
        self.split = split
        self.images = images
    }

    /// The split's images that are also query images of `benchmark` (same file), in split order; empty when the
    /// split is safe to train on for that benchmark.
    public func imagesAmong(queries benchmark: Benchmark) -> [ImageRecord] {
        let queryFiles = Set(benchmark.queries.map { $0.image.url.standardizedFileURL.path })
        return images.filter { queryFiles.contains($0.url.standardizedFileURL.path) }
    }

    /// SHA-256 (hex) of `cbir-split-v1\n<dataset>\n<split>\n<count>\n` followed by one image id a line: dataset-relative,
    /// so stable across machines.
    public var identity: String {
        var text = "cbir-split-v1\n\(dataset)\n\(split)\n\(images.count)\n"
        for image in images { text += image.id + "\n" }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
