import Configuration
import Testing

/// The text of decoded values, worked out by hand for each shape reflection can meet.
@Suite struct DecodedTextTests {
    enum Pooling: Equatable { case mac, gem(p: Double), rmac(levels: Int, grid: String) }
    struct Image { var size = 512; var scales: [Double] = [1]; var filter: String? = nil }
    struct Descriptor { var pooling: Pooling; var image: Image; var weights: [String: Int] }

    @Test func everyFieldInDeclarationOrderWithDefaultsFilledIn() {
        let d = Descriptor(pooling: .gem(p: 3), image: Image(), weights: ["b": 2, "a": 1])
        #expect(DecodedText.render(d) == #"Descriptor(pooling: .gem(p: 3.0), image: Image(size: 512, scales: [1.0], filter: nil), weights: ["a": 1, "b": 2])"#)
        #expect(DecodedText.render(Pooling.mac) == ".mac")
        #expect(DecodedText.render(Pooling.rmac(levels: 3, grid: "tolias")) == #".rmac(levels: 3, grid: "tolias")"#)
        #expect(DecodedText.render(Image(size: 256, scales: [1, 0.7071], filter: "lanczos"))
                == #"Image(size: 256, scales: [1.0, 0.7071], filter: "lanczos")"#)
        #expect(DecodedText.render([String: Int]()) == "[:]")
    }

    /// Spelling out a default does not change the text; changing a value does.
    @Test func onlyValuesMatter() {
        #expect(DecodedText.render(Image()) == DecodedText.render(Image(size: 512, scales: [1], filter: nil)))
        #expect(DecodedText.render(Image()) != DecodedText.render(Image(size: 511)))
        #expect(DecodedText.render(Pooling.gem(p: 3)) != DecodedText.render(Pooling.gem(p: 3.0000001)))
    }
}
