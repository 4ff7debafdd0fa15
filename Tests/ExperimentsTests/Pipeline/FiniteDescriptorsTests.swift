import Datasets
@testable import Experiments
import Foundation
import RetrievalCore
import Testing

/// A NaN or infinite component in a descriptor is an error naming the image, not a silently wrong ranking.
@Suite struct FiniteDescriptorsTests {
    let images = ["a.jpg", "b.jpg", "c.jpg"].map { ImageRecord(id: $0, url: URL(fileURLWithPath: "/d/\($0)")) }

    @Test func finiteDescriptorsPass() throws {
        try Matrix(rows: 2, columns: 3, values: [1, 0, 0, 1, 0.5, -0.5]).requireFinite(images: images, stage: "describe database")
        try Matrix(rows: 0, columns: 0, values: []).requireFinite(images: [], stage: "describe database")
    }

    @Test func aNaNNamesItsImage() {
        let m = Matrix(rows: 2, columns: 3, values: [1, 0, 0, 1, .nan, 0])
        #expect(throws: ExperimentError.nonFiniteDescriptor(stage: "describe queries", image: "c.jpg", value: "nan", row: 0)) {
            try m.requireFinite(images: images, stage: "describe queries")
        }
        #expect(String(describing: ExperimentError.nonFiniteDescriptor(stage: "describe queries", image: "c.jpg", value: "nan", row: 0))
                == "describe queries: the descriptor of c.jpg has a non-finite component (nan at row 0); check the image "
                + "and the descriptor's parameters (a cached entry is verified, so it is not the cache).")
    }

    @Test func anInfinityNamesItsImage() {
        let m = Matrix(rows: 2, columns: 3, values: [1, 0, 0, -.infinity, 0, 1])
        #expect(throws: ExperimentError.nonFiniteDescriptor(stage: "s", image: "b.jpg", value: "-inf", row: 1)) {
            try m.requireFinite(images: images, stage: "s")
        }
    }
}
