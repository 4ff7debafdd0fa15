import Foundation
import Imaging
import RetrievalCore
import TestSupport

/// A miniature of every benchmark in its exact layout under one folder (`<folder>/<name>/`, as the shipped configs
/// expect under `../shared/datasets`): synthetic images under the datasets' real file names, the real Oxford
/// ground-truth text files (two queries), and in the published formats where the real files are not here (Paris text
/// files, revisitop pickles) with real image names and boxes.
///
/// Images are PNG-encoded textures (the decoder reads by content, not by suffix): the images of one landmark query
/// share a texture, shifted; every other image has its own. Landmark images are 1024×768 so that the real query
/// boxes fall inside them; Holidays and UKBench images are 512×384.
enum MiniatureDatasets {
    /// The queries each miniature has under its configs' protocols.
    static let queries = ["oxford5k": 2, "paris6k": 1, "roxford5k": 1, "rparis6k": 1, "holidays": 2, "ukbench": 8]

    static let oxfordGroup = ["pitt_rivers_000033", "pitt_rivers_000119", "pitt_rivers_000153", "pitt_rivers_000087",
                              "pitt_rivers_000115", "pitt_rivers_000058", "pitt_rivers_000055", "pitt_rivers_000190"]
    static let oxfordOthers = ["all_souls_000000", "oxford_002124", "radcliffe_camera_000158"]
    /// Query 1 of the real `gnd_paris6k.pkl` (image, box) with some of its `ok` and `junk` images.
    static let parisGroup = ["paris_defense_000605", "paris_defense_000060", "paris_defense_000101",
                             "paris_defense_000280", "paris_defense_000077"]
    static let parisOthers = ["paris_eiffel_000000", "paris_louvre_000001", "paris_triomphe_000002"]

    /// Writes every miniature into `folder`; nil (skip message printed) without the shared Oxford ground truth.
    static func write(into folder: URL) throws -> Bool {
        guard let oxfordText = SharedData.directory("groundtruth/oxford5k/gt_files_170407") else {
            print(SharedData.missingMessage("groundtruth/oxford5k/gt_files_170407")); return false
        }
        var random = SplitMix64(seed: 16)
        let fm = FileManager.default
        func texture(_ width: Int, _ height: Int) -> [UInt8] {
            let block = width / 32
            let colours = (0..<(32 * 24 * 3)).map { _ in UInt8(random.int(256)) }
            return (0..<(width * height * 3)).map { i in
                let p = i / 3, x = (p % width) / block, y = (p / width) / block
                return colours[(min(y, 23) * 32 + min(x, 31)) * 3 + i % 3]
            }
        }
        func write(_ names: [String], to dir: URL, width: Int = 1024, height: Int = 768, shared: Bool) throws {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            var base = texture(width, height)
            for (i, name) in names.enumerated() {
                if !shared { base = texture(width, height) }
                let shift = shared ? 3 * i * 3 : 0
                let pixels = (0..<base.count).map { base[($0 + shift) % base.count] }
                try Image(width: width, height: height, channels: 3, pixels: pixels).pngData()
                    .write(to: dir.appendingPathComponent("\(name).jpg"))
            }
        }
        // Oxford5k: jpg/ + the real text files of pitt_rivers_1 and pitt_rivers_3.
        let oxford = folder.appendingPathComponent("oxford5k")
        try write(oxfordGroup, to: oxford.appendingPathComponent("jpg"), shared: true)
        try write(oxfordOthers, to: oxford.appendingPathComponent("jpg"), shared: false)
        let gt = oxford.appendingPathComponent("gt_files_170407")
        try fm.createDirectory(at: gt, withIntermediateDirectories: true)
        for query in ["pitt_rivers_1", "pitt_rivers_3"] {
            for kind in ["query", "good", "ok", "junk"] {
                try fm.copyItem(at: oxfordText.appendingPathComponent("\(query)_\(kind).txt"),
                                to: gt.appendingPathComponent("\(query)_\(kind).txt"))
            }
        }
        // Paris6k: jpg/ + text files in the published format (gt_files/defense_1_*.txt).
        let paris = folder.appendingPathComponent("paris6k")
        try write(parisGroup, to: paris.appendingPathComponent("jpg"), shared: true)
        try write(parisOthers, to: paris.appendingPathComponent("jpg"), shared: false)
        try fm.createDirectory(at: paris.appendingPathComponent("gt_files"), withIntermediateDirectories: true)
        for (kind, text) in [("query", "paris_defense_000605 130 17 843 732\n"),
                             ("good", "paris_defense_000060\nparis_defense_000101\n"),
                             ("ok", "paris_defense_000280\n"), ("junk", "paris_defense_000077\n")] {
            try text.write(to: paris.appendingPathComponent("gt_files/defense_1_\(kind).txt"), atomically: true, encoding: .utf8)
        }
        // ROxford5k / RParis6k: the same images, revisitop's pickle (queries not in imlist).
        for (name, base, box) in [("roxford5k", oxford, [68.3, 51.2, 989.9, 682.7]), ("rparis6k", paris, [130.0, 17, 843, 732])] {
            let root = folder.appendingPathComponent(name)
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
            try fm.copyItem(at: base.appendingPathComponent("jpg"), to: root.appendingPathComponent("jpg"))
            let group = name == "roxford5k" ? oxfordGroup : parisGroup
            let imlist = Array(group.dropFirst()) + (name == "roxford5k" ? oxfordOthers : parisOthers)
            try PickleWriter.revisited(imlist: imlist, qimlist: [group[0]],
                                       gnd: [(bbx: box, easy: [0, 1], hard: [2], junk: [3])])
                .write(to: root.appendingPathComponent("gnd_\(name).pkl"))
        }
        // Holidays: jpg_rotated/NNNNNN.jpg, two groups; UKBench: full/ukbenchNNNNN.jpg, two groups of four.
        let holidays = folder.appendingPathComponent("holidays/jpg_rotated")
        try write(["100000", "100001", "100002"], to: holidays, width: 512, height: 384, shared: true)
        try write(["100100", "100101"], to: holidays, width: 512, height: 384, shared: true)
        let ukbench = folder.appendingPathComponent("ukbench/full")
        for group in 0..<2 {
            try write((0..<4).map { String(format: "ukbench%05d", group * 4 + $0) }, to: ukbench, width: 512, height: 384,
                      shared: true)
        }
        return true
    }
}
