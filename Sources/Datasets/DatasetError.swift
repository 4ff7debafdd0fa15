/// Errors of the Datasets module; each names the dataset, the file (and line) and what to do.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case missingRoot(dataset: String, path: String)
    case missingFile(dataset: String, path: String)
    case malformed(file: String, line: Int, problem: String)
    case emptyGroundTruth(file: String)
    case missingImage(dataset: String, listedIn: String, image: String, root: String)
    case unknownProtocol(dataset: String, name: String, known: [String])
    case unknownDataset(name: String, known: [String])
    case noQueries(dataset: String, protocolName: String)

    public var description: String {
        switch self {
        case .missingRoot(let dataset, let path):
            "\(dataset): the dataset root \(path) does not exist; point dataset.root at the dataset's folder."
        case .missingFile(let dataset, let path):
            "\(dataset): \(path) is missing; the dataset's ground truth must be in its root folder."
        case .malformed(let file, let line, let problem):
            "\(file):\(line): \(problem)."
        case .emptyGroundTruth(let file):
            "\(file): the ground truth is empty; expected a header and one line per image."
        case .missingImage(let dataset, let listedIn, let image, let root):
            "\(dataset): \(listedIn) names \(image), which is not in the dataset (\(root))."
        case .unknownProtocol(let dataset, let name, let known):
            "\(dataset): unknown protocol '\(name)'.\(suggestion(name, known)) Known: \(known.joined(separator: ", "))."
        case .unknownDataset(let name, let known):
            "unknown dataset '\(name)'.\(suggestion(name, known)) Known: \(known.joined(separator: ", "))."
        case .noQueries(let dataset, let protocolName):
            "\(dataset) (\(protocolName)): no query has a positive; check the ground truth and the protocol."
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
