// swift-tools-version: 6.0
import PackageDescription

let swift5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "Vitrine",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vitrine", targets: ["VitrineCLI"]),
        .executable(name: "vitrine-bench", targets: ["VitrineBench"]),
        .library(name: "VitrineNN", targets: ["VitrineNN"]),
        .library(name: "VitrineGenerativeMetrics", targets: ["VitrineGenerativeMetrics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        // OpenBLAS is header-only here and loaded with dlopen (see BLAS.swift): pkg-config's
        // -lopenblas would make it a load-time dependency, initialized before main, too early
        // to choose its AVX-512 kernels. scripts/setup checks it with `pkg-config openblas`.
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // C shims.
        .target(name: "CVitrineBLAS", dependencies: ["COpenBLAS"]),
        .target(name: "CHDF5Shim", dependencies: ["CHDF5"]),
        // JPEG decoding through libjpeg-turbo, its setjmp error handling kept on the C side.
        .target(name: "CVitrineJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        // The search scans' inner products, with AVX2+FMA versions chosen at run time.
        .target(name: "CVitrineSearchKernels"),

        // Engine: tensors, BLAS, random streams, parallel kernels.
        .target(name: "VitrineEngine", dependencies: ["CVitrineBLAS"], swiftSettings: swift5),
        // Layers, losses, optimizers, module composition, gradient checking.
        .target(name: "VitrineNN", dependencies: ["VitrineEngine"], swiftSettings: swift5),
        // HDF5 files: reference cases now, checkpoints later.
        .target(name: "VitrineHDF5", dependencies: ["CHDF5", "CHDF5Shim", "VitrineEngine"],
                swiftSettings: swift5),
        // Model checkpoints in HDF5 (PyTorch's names and layouts), written atomically.
        .target(name: "VitrineCheckpoint", dependencies: ["VitrineNN", "VitrineHDF5", "CZlib"], swiftSettings: swift5),
        // Reference-tensor cases: run any layer or loss against tensors another framework produced.
        .target(name: "VitrineReference", dependencies: ["VitrineNN", "VitrineHDF5"],
                swiftSettings: swift5),
        // Models built from the layers.
        .target(name: "VitrineModels", dependencies: ["VitrineNN"], swiftSettings: swift5),
        // Images: PNG through libpng's simplified API, JPEG through libjpeg-turbo, resampling and geometry, drawing for reports.
        .target(name: "VitrineImaging", dependencies: ["VitrineEngine", "CPNG", "CVitrineJPEG"], swiftSettings: swift5),
        // Embedding search: the index, retrieval metrics, the search benchmark.
        .target(name: "VitrineSearch", dependencies: ["VitrineModels", "VitrineHDF5", "CVitrineSearchKernels"], swiftSettings: swift5),
        // Data sources and generators.
        .target(name: "VitrineData", dependencies: ["VitrineEngine", "VitrineImaging", "CZlib"], swiftSettings: swift5),
        // Procedural retail data: catalog photos, sketches, competitors, photoshoots.
        .target(name: "VitrineSynth", dependencies: ["VitrineEngine", "VitrineData", "VitrineImaging"], swiftSettings: swift5),
        // Retail simulator, promotion pricing engine, retail datasets and demand feature tables.
        .target(name: "VitrineRetail", dependencies: ["VitrineEngine", "VitrineData"], swiftSettings: swift5),
        // Typed experiment configs: YAML, includes, overrides, schema validation.
        .target(name: "VitrineConfig", dependencies: ["Yams"], swiftSettings: swift5),
        // Histogram-based gradient-boosted trees for tabular targets (demand, revenue, profit).
        .target(name: "VitrineTrees", dependencies: ["VitrineEngine"], swiftSettings: swift5),
        // Demand models without the harness: a trained run's trees or MLP loaded from its checkpoint
        // (its demand model card), and recursive day-by-day forecasts of any promotion plan.
        .target(name: "VitrineForecast",
                dependencies: ["VitrineRetail", "VitrineTrees", "VitrineNN", "VitrineCheckpoint", "VitrineEngine"], swiftSettings: swift5),
        // Promotion decisions: scenario files, what-if forecasts beside the simulator's true
        // figures, and the campaign mix optimizer certified against exact enumeration.
        .target(name: "VitrinePromotions",
                dependencies: ["VitrineForecast", "VitrineRetail", "VitrineConfig", .product(name: "Yams", package: "Yams")],
                swiftSettings: swift5),
        // Inference without the harness: embedding networks built from a checkpoint's saved config
        // and seen through their evaluation view; manifest rows as search metadata.
        .target(name: "VitrineInference",
                dependencies: ["VitrineModels", "VitrineCheckpoint", "VitrineConfig", "VitrineImaging", "VitrineData",
                               "VitrineSearch"], swiftSettings: swift5),
        // Generative designs without the harness: DCGAN checkpoints loaded for sampling, sample grids.
        .target(name: "VitrineGenerative",
                dependencies: ["VitrineModels", "VitrineCheckpoint", "VitrineConfig", "VitrineImaging", "VitrineData"], swiftSettings: swift5),
        // Quality of generated images from their features: FID, KID, precision and recall.
        .target(name: "VitrineGenerativeMetrics", dependencies: ["VitrineEngine"], swiftSettings: swift5),
        // Object detection without the harness: boxes, IoU, NMS, anchors and box coders, MTCNN's image
        // pyramid, boxes drawn for reports, COCO and VOC evaluation, COCO results files.
        .target(name: "VitrineDetection", dependencies: ["VitrineData", "VitrineImaging"], swiftSettings: swift5),
        // Least squares for the sales regressions: design matrices from tables (dummies named as
        // patsy names them), OLS by pivoted QR with classical, HC1 and cluster-robust errors,
        // statsmodels' summary layout, the seeded sales table with planted photo-style effects.
        .target(name: "VitrineRegression", dependencies: ["VitrineEngine", "VitrineData"], swiftSettings: swift5),
        // Faces: MTCNN's cascade on real photographs, and facenet-pytorch's released weights
        // imported from PyTorch's legacy files without PyTorch.
        .target(name: "VitrineFaces",
                dependencies: ["VitrineDetection", "VitrineModels", "VitrineCheckpoint", "VitrineImaging", "VitrineData"],
                swiftSettings: swift5),
        // Experiments: training loops, configs, runs and reports.
        .target(name: "VitrineExperiments",
                dependencies: ["VitrineModels", "VitrineData", "VitrineConfig", "VitrineCheckpoint", "VitrineSearch",
                               "VitrineSynth", "VitrineRetail", "VitrineTrees", "VitrineForecast", "VitrineGenerative", "VitrineGenerativeMetrics", "VitrineInference"],
                swiftSettings: swift5),
        // The visual product search job: index a catalog, search by photo or sketch, match competitors.
        .target(name: "VitrineVisualSearch",
                dependencies: ["VitrineInference", "VitrineSearch", "VitrineData", "VitrineImaging"],
                swiftSettings: swift5),
        // `vitrine export`: embedding checkpoints as ONNX models (opset 17), protobuf written by hand.
        .target(name: "VitrineExport", dependencies: ["VitrineInference", "VitrineModels", "VitrineCheckpoint"], swiftSettings: swift5),
        // `vitrine serve`: registered models behind bounded FIFO queues over HTTP (Hummingbird 2):
        // the Open Inference Protocol v2 subset, product search and embedding, Prometheus metrics.
        .target(name: "VitrineServing",
                dependencies: ["VitrineInference", "VitrineVisualSearch", "VitrineSearch", "VitrineImaging",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: swift5),
        // Helpers shared by the test targets: subprocesses, Python cross-checks, temporary folders.
        .target(name: "VitrineTestSupport", swiftSettings: swift5),
        // Embedding checkpoints written as runs write them, for the inference and serving tests.
        .target(name: "VitrineInferenceTestSupport", dependencies: ["VitrineInference", "VitrineCheckpoint"], swiftSettings: swift5),
        // Thin command-line interface.
        .executableTarget(name: "VitrineCLI",
                          dependencies: ["VitrineExperiments", "VitrineReference", "VitrineCheckpoint", "VitrineSynth",
                                         "VitrineVisualSearch", "VitrineRetail", "VitrineGenerative", "VitrineFaces",
                                         "VitrineForecast", "VitrinePromotions",
                                         "VitrineServing", "VitrineExport", .product(name: "Logging", package: "swift-log"),
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: swift5),
        .executableTarget(name: "VitrineBench",
                          dependencies: ["VitrineNN", "VitrineModels", "VitrineSearch", "VitrineTrees", "VitrineData", "VitrineSynth",
                                         "VitrineGenerative", "VitrineGenerativeMetrics", "VitrinePromotions"],
                          swiftSettings: swift5),

        .testTarget(name: "VitrineConfigTests", dependencies: ["VitrineConfig"], swiftSettings: swift5),
        .testTarget(name: "VitrineSynthTests", dependencies: ["VitrineSynth", "VitrineData", "VitrineImaging"], swiftSettings: swift5),
        .testTarget(name: "VitrineDataTests", dependencies: ["VitrineData"], swiftSettings: swift5),
        .testTarget(name: "VitrineExperimentsTests", dependencies: ["VitrineTestSupport", "VitrineExperiments", "VitrineForecast", "VitrineImaging"],
                    exclude: ["Fixtures"], swiftSettings: swift5),
        .testTarget(name: "VitrineImagingTests", dependencies: ["VitrineTestSupport", "VitrineImaging"],
                    resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "VitrineEngineTests", dependencies: ["VitrineEngine"], swiftSettings: swift5),
        .testTarget(name: "VitrineNNTests", dependencies: ["VitrineNN"], swiftSettings: swift5),
        .testTarget(name: "VitrineTreesTests", dependencies: ["VitrineTestSupport", "VitrineTrees"], swiftSettings: swift5),
        .testTarget(name: "VitrineModelsTests", dependencies: ["VitrineModels"], swiftSettings: swift5),
        .testTarget(name: "VitrineVisualSearchTests", dependencies: ["VitrineTestSupport", "VitrineVisualSearch", "VitrineSynth", "VitrineExperiments"],
                    swiftSettings: swift5),
        .testTarget(name: "VitrineInferenceTests", dependencies: ["VitrineTestSupport", "VitrineInferenceTestSupport", "VitrineInference"], swiftSettings: swift5),
        .testTarget(name: "VitrineServingTests",
                    dependencies: ["VitrineTestSupport", "VitrineInferenceTestSupport", "VitrineServing", "VitrineInference", "VitrineSearch", "VitrineImaging",
                                   .product(name: "HummingbirdTesting", package: "hummingbird"),
                                   .product(name: "Logging", package: "swift-log")],
                    swiftSettings: swift5),
        .testTarget(name: "VitrineExportTests",
                    dependencies: ["VitrineTestSupport", "VitrineInferenceTestSupport", "VitrineExport", "VitrineInference", "VitrineEngine"],
                    swiftSettings: swift5),
        .testTarget(name: "VitrineSearchTests", dependencies: ["VitrineTestSupport", "VitrineSearch"], swiftSettings: swift5),
        .testTarget(name: "VitrineGenerativeMetricsTests", dependencies: ["VitrineTestSupport", "VitrineGenerativeMetrics"],
                    swiftSettings: swift5),
        .testTarget(name: "VitrineRegressionTests", dependencies: ["VitrineTestSupport", "VitrineRegression", "VitrineData", "VitrineEngine"],
                    resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "VitrineForecastTests", dependencies: ["VitrineTestSupport", "VitrineForecast", "VitrineRetail", "VitrineTrees", "VitrineCheckpoint", "VitrineNN"],
                    swiftSettings: swift5),
        .testTarget(name: "VitrinePromotionsTests", dependencies: ["VitrineTestSupport", "VitrinePromotions", "VitrineForecast", "VitrineRetail"],
                    swiftSettings: swift5),
        .testTarget(name: "VitrineRetailTests", dependencies: ["VitrineRetail"], swiftSettings: swift5),
        .testTarget(name: "VitrineHDF5Tests", dependencies: ["VitrineTestSupport", "VitrineHDF5"], swiftSettings: swift5),
        .testTarget(name: "VitrineDetectionTests", dependencies: ["VitrineTestSupport", "VitrineDetection", "VitrineData", "VitrineImaging", "VitrineEngine"],
                    resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "VitrineFacesTests", dependencies: ["VitrineTestSupport", "VitrineFaces", "VitrineModels", "VitrineCheckpoint", "VitrineData", "VitrineImaging", "VitrineNN", "VitrineEngine"],
                    resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "VitrineReferenceTests", dependencies: ["VitrineTestSupport", "VitrineReference"],
                    resources: [.copy("Fixtures")], swiftSettings: swift5),
    ]
)
