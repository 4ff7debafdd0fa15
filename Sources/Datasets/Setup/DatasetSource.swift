/// Where each benchmark comes from and what a complete copy holds: the authors' page and archive names (the suite
/// never downloads), the folder layout the adapters read, licence terms, citation, and the values `verify` checks
/// against.
///
/// Shipped values and their sources:
/// - image counts: the ground truth's own image list where it is available here (`gnd_oxford5k.pkl` 5,063,
///   `gnd_paris6k.pkl` 6,392 = the 6,412 published images minus the 20 listed in the authors' `corrupt.txt`,
///   `gnd_holidays.mat` 1,491, `gnd_Oxford105k.mat` 105,134 = 5,063 + 100,071, `gnd_Paris106k.mat` 106,463 =
///   6,392 + 100,071, the shared `groundtruth.csv` of SMVS (500) and COIL-100 (3,600)); otherwise the published
///   count (UKBench 10,200 = 2,550 × 4, Nistér & Stewénius 2006; ROxford5k 4,993 + 70 queries and RParis6k
///   6,322 + 70 queries, Radenović et al. 2018, drawn from the Oxford / Paris images);
/// - SHA-256 of ground-truth files: computed from the real files in `../shared/datasets/groundtruth` (they equal that
///   folder's `SHA256SUMS`) and `../shared/datasets/{smvs-dvd,coil100}/groundtruth.csv`;
/// - SHA-256 of the image list (`DatasetChecksum.imageList`): computed from the same files' image lists
///   (UKBench: from its naming rule).
/// revisitop's `gnd_roxford5k.pkl` / `gnd_rparis6k.pkl` are not available here, so no checksum is shipped for them.
public struct DatasetSource: Sendable, Equatable {
    /// A ground-truth file (or a folder of text files, hashed by `DatasetChecksum.folder`) whose SHA-256 the suite ships.
    public struct GroundTruthFile: Sendable, Equatable {
        /// Path relative to the dataset root, e.g. `gnd_oxford5k.pkl`, `gt_files_170407`.
        public var path: String
        public var sha256: String
    }

    /// How the suite reads the dataset.
    public enum Adapter: String, Sendable, Equatable {
        case generated, manifest, landmark, grouped
    }

    public var name: String
    public var title: String
    public var adapter: Adapter
    /// The authors' page, where the archives are published.
    public var page: String
    /// The archive (or file) names as published.
    public var archives: [String]
    /// The layout of the dataset root that `DatasetCatalog.load` reads, one line each.
    public var layout: [String]
    public var licence: String
    public var citation: String
    /// Image files a complete copy holds (database and query images), nil when not fixed.
    public var images: Int?
    /// SHA-256 of the complete image list (see `DatasetChecksum.imageList`), nil when not shipped.
    public var imageListSHA256: String?
    /// Accepted ground-truth files with their checksums (any one present is enough).
    public var groundTruth: [GroundTruthFile]
    /// Other files a root must hold, without a checksum (e.g. `distractors.txt`); informative.
    public var notes: [String]
}

public extension DatasetSource {
    /// Every benchmark the catalog knows, in the order `cbir datasets` prints them.
    static let all: [DatasetSource] = [generated, smvs, coil, manifest, oxford, paris, roxford, rparis, holidays,
                                       ukbench, oxford105k, paris106k]

    /// The source of catalog name `name`.
    static func named(_ name: String) throws -> DatasetSource {
        guard let source = all.first(where: { $0.name == name }) else {
            throw DatasetError.unknownDataset(name: name, known: all.map(\.name))
        }
        return source
    }

    static let generated = DatasetSource(
        name: "generated", title: "the suite's generated dataset", adapter: .generated,
        page: "none: written by the suite into dataset.root on first use (deterministic)", archives: [],
        layout: ["images/*.png", "groundtruth.csv   image,object,role,device"],
        licence: "part of this repository", citation: "—", images: nil, imageListSHA256: nil, groundTruth: [], notes: [])

    static let smvs = DatasetSource(
        name: "smvs-dvd", title: "Stanford Mobile Visual Search, DVD covers", adapter: .manifest,
        page: "https://web.cs.wpi.edu/~claypool/mmsys-dataset/2011/stanford/ (the ACM MMSys 2011 dataset archive)",
        archives: ["the DVD covers category"],
        layout: ["images/reference/NNN.jpg, images/<device>/NNN.jpg",
                 "groundtruth.csv   image,object,role,device (role: reference | query)"],
        licence: "research use",
        citation: "V. Chandrasekhar et al., \"The Stanford Mobile Visual Search Data Set\", ACM MMSys 2011",
        images: 500, imageListSHA256: "06d75503a0ef03a6ac1066fdb8063707b716e92025acbe5a6761ba712969fcd5",
        groundTruth: [.init(path: "groundtruth.csv",
                            sha256: "2afaac4c3b62652c47756b28837900c067dd7af95f6731802aeb6806e00ee46e")],
        notes: ["groundtruth.csv is the suite's manifest; write it for your copy (one line per image)"])

    static let coil = DatasetSource(
        name: "coil100", title: "Columbia Object Image Library (COIL-100)", adapter: .manifest,
        page: "https://www.cs.columbia.edu/CAVE/software/softlib/coil-100.php", archives: ["coil-100.zip"],
        layout: ["images/obj<object>__<angle>.png", "groundtruth.csv   image,object,angle_deg"],
        licence: "non-commercial research",
        citation: "S. A. Nene, S. K. Nayar, H. Murase, \"Columbia Object Image Library (COIL-100)\", CUCS-006-96",
        images: 3600, imageListSHA256: "de7f274d9e2bdfe71da4b7c89722036140beaabda9e11f7d7707751ce93edb62",
        groundTruth: [.init(path: "groundtruth.csv",
                            sha256: "8e418c768983b48d9e1748ec5fad6a548b9ae9d8c4a2945c229a7a8834c38404")],
        notes: ["groundtruth.csv is the suite's manifest; write it for your copy (one line per image)"])

    static let manifest = DatasetSource(
        name: "manifest", title: "your own images with a manifest", adapter: .manifest,
        page: "none: any folder with a groundtruth.csv", archives: [],
        layout: ["<any path>.jpg|.png", "groundtruth.csv   image,object[,role][,angle_deg]"],
        licence: "yours", citation: "—", images: nil, imageListSHA256: nil, groundTruth: [], notes: [])

    static let oxford = DatasetSource(
        name: "oxford5k", title: "Oxford Buildings (Oxford5k)", adapter: .landmark,
        page: "https://www.robots.ox.ac.uk/~vgg/data/oxbuildings/", archives: ["oxbuild_images.tgz", "gt_files_170407.tgz"],
        layout: ["jpg/<landmark>_NNNNNN.jpg   (flat: no sub-folders)",
                 "gt_files_170407/<query>_{query,good,ok,junk}.txt, or gnd_oxford5k.pkl, or gnd_oxford5k.mat"],
        licence: "Flickr photos under their owners' terms; research use (VGG, University of Oxford)",
        citation: "J. Philbin, O. Chum, M. Isard, J. Sivic, A. Zisserman, \"Object retrieval with large vocabularies and fast spatial matching\", CVPR 2007",
        images: 5063, imageListSHA256: "9308010b996647a23986321b3df59b6a5bf08b2b34ef2610744b13a4e5218897",
        groundTruth: [.init(path: "gnd_oxford5k.pkl", sha256: "c84e5eb68524fd46aab5c0e80b90f970d7bf677507aeb8cddd6b12990d4bc19e"),
                      .init(path: "gnd_oxford5k.mat", sha256: "39b28133d7dcf6f8ada4ed63b4fcb863c55ca29f9872a22d7edf4cc87c0e1f07"),
                      .init(path: "gt_files_170407", sha256: "6b5bbd3095063c6adc0267de5634c8eb357af6d3d118f8f32cbee44300599cd9")],
        notes: ["the page says 5,062 images; the archive and every ground-truth list hold 5,063"])

    static let paris = DatasetSource(
        name: "paris6k", title: "Paris (Paris6k)", adapter: .landmark,
        page: "https://www.robots.ox.ac.uk/~vgg/data/parisbuildings/",
        archives: ["paris_1.tgz", "paris_2.tgz", "paris_120310.tgz (ground truth)", "corrupt.txt"],
        layout: ["jpg/paris_<landmark>_NNNNNN.jpg   (flat: the archives' paris/<landmark>/ folders flattened)",
                 "gnd_paris6k.pkl, or gnd_paris6k.mat, or gt_files/<query>_{query,good,ok,junk}.txt"],
        licence: "Flickr photos under their owners' terms; research use (VGG, University of Oxford)",
        citation: "J. Philbin, O. Chum, M. Isard, J. Sivic, A. Zisserman, \"Lost in quantization: Improving particular object retrieval in large scale image databases\", CVPR 2008",
        images: 6392, imageListSHA256: "3c0b521d3e3862ca0f5ce941c58d35dca42ebc9c0c7387170f33a330c7690882",
        groundTruth: [.init(path: "gnd_paris6k.pkl", sha256: "def916cf4f197a182d9a7840cdb6294489fa57c2121f9742a1bcc6f2209bb345"),
                      .init(path: "gnd_paris6k.mat", sha256: "98064a00ce5b66e67a75d1b7f410e0cf75a9dd2728be67031a228dc7cb2c6d44")],
        notes: ["6,412 images published, of which the 20 in corrupt.txt are not images (prepare skips them)"])

    static let roxford = DatasetSource(
        name: "roxford5k", title: "Revisited Oxford (ROxford5k)", adapter: .landmark,
        page: "http://cmp.felk.cvut.cz/revisitop/", archives: ["gnd_roxford5k.pkl", "images: oxbuild_images.tgz (Oxford5k)"],
        layout: ["jpg/<landmark>_NNNNNN.jpg   (the Oxford5k images, flat)", "gnd_roxford5k.pkl"],
        licence: "ground truth: research use (CMP, CTU Prague); images as Oxford5k",
        citation: "F. Radenović, A. Iscen, G. Tolias, Y. Avrithis, O. Chum, \"Revisiting Oxford and Paris: Large-Scale Image Retrieval Benchmarking\", CVPR 2018",
        images: 5063, imageListSHA256: nil, groundTruth: [],
        notes: ["4,993 database images + 70 queries (published); no checksum shipped: the pickle is not available to the suite"])

    static let rparis = DatasetSource(
        name: "rparis6k", title: "Revisited Paris (RParis6k)", adapter: .landmark,
        page: "http://cmp.felk.cvut.cz/revisitop/", archives: ["gnd_rparis6k.pkl", "images: paris_1.tgz, paris_2.tgz (Paris6k)"],
        layout: ["jpg/paris_<landmark>_NNNNNN.jpg   (the Paris6k images, flat)", "gnd_rparis6k.pkl"],
        licence: "ground truth: research use (CMP, CTU Prague); images as Paris6k",
        citation: roxford.citation, images: 6392, imageListSHA256: nil, groundTruth: [],
        notes: ["6,322 database images + 70 queries (published); no checksum shipped: the pickle is not available to the suite"])

    static let holidays = DatasetSource(
        name: "holidays", title: "INRIA Holidays (upright)", adapter: .grouped,
        page: "https://lear.inrialpes.fr/people/jegou/data.php",
        archives: ["jpg1.tar.gz", "jpg2.tar.gz (originals: some images lie on their side)",
                   "holidays_rotated.tar.gz (the same images turned upright; not on the INRIA page, distributed with several retrieval codebases)"],
        layout: ["jpg_rotated/NNNNNN.jpg   (upright images; group = NNNNNN / 100, query = NNNNNN % 100 == 0)",
                 "optional: gnd_holidays.mat (checked against the file names when present)"],
        licence: "research use; images © their photographers (INRIA)",
        citation: "H. Jégou, M. Douze, C. Schmid, \"Hamming embedding and weak geometric consistency for large scale image search\", ECCV 2008",
        images: 1491, imageListSHA256: "28ae03dfea3f1cf6b0de804b06c9b26cdf7b44291e61a0a11468e4725ebb9649",
        groundTruth: [.init(path: "gnd_holidays.mat", sha256: "8088e9508ca4ed1e2a09d5e76bbb20056a6e7d1f01bcb7519fc9b5036842bd53")],
        notes: ["a jpg/ folder is taken for the unrotated originals and refused (every method's mAP drops on them)"])

    static let ukbench = DatasetSource(
        name: "ukbench", title: "University of Kentucky Benchmark (UKBench)", adapter: .grouped,
        page: "https://www.vis.uky.edu/~stewe/ukbench/ (the authors' page; if it is offline, its Internet Archive copy)",
        archives: ["ukbench.zip (folder full/)"],
        layout: ["full/ukbenchNNNNN.jpg   (group = NNNNN / 4; every image is a query)"],
        licence: "research use (University of Kentucky)",
        citation: "D. Nistér, H. Stewénius, \"Scalable recognition with a vocabulary tree\", CVPR 2006",
        images: 10200, imageListSHA256: "2f16243778629d2749fbe208dcf1dc34f82d07ef8ff3ef2db82eb1a02a08e550",
        groundTruth: [], notes: ["ground truth is in the file names"])

    static let oxford105k = DatasetSource(
        name: "oxford105k", title: "Oxford5k + Flickr100k distractors", adapter: .landmark,
        page: "https://www.robots.ox.ac.uk/~vgg/data/oxbuildings/flickr100k.html",
        archives: ["oxc1_100k.part01.rar … oxc1_100k.part40.rar", "gnd_Oxford105k.mat"],
        layout: ["the oxford5k layout, plus jpg/flickr100k/<path>.jpg (the extracted RAR volumes)",
                 "distractors.txt (one distractor path a line, relative to jpg/), or gnd_Oxford105k.mat"],
        licence: "Flickr photos under their owners' terms; research use (VGG, University of Oxford)",
        citation: oxford.citation, images: 105_134,
        imageListSHA256: "1b31c72a48bc47e8db8de5bdb8a9aa3d2dc3ba3ab53c436eaf23925437b0eb06",
        groundTruth: [.init(path: "gnd_Oxford105k.mat", sha256: "ebf6abe27990655ba1af68e982f185e15206e2fecac6e49aacd96e353909105b")],
        notes: ["5,063 + 100,071 distractors; the image list is compared by file name (without folders)"])

    static let paris106k = DatasetSource(
        name: "paris106k", title: "Paris6k + Flickr100k distractors", adapter: .landmark,
        page: oxford105k.page, archives: ["oxc1_100k.part01.rar … oxc1_100k.part40.rar", "gnd_Paris106k.mat"],
        layout: ["the paris6k layout, plus jpg/flickr100k/<path>.jpg (the extracted RAR volumes)",
                 "distractors.txt (one distractor path a line, relative to jpg/), or gnd_Paris106k.mat"],
        licence: oxford105k.licence, citation: paris.citation, images: 106_463,
        imageListSHA256: "25078eccbe06a1ea5a1513b932b0fb1c686b4ca7956c8c9faf26985f046e383d",
        groundTruth: [.init(path: "gnd_Paris106k.mat", sha256: "107d9b31df5133f0f20246a07efdfdc0dd96bda883ee9f6ad3fd30992b0bd0ac")],
        notes: ["6,392 + 100,071 distractors; the image list is compared by file name (without folders)"])
}
