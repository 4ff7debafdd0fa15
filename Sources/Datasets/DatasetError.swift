/// Errors of the Datasets module; each names the dataset, the file (and line) and what to do.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case missingRoot(dataset: String, path: String)
    case missingFile(dataset: String, path: String)
    /// `line` is 1-based; 0 when the problem has no line (a pickle, a file name).
    case malformed(file: String, line: Int, problem: String)
    case emptyGroundTruth(file: String)
    /// A ground-truth file that its reader (pickle, MAT) rejects; `reason` is the reader's message.
    case unreadable(file: String, reason: String)
    /// `image` (as the ground truth spells it) named in `listedIn` (a file, or `file:line`) is not in `folder`
    /// (relative to the dataset root, e.g. `images/`; empty for the root itself) under `root`.
    case missingImage(dataset: String, listedIn: String, image: String, folder: String, root: String)
    case unknownProtocol(dataset: String, name: String, known: [String])
    case unknownDataset(name: String, known: [String])
    case noQueries(dataset: String, protocolName: String)
    /// An object subset (`first`…`last`, 1-based) outside the dataset's `count` objects, or on a dataset without
    /// object labels.
    case objectSubset(dataset: String, first: Int, last: Int, count: Int?)
    /// `image` (a file name) is not in `folder` but in `nestedIn`, a folder below it (both relative to `root`).
    case nestedImages(dataset: String, image: String, folder: String, nestedIn: String, root: String)
    /// Holidays images found only in `jpg/`, the folder of the authors' original (partly unrotated) archives.
    case unrotatedHolidays(root: String)
    /// `cbir datasets prepare`: a source that cannot be used (`problem`), with what to do (`hint`).
    case preparation(dataset: String, source: String, problem: String, hint: String)

    public var description: String {
        switch self {
        case .objectSubset(let dataset, let first, let last, let count):
            count.map { "\(dataset): objects \(first)–\(last) are not within its \(String($0)) objects; choose a range within 1…\($0)." }
                ?? "\(dataset): has no object labels, so objects \(first)–\(last) cannot be selected; drop `objects`."
        case .missingRoot(let dataset, let path):
            "\(dataset): the dataset root \(path) does not exist; point dataset.root at the dataset's folder."
        case .missingFile(let dataset, let path):
            "\(dataset): \(path) is missing; the dataset's ground truth must be in its root folder."
        case .malformed(let file, let line, let problem):
            line > 0 ? "\(file):\(line): \(problem)." : "\(file): \(problem)."
        case .emptyGroundTruth(let file):
            "\(file): the ground truth is empty; expected a header and one line per image."
        case .unreadable(let file, let reason):
            "\(file): cannot be read as ground truth: \(reason); replace it with an intact copy."
        case .missingImage(let dataset, let listedIn, let image, let folder, let root):
            "\(dataset): \(listedIn) names \(image), which is not in \(folder.isEmpty ? "the dataset root" : folder) (\(root)). "
                + "Add it, or list every missing image with `cbir datasets verify \(dataset) --root \(root)`."
        case .unknownProtocol(let dataset, let name, let known):
            "\(dataset): unknown protocol '\(name)'.\(suggestion(name, known)) Known: \(known.joined(separator: ", "))."
        case .unknownDataset(let name, let known):
            "unknown dataset '\(name)'.\(suggestion(name, known)) Known: \(known.joined(separator: ", "))."
        case .noQueries(let dataset, let protocolName):
            "\(dataset) (\(protocolName)): no query has a positive; check the ground truth and the protocol."
        case .nestedImages(let dataset, let image, let folder, let nestedIn, let root):
            "\(dataset): \(image) found in \(nestedIn), a folder below \(folder.isEmpty ? "the dataset root" : folder) (\(root)); "
                + "expected the images directly in \(folder.isEmpty ? "the root" : folder). Run `cbir datasets prepare "
                + "\(dataset) --from \(root)/\(nestedIn) --root \(root)` (it links them into place), or move them up."
        case .unrotatedHolidays(let root):
            "holidays: the images are in jpg/ (\(root)), the folder of the original archives jpg1/jpg2.tar.gz, in which "
                + "some photos lie on their side (every method's mAP drops on them); expected upright images in jpg_rotated/. "
                + "Run `cbir datasets prepare holidays --from holidays_rotated.tar.gz --root \(root)`, or rotate the "
                + "images yourself and move them to jpg_rotated/."
        case .preparation(let dataset, let source, let problem, let hint):
            "\(dataset): \(source): \(problem). \(hint)"
        }
    }
}

/// " Did you mean 'x'?" for the known name nearest to `name` (edit distance ≤ max(2, |name|/3)), else "".
func suggestion(_ name: String, _ known: [String]) -> String {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
    let scored = known.map { ($0, distance(Array(name), Array($0))) }.min { $0.1 < $1.1 }
    guard let (best, d) = scored, d <= max(2, name.count / 3) else { return "" }
    return " Did you mean '\(best)'?"
}
