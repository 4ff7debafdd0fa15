import Foundation

/// Recognises the most common layout mistake: images extracted one folder too deep (`jpg/oxbuild_images/*.jpg`,
/// Paris's `jpg/paris/louvre/*.jpg`), so that the loader can name the fix instead of a missing image.
enum ImageLayout {
    /// The folder (relative to `root`) below `root/folder` that holds `file`, searched up to three levels deep;
    /// nil when it is nowhere below.
    static func nestedFolder(of file: String, below root: URL, folder: String) -> String? {
        search(root.appendingPathComponent(folder), prefix: folder, depth: 3) { names in names.contains(file) }
    }

    /// The first folder below `root/folder` (up to three levels) that holds `.jpg` files.
    static func nestedFolder(containingJPEGsBelow root: URL, folder: String) -> String? {
        search(root.appendingPathComponent(folder), prefix: folder, depth: 3) { names in
            names.contains { $0.hasSuffix(".jpg") }
        }
    }

    private static func search(_ directory: URL, prefix: String, depth: Int, holds: ([String]) -> Bool) -> String? {
        guard depth > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return nil }
        for name in names.sorted() where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
                  let inside = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { continue }
            if holds(inside) { return prefix + name + "/" }
            if let deeper = search(url, prefix: prefix + name + "/", depth: depth - 1, holds: holds) { return deeper }
        }
        return nil
    }
}
