import Configuration
@testable import Experiments
import Testing

/// Decoding, defaults, labels and error messages of the CNN descriptor kinds.
@Suite struct CNNDescriptorConfigTests {
    static let network = "network: {architecture: efficientnet_lite0, weights: w.pth}"

    static func decode(_ body: String) throws -> DescriptorConfig {
        try ConfigurationLoader.decodeYAML(DescriptorConfig.self, body + "\n" + network + "\n", file: "d.yaml")
    }

    static func message(_ body: String) -> String {
        do {
            _ = try decode(body)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func rmacDefaultsAndLabel() throws {
        let d = try Self.decode("kind: rmac")
        guard case .pooledCNN(let c) = d else { Issue.record("not a CNN descriptor"); return }
        #expect(c.pooling as? RMACParameters == RMACParameters(levels: 3, grid: .tolias))
        #expect(d.kind == .rmac && d.label == "EffNetL0-R-MAC(L=3)@512" && d.trainingDatasets.isEmpty)
        let cirtorch = try Self.decode("kind: rmac\nlevels: 2\nregion_grid: cirtorch")
        #expect(cirtorch.label == "EffNetL0-R-MAC(L=2, cirtorch)@512")
    }

    @Test func whiteningIsATrainingSplitAndPartOfTheLabel() throws {
        let d = try Self.decode("""
        kind: rmac
        whitening: {training: {name: smvs-dvd, root: data, protocol: ref}, dims: 256}
        """)
        #expect(d.label == "EffNetL0-R-MAC(L=3)@512 · PCAw256")
        #expect(d.trainingDatasets.map(\.0) == ["descriptor.whitening.training"])
        #expect(try Self.decode("kind: crow\nwhitening: {training: {name: g, root: r, protocol: ref}}").label
                    == "EffNetL0-CroW(a=2, b=2)@512 · PCAw")
    }

    @Test func crowAndCGDLabels() throws {
        #expect(try Self.decode("kind: crow\na: 1\nb: 1").label == "EffNetL0-CroW(a=1, b=1)@512")
        #expect(try Self.decode("kind: cgd\ncomponents: [spoc, mac, gem]").label == "EffNetL0-CGD(S+M+G3)@512")
        #expect(try Self.decode("kind: cgd\ncomponents: [mac, gem]\np: 4.5").label == "EffNetL0-CGD(M+G4.5)@512")
    }

    @Test func scalesAppearInTheLabelOnlyWhenNotOne() throws {
        #expect(try Self.decode("kind: gem\nimage: {scales: [1]}").label == "EffNetL0-GeM(p=3)@512")
        #expect(try Self.decode("kind: gem\nimage: {size: 512, scales: [1, 0.7071, 1.4142]}").label
                    == "EffNetL0-GeM(p=3)@512×{1,0.71,1.41}")
    }

    /// EfficientNet-Lite0 pads as TF 'SAME' by default; `symmetric` is an ablation named in the label; other
    /// architectures take no padding key. Filter and upscaling appear in the label when not the defaults.
    @Test func paddingFilterAndUpscaleOptions() throws {
        guard case .pooledCNN(let c) = try Self.decode("kind: gem") else { Issue.record("not a CNN descriptor"); return }
        #expect(c.network.padding == .same && !c.image.upscale && c.image.filter == .bilinearAntialias)
        let symmetric = try ConfigurationLoader.decodeYAML(DescriptorConfig.self, """
            kind: gem
            network: {architecture: efficientnet_lite0, weights: w.pth, padding: symmetric}
            image: {filter: bilinear, upscale: true}
            """, file: "d.yaml")
        #expect(symmetric.label == "EffNetL0(symmetric-pad)-GeM(p=3)@512/bilinear+upscale")
        #expect(try Self.decode("kind: gem\nimage: {filter: lanczos-antialias}").label == "EffNetL0-GeM(p=3)@512/lanczos-antialias")
        func message(network: String) -> String {
            do {
                _ = try ConfigurationLoader.decodeYAML(DescriptorConfig.self, "kind: gem\nnetwork: \(network)\n", file: "d.yaml")
                return "no error"
            } catch {
                return String(describing: error)
            }
        }
        #expect(message(network: "{architecture: vgg16, weights: w.pth, padding: same}").contains(
            "padding: vgg16 pads as its architecture defines; expected no padding key (it applies to efficientnet_lite0 only)"))
        #expect(message(network: "{architecture: efficientnet_lite0, weights: w.pth, padding: sme}").contains(
            "unknown padding 'sme'. Did you mean 'same'?"))
    }

    @Test func errorsNameTheKeyAndTheFix() {
        #expect(Self.message("kind: rmac\nlevels: 0")
                    == "d.yaml:2:1: levels: L = 0; expected 1 ≤ levels ≤ 10 (the paper uses 3).")
        #expect(Self.message("kind: rmac\nregion_grid: tolas").hasPrefix(
            "d.yaml:2:1: region_grid: unknown region grid 'tolas'. Did you mean 'tolias'? Known: tolias, cirtorch."))
        #expect(Self.message("kind: cgd\ncomponents: [spoc, spoc]")
                    == "d.yaml:2:1: components: [spoc, spoc] is not a list of distinct components; expected one or "
                    + "more of spoc, mac, gem, e.g. [spoc, mac, gem].")
        #expect(Self.message("kind: crow\nlevels: 3")
                == "d.yaml:2:1: levels: unknown key 'levels'. Known: kind, network, image, whitening, a, b.")
        #expect(Self.message("kind: gem\nimage: {scales: [1, 0]}").contains("image.scales: [1, 0] is not a list of distinct positive scales"))
        #expect(Self.message("kind: mac\nwhitening: {training: {name: a, root: b, protocol: c}, dims: 0}")
                    .contains("whitening.dims: 0 dimensions; expected at least 1"))
    }

    @Test func networksLayersAndNeuralCodes() throws {
        func decode(_ text: String) throws -> DescriptorConfig {
            try ConfigurationLoader.decodeYAML(DescriptorConfig.self, text, file: "n.yaml")
        }
        func message(_ text: String) -> String {
            do { _ = try decode(text); return "no error" } catch { return String(describing: error) }
        }
        #expect(try decode("kind: gem\nnetwork: {architecture: vgg16, weights: v.pth}").label == "VGG16-GeM(p=3)@512")
        #expect(try decode("kind: mac\nnetwork: {architecture: resnet101, weights: r.pth, layer: layer4}").label
                    == "R101-MAC@512")
        #expect(try decode("kind: neural_codes\nnetwork: {architecture: alexnet, weights: a.pth, layer: fc6}\nimage: {size: 224}")
                    .label == "AlexNet/fc6-NC@224")
        #expect(message("kind: neural_codes\nnetwork: {architecture: vgg16, weights: v.pth}")
                    == "n.yaml:2:1: network.layer: neural codes need a fully connected layer, not 'conv5_3'; "
                    + "expected fc6 or fc7.")
        #expect(message("kind: gem\nnetwork: {architecture: vgg16, weights: v.pth, layer: fc7}")
                    == "n.yaml:2:48: network.layer: gem pools a convolutional map; 'fc7' is fully connected; "
                    + "expected a convolutional layer (or kind: neural_codes).")
        #expect(message("kind: mac\nnetwork: {architecture: resnet50, weights: r.pth, layer: layer5}")
                    == "n.yaml:2:51: network.layer: resnet50 has no stop layer 'layer5'; expected one of layer4.")
    }
}
