import CNN
import Imaging
import Testing

/// Planar normalised inputs from interleaved 8-bit pixels, worked by hand.
@Suite struct InputNormalizationTests {
    @Test func imagenetMeanStdMatchesTorchvisionArithmetic() {
        // One RGB pixel (255, 0, 128): ((p/255) − mean)/std per channel, in float32 as ToTensor + Normalize.
        let image = Image(width: 1, height: 1, channels: 3, pixels: [255, 0, 128])
        let x = InputNormalization.imagenetMeanStd.tensor(image)
        #expect(x.channels == 3 && x.height == 1 && x.width == 1)
        let r: Float = (255 / 255 - 0.485) / 0.229
        let g: Float = (0 / 255 - 0.456) / 0.224
        let b: Float = (Float(128) / 255 - 0.406) / 0.225
        #expect(x.values == [r, g, b])
    }

    @Test func greyIsReplicatedAndPlanesArePlanar() {
        // A 2×1 grey image (0, 255) under (x − 127)/128: every plane is (−127/128, 1).
        let x = InputNormalization.efficientNetLite.tensor(Image(width: 2, height: 1, channels: 1, pixels: [0, 255]))
        let low: Float = -127.0 / 128
        #expect(x.values == [low, 1, low, 1, low, 1])
        // A 2×1 RGB image: plane c holds channel c of both pixels.
        let rgb = InputNormalization.efficientNetLite.tensor(Image(width: 2, height: 1, channels: 3, pixels: [127, 255, 63, 191, 127, 255]))
        #expect(rgb.values == [0, 0.5, 1, 0, -0.5, 1])
    }
}
