import Datasets
import RetrievalCore

extension Matrix {
    /// Throws `ExperimentError.nonFiniteDescriptor` naming the image of the first column (column j describes
    /// `images[j]`) with a NaN or infinite component: search would rank it arbitrarily and every AP would be wrong
    /// without a sign.
    func requireFinite(images: [ImageRecord], stage: String) throws {
        guard rows > 0 else { return }
        guard let index = values.firstIndex(where: { !$0.isFinite }) else { return }
        let column = index / rows
        throw ExperimentError.nonFiniteDescriptor(stage: stage, image: column < images.count ? images[column].id : "#\(column)",
                                                  value: String(values[index]), row: index % rows)
    }
}
