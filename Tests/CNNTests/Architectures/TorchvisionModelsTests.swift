import CNN
import Foundation
import Serialization
import Testing
import TestSupport

/// AlexNet, VGG16, ResNet-50/101/152 and SqueezeNet 1.1 against torchvision's own models on the same random
/// weights (`Fixtures/torchvision_models.py`: seeded, batch-norm statistics randomised), at every stop layer for
/// 224×224 and 163×209 inputs; plus the errors of a wrong checkpoint and an unknown stop layer.
@Suite(.serialized) struct TorchvisionModelsTests {
    static let architectures: [NetworkArchitecture] = [.alexnet, .vgg16, .resnet50, .resnet101, .resnet152, .squeezenet1_1]
    static let sizes = [(224, 224), (163, 209)]

    func floats(_ url: URL) throws -> [Float] {
        try Data(contentsOf: url).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// Writes the fixture of `architecture` into a fresh temporary directory (the caller deletes it); `extra`:
    /// `safetensors` or `cirtorch` (see the script).
    func fixture(_ architecture: NetworkArchitecture, extra: String? = nil) throws -> URL {
        let dir = try SharedData.temporaryDirectory("torchvision-\(architecture.rawValue)")
        try PythonReference.run([PythonReference.script("CNNTests", "torchvision_models.py"), architecture.rawValue, dir.path]
                                + (extra.map { [$0] } ?? []))
        return dir
    }

    @Test(arguments: architectures) func randomWeightsMatchTorchvisionAtEveryStopLayer(_ architecture: NetworkArchitecture) throws {
        guard PythonReference.available(["torch", "torchvision", "numpy"]) else {
            print(PythonReference.unavailableMessage(["torch", "torchvision"])); return
        }
        let clock = ContinuousClock()
        let start = clock.now
        let dir = try fixture(architecture)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixtureDone = clock.now
        let network = try architecture.load(checkpoint: dir.appendingPathComponent("model.pth"))
        let loaded = clock.now
        defer {
            print("\(architecture.rawValue): torchvision fixture \(fixtureDone - start), load \(loaded - fixtureDone), "
                  + "forward at every stop layer and size \(clock.now - loaded)")
        }
        #expect(network.architecture == architecture)
        for (h, w) in Self.sizes {
            let input = FeatureTensor(channels: 3, height: h, width: w,
                                      values: try floats(dir.appendingPathComponent("input_\(h)x\(w).f32")))
            for layer in architecture.stopLayers {
                let ours = try network.forward(input, upTo: layer)
                let reference = try floats(dir.appendingPathComponent("\(layer)_\(h)x\(w).f32"))
                #expect(ours.values.count == reference.count, "\(architecture) \(layer) \(h)×\(w): \(ours.channels)×\(ours.height)×\(ours.width)")
                guard ours.values.count == reference.count else { continue }
                let error = Approximate.relativeMaxError(ours.values, reference: reference)
                print("\(architecture.rawValue) \(layer) \(h)×\(w) → \(ours.channels)×\(ours.height)×\(ours.width): "
                      + "max relative error \(error)")
                #expect(error < 1e-4, "\(architecture) \(layer) \(h)×\(w)")
            }
        }
    }

    @Test func aCheckpointOfAnotherArchitectureListsEveryProblemAndSafetensorsLoadTheSame() throws {
        guard PythonReference.available(["torch", "torchvision", "numpy"]) else {
            print(PythonReference.unavailableMessage(["torch", "torchvision"])); return
        }
        let dir = try fixture(.squeezenet1_1, extra: "safetensors")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("model.pth")
        do {
            _ = try NetworkArchitecture.alexnet.load(checkpoint: url)
            Issue.record("expected an error")
        } catch let error as CNNError {
            let text = error.description
            #expect(text.hasPrefix("\(url.path): not a checkpoint of alexnet ("))
            #expect(text.contains("features.0.weight has shape [64, 3, 3, 3], expected [64, 3, 11, 11]"))
            #expect(text.contains("missing features.6.weight [384, 192, 3, 3]"))
            #expect(text.contains("missing classifier.4.weight [4096, 4096]"))
            #expect(text.contains("unexpected features.3.squeeze.weight"))
            #expect(text.contains("unexpected features.12.expand3x3.bias"))
        }
        // The right architecture loads the same weights from the zip and from the safetensors file.
        let input = FeatureTensor(channels: 3, height: 224, width: 224,
                                  values: try floats(dir.appendingPathComponent("input_224x224.f32")))
        let reference = try floats(dir.appendingPathComponent("features_224x224.f32"))
        for file in ["model.pth", "model.safetensors"] {
            let network = try NetworkArchitecture.squeezenet1_1.load(checkpoint: dir.appendingPathComponent(file))
            let features = try network.forward(input, upTo: "features")
            #expect(Approximate.relativeMaxError(features.values, reference: reference) < 1e-4, "\(file)")
        }
    }

    /// The same weights saved as cirtorch saves a retrieval-fine-tuned network (backbone under `features.<i>`, GeM
    /// and whitening heads, no classifier) give torchvision's conv maps; the classifier's layers are refused.
    @Test(arguments: [NetworkArchitecture.resnet50, .vgg16, .alexnet])
    func retrievalFineTunedCheckpointsInCirtorchsLayoutLoad(_ architecture: NetworkArchitecture) throws {
        guard PythonReference.available(["torch", "torchvision", "numpy"]) else {
            print(PythonReference.unavailableMessage(["torch", "torchvision"])); return
        }
        let dir = try fixture(architecture, extra: "cirtorch")
        defer { try? FileManager.default.removeItem(at: dir) }
        let network = try architecture.load(checkpoint: dir.appendingPathComponent("cirtorch.pth"))
        let input = FeatureTensor(channels: 3, height: 163, width: 209,
                                  values: try floats(dir.appendingPathComponent("input_163x209.f32")))
        let convLayers = architecture.stopLayers.filter { !$0.hasPrefix("fc") }
        for layer in convLayers {
            let reference = try floats(dir.appendingPathComponent("\(layer)_163x209.f32"))
            let ours = try network.forward(input, upTo: layer)
            #expect(Approximate.relativeMaxError(ours.values, reference: reference) < 1e-4, "\(architecture) \(layer)")
        }
        for layer in architecture.stopLayers where layer.hasPrefix("fc") {
            #expect(throws: CNNError.layerNotInCheckpoint(architecture: architecture.rawValue, layer: layer,
                                                          available: convLayers)) {
                try network.forward(input, upTo: layer)
            }
        }
        // `cbir inspect`: the layout, the architecture it loads as, the heads (GeM p = 3, a D×D whitening).
        let cirtorch = try CheckpointSummary.inspect(checkpoint: dir.appendingPathComponent("cirtorch.pth"))
        let dimension = ["resnet50": 2048, "vgg16": 512, "alexnet": 256][architecture.rawValue]!
        #expect(cirtorch.layout == "cirtorch" && cirtorch.architectures == [architecture] && cirtorch.gemP == 3
                && cirtorch.whitening == [dimension, dimension])
        let torchvision = try CheckpointSummary.inspect(checkpoint: dir.appendingPathComponent("model.pth"))
        #expect(torchvision.layout == "plain" && torchvision.architectures == [architecture]
                && torchvision.gemP == nil && torchvision.whitening == nil)
    }

    @Test func anUnknownStopLayerListsTheValidOnes() throws {
        guard PythonReference.available(["torch", "torchvision", "numpy"]) else {
            print(PythonReference.unavailableMessage(["torch", "torchvision"])); return
        }
        let dir = try fixture(.squeezenet1_1)
        defer { try? FileManager.default.removeItem(at: dir) }
        let network = try NetworkArchitecture.squeezenet1_1.load(checkpoint: dir.appendingPathComponent("model.pth"))
        let input = FeatureTensor(channels: 3, height: 64, width: 64, values: Array(repeating: 0, count: 3 * 64 * 64))
        #expect(throws: CNNError.unknownLayer(architecture: "squeezenet1_1", layer: "fc7", valid: ["features"])) {
            try network.forward(input, upTo: "fc7")
        }
        #expect(CNNError.unknownLayer(architecture: "vgg16", layer: "fc8", valid: NetworkArchitecture.vgg16.stopLayers).description
                == "vgg16: unknown stop layer 'fc8'; expected one of conv5_3, pool5, fc6, fc7.")
    }

    @Test func theInterfaceNamesLayersAndNormalisations() {
        #expect(NetworkArchitecture.vgg16.stopLayers == ["conv5_3", "pool5", "fc6", "fc7"])
        #expect(NetworkArchitecture.alexnet.stopLayers == ["pool5", "fc6", "fc7"])
        #expect(NetworkArchitecture.allCases.map(\.defaultLayer)
                == ["pool5", "conv5_3", "layer4", "layer4", "layer4", "features", "features"])
        #expect(NetworkArchitecture.allCases.allSatisfy { $0.stopLayers.contains($0.defaultLayer) })
        #expect(NetworkArchitecture(rawValue: "efficientnet_lite0") == .efficientnetLite0)
        #expect(NetworkArchitecture.resnet50.inputNormalization.label == "imagenet-mean-std")
        #expect(NetworkArchitecture.efficientnetLite0.inputNormalization.label == "(x-127)/128")
    }
}
