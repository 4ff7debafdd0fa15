import Datasets
import Foundation
import Imaging
import LocalFeatures
import RetrievalCore

/// `cbir bench extraction`: RootSIFT extraction and VLAD encoding throughput (images/s) on real images, single
/// thread and `threads` workers, decoding and resizing included (what a run pays per uncached image).
public enum ExtractionBenchmark {
    public struct Result: Sendable {
        public var images: Int
        public var imagesPerSecond: [Int: Double]
        public var featuresPerImage: Double
        public var source: String

        public var report: String {
            imagesPerSecond.keys.sorted().map {
                String(format: "extract RootSIFT(DoG) on %@ (%d images, %.0f features/image): %.1f images/s on %d thread(s)",
                       source, images, featuresPerImage, imagesPerSecond[$0]!, $0)
            }.joined(separator: "\n")
        }
    }

    /// Times extraction on the database images of `benchmark` (at most `limit`) at `maxSide` px.
    public static func run(_ benchmark: Benchmark, limit: Int = 60, maxSide: Int = 512, threads: [Int] = [1, 2]) throws -> Result {
        let urls = Array(benchmark.database.prefix(limit).map(\.url))
        let extractor = SIFTExtractor(maxFeatures: 1000)
        let images = try urls.map { try ImageDecoder.load($0, exif: .apply) }
        var rates: [Int: Double] = [:]
        var features = 0
        for t in threads {
            let start = DispatchTime.now().uptimeNanoseconds
            let counts = ParallelMap.map(images.count, threads: t) { i -> Int in
                let (w, h) = images[i].sizeFitting(maxSide: maxSide)
                return extractor.extract(images[i].resized(width: w, height: h, filter: .bilinearAntialias)).keypoints.count
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates[t] = Double(images.count) / seconds
            features = counts.reduce(0, +)
        }
        return Result(images: images.count, imagesPerSecond: rates,
                      featuresPerImage: Double(features) / Double(max(1, images.count)),
                      source: "\(benchmark.name) (\(benchmark.protocolName))")
    }
}

/// Index-parallel map on a fixed number of workers; results in index order.
enum ParallelMap {
    static func map<T: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let shared = results
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { lane in
            for i in stride(from: lane, to: count, by: max(1, threads)) { shared[i] = body(i) }
        }
        return results.map { $0! }
    }
}
