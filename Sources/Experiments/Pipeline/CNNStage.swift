import CNN
import Datasets
import Foundation
import Imaging
import RetrievalCore

/// A CNN's last convolutional map → global pooling → L2. The network runs on oneDNN with `context.threads` OpenMP
/// threads, one image at a time (its primitive caches are per network); descriptors are cached by content.
///
/// Input: the prepared image (resize so the longer side is `image.size`, no upscaling; query crops scaled like their
/// image), RGB, normalised per network — EfficientNet-Lite0: (x − 127)/128 (the weights package's convention).
struct PooledCNNStage: DescriptorStage {
    let preparation: ImagePreparation
    let config: PooledCNNDescriptorConfig
    let network: EfficientNetLite0
    let weightsHash: String
    var seeds: String { "" }

    init(_ config: PooledCNNDescriptorConfig, context: RunContext) throws {
        self.config = config
        preparation = ImagePreparation(maxSide: config.image.size, filter: config.image.filter, exif: config.image.exif)
        let weights = Workspace.resolve(config.network.weights)
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw ExperimentError.invalidValue(key: "descriptor.network.weights", value: config.network.weights,
                                               expected: "an existing PyTorch checkpoint (scripts/setup downloads EfficientNet-Lite0)")
        }
        weightsHash = try ContentHash.file(weights)
        network = try EfficientNetLite0(checkpoint: weights)
        CNNRuntime.setThreads(context.threads)
    }

    var fingerprint: String {
        "pooled-cnn-v1 \(config.network.architecture.rawValue) weights=\(weightsHash) \(config.label) "
            + "norm=(x-127)/128 onednn=\(CNNRuntime.oneDNNVersion)"
    }

    func describe(_ stage: String, urls: [URL], crops: [BoundingBox?]?, context: RunContext) throws -> Matrix {
        let columns = try Extraction.run(stage: stage, urls: urls, crops: crops, hashes: try context.fileHashes(urls),
                                         namespace: "global", fingerprint: fingerprint + " " + preparation.fingerprint,
                                         context: context, threads: 1) { url, crop in
            let image = try preparation.prepare(url, crop: crop)
            let map = try network.features(Self.normalised(image))
            var v: [Float]
            switch config.pooling {
            case .mac: v = GlobalPooling.mac(map.values, channels: map.channels, height: map.height, width: map.width)
            case .spoc(let prior):
                v = GlobalPooling.spoc(map.values, channels: map.channels, height: map.height, width: map.width,
                                       centrePrior: prior)
            case .gem(let p):
                v = GlobalPooling.gem(map.values, channels: map.channels, height: map.height, width: map.width, p: Float(p))
            }
            Normalization.l2(&v)
            return Matrix(rows: v.count, columns: 1, values: v)
        }
        return Matrix(concatenating: columns)
    }

    /// RGB planar (x − 127)/128; grey images are replicated to three channels.
    static func normalised(_ image: Image) -> FeatureTensor {
        let n = image.width * image.height
        var values = [Float](repeating: 0, count: 3 * n)
        for c in 0..<3 {
            for i in 0..<n {
                values[c * n + i] = (Float(image.pixels[i * image.channels + (image.channels == 3 ? c : 0)]) - 127) / 128
            }
        }
        return FeatureTensor(channels: 3, height: image.height, width: image.width, values: values)
    }
}
