import Configuration
import Datasets
import Foundation
import Imaging

/// How an image file becomes the pixels a descriptor sees: decode → EXIF policy → crop (queries with a box) →
/// resize. Recorded with every run (`summary`) and part of every cache key (`fingerprint`).
///
/// Crop rule: the box is rounded as Pillow's `Image.crop` (half to even), and the crop is resized by the **same
/// factor as its full image** (`maxSide / max(full width, full height)`, never above 1), so a query crop is described
/// at the scale of the database images — cirtorch's `image_size · max(crop side) / max(full side)` rule.
///
/// Upscaling: off by default (cirtorch keeps smaller images); with `upscale`, an image whose longer side is below
/// `maxSide` is enlarged to it, and its crops by the same factor.
///
/// Multi-scale (`scale` s ≠ 1, cirtorch's `extract_ms`): the image is first fitted to `maxSide` as above, and the
/// result scaled by s — here in one resize from the decoded image with the configured filter,
/// where cirtorch interpolates the prepared tensor bilinearly without antialiasing. Upscaling happens for s > 1.
struct ImagePreparation: Sendable, Equatable {
    var maxSide: Int
    var filter: ResizeFilter
    var exif: ExifPolicy
    var scale: Double = 1
    var upscale = false

    var summary: String {
        "resize: longest side → \(maxSide) (\(upscale ? "smaller images upscaled" : "no upscaling"); shorter side rounded half away from zero), filter \(filter.rawValue); "
            + "EXIF: \(exif.rawValue); crop: Pillow rounding (half to even), then scaled as its full image"
            + (scale == 1 ? "" : "; then scaled by \(scale) (longer side rounded half away from zero)")
    }

    var fingerprint: String { DecodedText.render(self) }

    func prepare(_ url: URL, crop: BoundingBox?) throws -> Image {
        let full = try ImageDecoder.load(url, exif: exif)
        guard maxSide > 0 else {
            return crop.map { full.cropped(x1: $0.x1, y1: $0.y1, x2: $0.x2, y2: $0.y2) } ?? full
        }
        let long = max(full.width, full.height)
        let fitted = upscale ? maxSide : min(maxSide, long)
        let scale = Double(fitted) / Double(long) * self.scale
        guard let crop else {
            if self.scale == 1 {
                let (w, h) = full.sizeFitting(maxSide: maxSide, upscale: upscale)
                return full.resized(width: w, height: h, filter: filter)
            }
            let side = max(1, Int((Double(fitted) * self.scale).rounded()))
            let (w, h) = full.sizeFitting(maxSide: side, upscale: true)
            return full.resized(width: w, height: h, filter: filter)
        }
        let region = full.cropped(x1: crop.x1, y1: crop.y1, x2: crop.x2, y2: crop.y2)
        let w = max(1, Int((Double(region.width) * scale).rounded())), h = max(1, Int((Double(region.height) * scale).rounded()))
        return region.resized(width: w, height: h, filter: filter)
    }
}
