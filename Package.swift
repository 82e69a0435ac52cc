// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "suanpan",
    products: [
        .executable(name: "suanpan", targets: ["suanpan"]),
        .library(name: "Suanpan", targets: ["Suanpan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The layers, each depending only on those before it (the compiler enforces it):
        // the language (numbers, text, diagnostics, syntax, files) → data (datasets,
        // readers, checks, indicator texts) → evaluation (values, the interpreter, the
        // batched rule columns, built-ins) → the session (statements, rules, audit,
        // explain, solve). Charts draw from the language layer alone. None prints.
        .target(name: "SuanpanLanguage", dependencies: [.product(name: "BigInt", package: "BigInt"), "CTextScan"]),
        .target(name: "SuanpanData", dependencies: ["SuanpanLanguage", "CInflate", "CFileMap", "CTextScan"]),
        .target(name: "SuanpanEvaluation", dependencies: ["SuanpanLanguage", "SuanpanData"]),
        .target(name: "SuanpanCharts", dependencies: ["SuanpanLanguage"]),
        // Results out: sheets written as .xlsx (libxlsxwriter), .csv, .md and .html.
        .target(name: "SuanpanExport", dependencies: ["SuanpanLanguage", "CXLSXWriter"]),
        .target(
            name: "Suanpan",
            dependencies: [
                "SuanpanLanguage", "SuanpanData", "SuanpanEvaluation", "SuanpanCharts", "SuanpanExport",
                .product(name: "BigInt", package: "BigInt"),
            ],
            resources: [.copy("Resources/Datasets"), .copy("Resources/Templates"), .copy("Resources/Pinyin"), .copy("Resources/Tour")]
        ),
        // zlib, for the deflate streams of .xlsx parts (Datasets/ZipArchive.swift).
        .systemLibrary(
            name: "CInflate",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Vector kernels for text: UTF-8 validation (Text/TextDecoding.swift), the
        // delimiters of a CSV file (Datasets/CSVReader.swift).
        .target(name: "CTextScan"),
        // Large CSV files mapped read-only while they load, with a SIGBUS guard for a
        // file cut short meanwhile (Datasets/MappedFile.swift).
        .target(name: "CFileMap"),
        // glibc's mallopt, which the command line tunes at start-up (suanpan/main.swift).
        .systemLibrary(name: "CMalloc"),
        // libxlsxwriter, the .xlsx writer of exports.
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // libedit, through a module map and non-variadic shims.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The interactive line editor: the only code that touches libedit.
        .target(
            name: "SuanpanREPL",
            dependencies: ["Suanpan", "SuanpanLanguage", "SuanpanData", "SuanpanEvaluation", "SuanpanCharts", "CEditLine"]),
        // The command line: arguments, dispatch, exit statuses.
        .executableTarget(
            name: "suanpan",
            dependencies: [
                "Suanpan", "SuanpanREPL", "SuanpanLanguage", "SuanpanData", "SuanpanEvaluation", "SuanpanCharts", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets (Scripts/fuzz builds them with -sanitize=fuzzer,address and
        // -DFUZZING); built plainly, the same binary replays saved inputs.
        .executableTarget(
            name: "suanpan-fuzz",
            dependencies: ["Suanpan", "SuanpanLanguage", "SuanpanData", "SuanpanEvaluation", "SuanpanCharts"],
            path: "Fuzz",
            exclude: ["regressions", "findings"]
        ),
        .executableTarget(
            name: "suanpan-bench",
            dependencies: ["Suanpan", "SuanpanLanguage", "SuanpanData", "SuanpanEvaluation", "SuanpanCharts"],
            path: "Benchmarks/suanpan-bench"
        ),
        .testTarget(
            name: "SuanpanTests",
            dependencies: [
                "Suanpan", "SuanpanREPL", "suanpan", "CInflate",
                "SuanpanLanguage", "SuanpanData", "SuanpanEvaluation", "SuanpanCharts", "SuanpanExport",
                // Writes the workbooks the tests read: an independent zip writer.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ]
)
