import Datasets
import Foundation
import Testing
import TestSupport

/// `prepare` on miniature archives in the authors' naming, then the catalog loads what it laid out.
@Suite struct DatasetPreparationTests {
    /// `oxbuild_images.tgz` (flat images) + `gt_files_170407.tgz` (the real text files of two queries): images linked
    /// into `jpg/`, text files into `gt_files_170407/`; the catalog loads both queries with their crops.
    @Test func oxfordFromItsTwoArchives() throws {
        guard let text = try MiniatureArchive.oxfordTextFiles(["pitt_rivers_1", "pitt_rivers_3"]) else { return }
        let dir = try SharedData.temporaryDirectory("prepare-oxford")
        let names = MiniatureArchive.imagesNamed(by: text) + ["all_souls_000000"]
        var gt = text
        gt["readme.md"] = Data("not ground truth".utf8)
        let images = try MiniatureArchive.make("oxbuild_images.tgz", in: dir, files: MiniatureArchive.images(names))
        let truth = try MiniatureArchive.make("gt_files_170407.tgz", in: dir, files: gt)
        let root = dir.appendingPathComponent("oxford5k")
        let report = try DatasetPreparation.prepare(name: "oxford5k", from: [images, truth], root: root)
        #expect(report.linked == ["jpg/": names.count, "gt_files_170407/": 8])
        #expect(!report.verification.passed)   // a miniature: 9 of 5,063 images
        #expect(report.verification.imagesFound == names.count && report.verification.imagesExpected == 5063)
        let link = root.appendingPathComponent("jpg/pitt_rivers_000033.jpg").path
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link).hasSuffix(".archives/oxbuild_images.tgz/pitt_rivers_000033.jpg"))
        let b = try DatasetCatalog.load(name: "oxford5k", root: root, protocolName: "standard")
        #expect(b.database.count == names.count)
        #expect(b.queries.map(\.id) == ["pitt_rivers_1", "pitt_rivers_3"])
        #expect(b.queries[0].crop == BoundingBox(x1: 68.3, y1: 51.2, x2: 989.9, y2: 682.7))
        // Preparing again replaces the links (no error, same layout).
        #expect(try DatasetPreparation.prepare(name: "oxford5k", from: [images, truth], root: root).linked == report.linked)
    }

    /// `paris_1.tgz` holds `paris/<landmark>/*.jpg` and one of the authors' corrupt files: flattened into `jpg/`,
    /// the corrupt file skipped; the ground truth from a folder source.
    @Test func parisFlattensAndSkipsTheCorruptFiles() throws {
        let dir = try SharedData.temporaryDirectory("prepare-paris")
        let names = ["paris_defense_000605", "paris_defense_000060", "paris_defense_000101", "paris_defense_000077"]
        var files = MiniatureArchive.images(names, folder: "paris/defense")
        files["paris/louvre/paris_louvre_000136.jpg"] = Data("<html>302 Found</html>".utf8)
        let archive = try MiniatureArchive.make("paris_1.tgz", in: dir, files: files)
        let gt = dir.appendingPathComponent("paris_120310")
        try FileManager.default.createDirectory(at: gt, withIntermediateDirectories: true)
        for (kind, text) in [("query", "paris_defense_000605 130 17 843 732"), ("good", "paris_defense_000060\n"),
                             ("ok", "paris_defense_000101\n"), ("junk", "paris_defense_000077\n")] {
            try text.write(to: gt.appendingPathComponent("defense_1_\(kind).txt"), atomically: true, encoding: .utf8)
        }
        let root = dir.appendingPathComponent("paris6k")
        let report = try DatasetPreparation.prepare(name: "paris6k", from: [archive, gt], root: root)
        #expect(report.linked == ["jpg/": 4, "gt_files/": 4])
        #expect(report.skipped == ["paris_louvre_000136.jpg (from paris_1.tgz): listed in the authors' corrupt.txt (not an image)"])
        let b = try DatasetCatalog.load(name: "paris6k", root: root, protocolName: "standard")
        #expect(b.database.map(\.id) == names.sorted())
        #expect(b.queries.map(\.image.id) == ["paris_defense_000605"])
    }

    /// Oxford105k: the Oxford archives plus the extracted Flickr100k folder; the distractors are linked under
    /// `jpg/flickr100k/` and listed in `distractors.txt`, and the catalog adds them to the database.
    @Test func oxford105kAddsTheDistractorFolder() throws {
        guard let text = try MiniatureArchive.oxfordTextFiles(["pitt_rivers_1"]) else { return }
        let dir = try SharedData.temporaryDirectory("prepare-105k")
        let names = MiniatureArchive.imagesNamed(by: text)
        let images = try MiniatureArchive.make("oxbuild_images.tgz", in: dir, files: MiniatureArchive.images(names))
        let truth = try MiniatureArchive.make("gt_files_170407.tgz", in: dir, files: text)
        let flickr = try ImageFolderLayout.layOut(["06/06_000014", "yellow/yellow_002857"],
                                                  in: dir.appendingPathComponent("oxc1_100k"), folder: "")
        let root = dir.appendingPathComponent("oxford105k")
        let report = try DatasetPreparation.prepare(name: "oxford105k", from: [images, truth, flickr], root: root)
        #expect(report.linked == ["jpg/": names.count, "gt_files_170407/": 4, "jpg/flickr100k/": 2])
        #expect(try String(contentsOf: root.appendingPathComponent("distractors.txt"), encoding: .utf8)
                == "flickr100k/06/06_000014\nflickr100k/yellow/yellow_002857\n")
        let b = try DatasetCatalog.load(name: "oxford105k", root: root, protocolName: "standard")
        #expect(b.database.count == names.count + 2)
        #expect(b.database.contains { $0.id == "flickr100k/06/06_000014" })
        #expect(report.verification.imagesFound == names.count + 2)
    }

    /// The shipped corrupt list is the authors' (none of them is in the real `gnd_paris6k.pkl`, 6,392 images).
    @Test func theCorruptParisFilesAreNotInTheRealGroundTruth() throws {
        guard let pickle = SharedData.directory("groundtruth/paris6k/gnd_paris6k.pkl") else {
            print(SharedData.missingMessage("groundtruth/paris6k/gnd_paris6k.pkl")); return
        }
        let images = try LandmarkGroundTruth.pickle(pickle, dataset: "paris6k").images
        #expect(images.count == 6392 && DatasetPreparation.parisCorrupt.count == 20)
        #expect(DatasetPreparation.parisCorrupt.isDisjoint(with: images))
        let landmarks = Set(images.map { $0.split(separator: "_")[1] })
        #expect(DatasetPreparation.parisCorrupt.allSatisfy { landmarks.contains($0.split(separator: "_")[1]) })
    }

    /// revisitop's pickle with the Oxford images: the query images are not in `imlist` (4,993 + 70 on the real
    /// dataset) and are read from `jpg/` all the same.
    @Test func revisitedOxfordFromThePickleAndTheImages() throws {
        let dir = try SharedData.temporaryDirectory("prepare-roxford")
        let database = ["pitt_rivers_000012", "pitt_rivers_000013", "pitt_rivers_000045", "pitt_rivers_000137"]
        let images = try MiniatureArchive.make("oxbuild_images.tgz", in: dir,
                                               files: MiniatureArchive.images(database + ["pitt_rivers_000033"]))
        let pickle = dir.appendingPathComponent("gnd_roxford5k.pkl")
        try PickleWriter.revisited(imlist: database, qimlist: ["pitt_rivers_000033"],
                                   gnd: [(bbx: [68.3, 51.2, 989.9, 682.7], easy: [0], hard: [1], junk: [2])]).write(to: pickle)
        let root = dir.appendingPathComponent("roxford5k")
        let report = try DatasetPreparation.prepare(name: "roxford5k", from: [images, pickle], root: root)
        #expect(report.linked == ["jpg/": 5, "": 1])
        #expect(report.verification.listFrom == "gnd_roxford5k.pkl" && report.verification.missing.isEmpty)
        let b = try DatasetCatalog.load(name: "roxford5k", root: root, protocolName: "hard")
        #expect(b.database.map(\.id) == database)
        #expect(b.queries.map(\.image.id) == ["pitt_rivers_000033"])
        #expect(b.queries[0].judgement.positives == [1] && b.queries[0].judgement.junk == [0, 2])
    }

    /// Holidays: the original archives are refused (photos on their side), the rotated set goes to `jpg_rotated/`,
    /// and a root whose images sit in `jpg/` is refused by the loader with the fix.
    @Test func holidaysOnlyFromTheRotatedSet() throws {
        let dir = try SharedData.temporaryDirectory("prepare-holidays")
        let names = ["100000", "100001", "100100", "100101"]
        let originals = try MiniatureArchive.make("jpg1.tar.gz", in: dir, files: MiniatureArchive.images(names, folder: "jpg"))
        let root = dir.appendingPathComponent("holidays")
        #expect(throws: DatasetError.preparation(
            dataset: "holidays", source: originals.path,
            problem: "not the upright Holidays set (the original jpg1/jpg2.tar.gz hold photos lying on their side)",
            hint: "Prepare from holidays_rotated.tar.gz, or rotate the images yourself and add --rotated.")) {
            try DatasetPreparation.prepare(name: "holidays", from: [originals], root: root)
        }
        let rotated = try MiniatureArchive.make("holidays_rotated.tar.gz", in: dir,
                                                files: MiniatureArchive.images(names, folder: "holidays"))
        let report = try DatasetPreparation.prepare(name: "holidays", from: [rotated], root: root)
        #expect(report.linked == ["jpg_rotated/": 4])
        #expect(try DatasetCatalog.load(name: "holidays", root: root, protocolName: "standard").queries.count == 2)

        let unrotated = try ImageFolderLayout.layOut(names, in: SharedData.temporaryDirectory("holidays-jpg"), folder: "jpg")
        #expect(throws: DatasetError.unrotatedHolidays(root: unrotated.path)) {
            try DatasetCatalog.load(name: "holidays", root: unrotated, protocolName: "standard")
        }
        #expect(DatasetError.unrotatedHolidays(root: "/data/holidays").description
                == "holidays: the images are in jpg/ (/data/holidays), the folder of the original archives jpg1/jpg2.tar.gz, "
                + "in which some photos lie on their side (every method's mAP drops on them); expected upright images in "
                + "jpg_rotated/. Run `cbir datasets prepare holidays --from holidays_rotated.tar.gz --root /data/holidays`, "
                + "or rotate the images yourself and move them to jpg_rotated/.")
    }

    /// UKBench: only the `full/` folder of the archive is the benchmark's.
    @Test func ukbenchTakesTheFullFolder() throws {
        let dir = try SharedData.temporaryDirectory("prepare-ukbench")
        let names = (0..<8).map { String(format: "ukbench%05d", $0) }
        let source = dir.appendingPathComponent("ukbench")
        try ImageFolderLayout.layOut(names, in: source, folder: "full")
        try ImageFolderLayout.layOut(names, in: source, folder: "med")
        let root = dir.appendingPathComponent("root")
        let report = try DatasetPreparation.prepare(name: "ukbench", from: [source], root: root)
        #expect(report.linked == ["full/": 8])
        #expect(report.verification.missing.count == 10_192 && report.verification.missing.first == "ukbench00008")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("full/ukbench00000.jpg").path)
        #expect(link == source.appendingPathComponent("full/ukbench00000.jpg").standardizedFileURL.path)
        #expect(try DatasetCatalog.load(name: "ukbench", root: root, protocolName: "standard").queries.count == 8)
    }

    /// Images one folder too deep (the archive's own folder kept under `jpg/`): one error naming the fix, and the
    /// fix works.
    @Test func nestedImagesAreOneErrorNamingTheFix() throws {
        guard let text = try MiniatureArchive.oxfordTextFiles(["pitt_rivers_1"]) else { return }
        let root = try SharedData.temporaryDirectory("nested")
        try ImageFolderLayout.layOut(MiniatureArchive.imagesNamed(by: text), in: root, folder: "jpg/oxbuild_images")
        let gt = root.appendingPathComponent("gt_files_170407")
        try FileManager.default.createDirectory(at: gt, withIntermediateDirectories: true)
        for (file, data) in text { try data.write(to: gt.appendingPathComponent(file)) }
        let error = DatasetError.nestedImages(dataset: "oxford5k", image: "pitt_rivers_000033.jpg", folder: "jpg/",
                                              nestedIn: "jpg/oxbuild_images/", root: root.path)
        #expect(throws: error) { try DatasetCatalog.load(name: "oxford5k", root: root, protocolName: "standard") }
        #expect(error.description == "oxford5k: pitt_rivers_000033.jpg found in jpg/oxbuild_images/, a folder below jpg/ "
                + "(\(root.path)); expected the images directly in jpg/. Run `cbir datasets prepare oxford5k --from "
                + "\(root.path)/jpg/oxbuild_images/ --root \(root.path)` (it links them into place), or move them up.")
        _ = try DatasetPreparation.prepare(name: "oxford5k", from: [root.appendingPathComponent("jpg/oxbuild_images")], root: root)
        #expect(try DatasetCatalog.load(name: "oxford5k", root: root, protocolName: "standard").queries.count == 1)
        // UKBench unzipped inside full/: the same error for a folder of images.
        let ukbench = try ImageFolderLayout.layOut(["ukbench00000", "ukbench00001"], in: SharedData.temporaryDirectory("nested-ukbench"),
                                                   folder: "full/ukbench/full")
        #expect(throws: DatasetError.nestedImages(dataset: "ukbench", image: "the .jpg files", folder: "full/",
                                                  nestedIn: "full/ukbench/full/", root: ukbench.path)) {
            try DatasetCatalog.load(name: "ukbench", root: ukbench, protocolName: "standard")
        }
    }

    @Test func unsupportedDatasetsAndMissingSourcesNameWhatToDo() throws {
        let root = try SharedData.temporaryDirectory("prepare-bad")
        #expect(throws: DatasetError.unknownDataset(name: "oxford", known: DatasetSource.all.map(\.name))) {
            try DatasetPreparation.prepare(name: "oxford", from: [], root: root)
        }
        let missing = root.appendingPathComponent("oxbuild_images.tgz")
        #expect(throws: DatasetError.preparation(dataset: "oxford5k", source: missing.path, problem: "does not exist",
                                                 hint: "Download it from https://www.robots.ox.ac.uk/~vgg/data/oxbuildings/ (the suite never downloads).")) {
            try DatasetPreparation.prepare(name: "oxford5k", from: [missing], root: root)
        }
    }
}
