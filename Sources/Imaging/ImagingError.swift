/// Errors of the Imaging module; each names the file and what to do.
public enum ImagingError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String)
    case unsupportedFormat(file: String)
    case corrupt(file: String, reason: String)
    case tooManyPixels(file: String, width: Int, height: Int, limit: Int)

    public var description: String {
        switch self {
        case .unreadable(let file):
            "\(file): cannot read the image file; check that it exists and is readable."
        case .unsupportedFormat(let file):
            "\(file): not a JPEG or PNG image; convert it or remove it from the dataset."
        case .corrupt(let file, let reason):
            "\(file): the image is truncated or corrupt (\(reason)); re-download or replace the file."
        case .tooManyPixels(let file, let width, let height, let limit):
            "\(file): \(width)×\(height) pixels exceed the limit of \(limit) (Pillow's decompression-bomb limit); "
                + "downscale the image, or raise the limit if it is genuine."
        }
    }
}
