import Foundation

/// `cbir datasets verify NAME --root DIR`: the images and ground truth of a dataset root against the counts and
/// SHA-256 values `DatasetSource` ships, naming what is missing, extra or different.
public struct DatasetVerification: Sendable, Equatable, CustomStringConvertible {
    public struct GroundTruthCheck: Sendable, Equatable {
        public var path: String
        /// The computed SHA-256; nil when the file is absent.
        public var sha256: String?
        public var expected: String?
        public var matches: Bool { sha256 != nil && (expected == nil || sha256 == expected) }
    }

    public var name: String
    public var root: String
    public var imageFolder: String
    public var imagesFound: Int
    public var imagesExpected: Int?
    /// SHA-256 of the list of images found (`DatasetChecksum.imageList`) and the shipped value.
    public var imageListSHA256: String
    public var expectedImageListSHA256: String?
    /// Where the complete list came from, when one was available to name missing and extra images.
    public var listFrom: String?
    /// Images the list names that are not in the image folder; images there that it does not name (both sorted).
    public var missing: [String]
    public var extra: [String]
    /// Shipped ground-truth files present (with their checksums), or, when none is, the accepted names as absent.
    public var groundTruth: [GroundTruthCheck]
    /// Ground-truth files present without a shipped checksum.
    public var unshippedGroundTruth: [String]
    /// Where the layout puts the images (the first line of `DatasetSource.layout`), shown when none is found.
    public var layoutHint: String

    /// True when nothing is missing, extra or different.
    public var passed: Bool {
        guard imagesExpected.map({ $0 == imagesFound }) ?? true, missing.isEmpty, extra.isEmpty else { return false }
        guard expectedImageListSHA256.map({ $0 == imageListSHA256 }) ?? true else { return false }
        let present = groundTruth.filter { $0.sha256 != nil }
        guard !present.isEmpty || !unshippedGroundTruth.isEmpty || groundTruth.isEmpty else { return false }
        return present.allSatisfy(\.matches)
    }

    /// Verifies dataset `name` at `root`.
    public static func verify(name: String, root: URL) throws -> DatasetVerification {
        let source = try DatasetSource.named(name)
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw DatasetError.missingRoot(dataset: name, path: root.path)
        }
        let inventory = DatasetInventory(source: source, root: root)
        let shipped = inventory.groundTruth(in: root)
        let unshipped = inventory.unshippedGroundTruth(in: root)
        // Without any ground truth, the accepted files are listed as not found.
        let checks = shipped.isEmpty && unshipped.isEmpty
            ? source.groundTruth.map { GroundTruthCheck(path: $0.path, sha256: nil, expected: $0.sha256) }
            : shipped.map { GroundTruthCheck(path: $0.file.path, sha256: $0.sha256, expected: $0.file.sha256) }
        let expected = inventory.expectedIDs
        return DatasetVerification(
            name: name, root: root.path, imageFolder: inventory.imageFolder, imagesFound: inventory.imageIDs.count,
            imagesExpected: source.images, imageListSHA256: DatasetChecksum.imageList(inventory.imageIDs),
            expectedImageListSHA256: source.imageListSHA256, listFrom: inventory.expectedFrom,
            missing: expected.map { $0.subtracting(inventory.imageIDs).sorted() } ?? [],
            extra: expected.map { inventory.imageIDs.subtracting($0).sorted() } ?? [],
            groundTruth: checks, unshippedGroundTruth: unshipped,
            layoutHint: source.layout.first ?? "")
    }

    public var description: String {
        func sample(_ items: [String]) -> String {
            items.prefix(10).joined(separator: ", ") + (items.count > 10 ? ", … (\(items.count - 10) more)" : "")
        }
        let folder = imageFolder.isEmpty ? "the root" : imageFolder
        var text = "\(name) at \(root)\n"
        let hint = layoutHint.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        text += imagesFound == 0 && !hint.isEmpty ? "  images:       none found (layout: \(hint))"
            : "  images:       \(imagesFound) in \(folder)"
        text += imagesExpected.map { ", expected \($0)" } ?? ""
        text += listFrom.map { " (list from \($0))" } ?? " (no complete list here: counts and checksum only)"
        text += "\n  image list:   SHA-256 \(imageListSHA256)"
        if let shipped = expectedImageListSHA256 {
            text += shipped == imageListSHA256 ? " — verified\n" : " — DIFFERENT from the shipped \(shipped)\n"
        } else {
            text += " — no shipped value\n"
        }
        if !missing.isEmpty { text += "  missing (\(missing.count)): \(sample(missing))\n" }
        if !extra.isEmpty { text += "  extra (\(extra.count)):   \(sample(extra))\n" }
        for check in groundTruth {
            if let sha = check.sha256 {
                text += "  ground truth: \(check.path) SHA-256 \(sha)"
                text += check.matches ? " — verified\n" : " — DIFFERENT from the shipped \(check.expected ?? "")\n"
            } else {
                text += "  ground truth: \(check.path) — not found\n"
            }
        }
        for file in unshippedGroundTruth { text += "  ground truth: \(file) — present (no shipped checksum)\n" }
        if groundTruth.isEmpty && unshippedGroundTruth.isEmpty {
            text += "  ground truth: \(name == "ukbench" || name == "holidays" ? "in the file names" : "none found")\n"
        }
        var problems: [String] = []
        if let expected = imagesExpected, expected != imagesFound { problems.append("\(imagesFound) of \(expected) images") }
        if !missing.isEmpty { problems.append("\(missing.count) missing") }
        if !extra.isEmpty { problems.append("\(extra.count) extra") }
        if let shipped = expectedImageListSHA256, shipped != imageListSHA256 { problems.append("image list differs") }
        if groundTruth.contains(where: { $0.sha256 != nil && !$0.matches }) { problems.append("ground truth differs") }
        if !passed && problems.isEmpty { problems.append("no ground truth") }
        text += passed ? "  result:       verified\n" : "  result:       NOT verified (\(problems.joined(separator: ", ")))\n"
        return text
    }
}
