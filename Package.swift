// swift-tools-version:6.0
// cbir — a reproducible benchmark suite for content-based image retrieval.
// One target per pipeline stage; see ../shared/ARCHITECTURE.md and README.md.
import PackageDescription

let package = Package(
    name: "cbir",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cbir", targets: ["cbir"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // C libraries: module maps and shim headers only.
        .systemLibrary(name: "CVLFeat", path: "Sources/CVLFeat"),
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL"),
        .systemLibrary(name: "CLinearAlgebra", path: "Sources/CLinearAlgebra"),
        .systemLibrary(name: "CImageCodecs", path: "Sources/CImageCodecs"),
        // faiss (static, C++ only in Debian): a small C wrapper, the search reference of `cbir bench`.
        .target(name: "CFaiss", linkerSettings: [
            .linkedLibrary("faiss"), .linkedLibrary("gomp"), .linkedLibrary("blas"), .linkedLibrary("lapack"),
            .linkedLibrary("stdc++"),
        ]),

        // Pure math on Float: normalisation, pooling, reduction, search, re-ranking, evaluation.
        .target(name: "RetrievalCore", dependencies: [
            "CLinearAlgebra",
            .product(name: "Collections", package: "swift-collections"),
        ]),
        // Decode, EXIF orientation, crop, resize; one Image type.
        .target(name: "Imaging", dependencies: ["CImageCodecs"]),
        // Readers of the file formats of the field: Python pickle (with numpy / torch), MAT v5, zip, safetensors.
        .target(name: "Serialization", dependencies: ["ZIPFoundation"]),
        // Local features through VLFeat: SIFT, RootSIFT, covariant (Hessian-affine) detectors.
        .target(name: "LocalFeatures", dependencies: ["CVLFeat", "Imaging", "RetrievalCore"]),
        // Aggregation of local features: k-means vocabularies, BoVW, VLAD, Fisher vectors (VLFeat).
        .target(name: "Encoding", dependencies: ["CVLFeat", "RetrievalCore"]),
        // The CNN inference engine on oneDNN, architectures, checkpoint readers.
        // (oneDNN runs on GNU OpenMP; the engine sets its thread count, so libgomp is linked here.)
        .target(name: "CNN", dependencies: ["CDNNL", "CLinearAlgebra", "Imaging", "Serialization", "RetrievalCore"],
                linkerSettings: [.linkedLibrary("gomp")]),
        // Dataset adapters, ground truth, protocols, the generated default dataset.
        .target(name: "Datasets", dependencies: [
            "RetrievalCore", "Imaging", "Serialization", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // SQLite store (GRDB): runs, per-query results, metrics, timings.
        .target(name: "ResultsStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // Strict YAML decoding (file:line:col errors, extends, sweeps).
        .target(name: "Configuration", dependencies: ["Yams"]),
        // Table specs → Markdown / CSV; run-vs-run comparison with paired significance.
        .target(name: "Reports", dependencies: ["ResultsStore", "Configuration", "RetrievalCore"]),
        // Config types, validation, feature cache, the Pipeline.
        .target(name: "Experiments", dependencies: [
            "RetrievalCore", "Imaging", "LocalFeatures", "Encoding", "CNN", "Datasets",
            "ResultsStore", "Configuration", "Reports",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Benchmarks, not tests: extraction and search throughput (faiss as the search reference), CNN inference
        // against libtorch; `cbir bench` prints them.
        .target(name: "Benchmarks", dependencies: ["CNN", "Datasets", "Imaging", "LocalFeatures", "RetrievalCore", "CFaiss"]),
        // Commands: run, sweep, report, check, bench, datasets — parsing and printing only.
        .executableTarget(name: "cbir", dependencies: [
            "Experiments", "Benchmarks", "Reports", "Datasets", "CNN", "RetrievalCore", "Configuration", "ResultsStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "RetrievalCoreTests", dependencies: ["RetrievalCore", "TestSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"]),
        .testTarget(name: "SerializationTests", dependencies: ["Serialization", "TestSupport"]),
        .testTarget(name: "LocalFeaturesTests", dependencies: ["LocalFeatures", "Imaging", "TestSupport"]),
        .testTarget(name: "EncodingTests", dependencies: ["Encoding", "RetrievalCore", "TestSupport"]),
        .testTarget(name: "CNNTests", dependencies: ["CNN", "Imaging", "Serialization", "RetrievalCore", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "RetrievalCore", "Imaging", "TestSupport"]),
        .testTarget(name: "ResultsStoreTests", dependencies: ["ResultsStore", "TestSupport"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "ResultsStore", "Configuration", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Imaging", "Reports", "ResultsStore", "RetrievalCore",
                                                               "Configuration", "TestSupport"]),
    ]
)
