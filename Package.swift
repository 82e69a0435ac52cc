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
        // The core: language, numbers, evaluation, diagnostics. Never prints.
        .target(
            name: "Suanpan",
            dependencies: [
                "CInflate",
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
        // libedit, through a module map and non-variadic shims.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The interactive line editor: the only code that touches libedit.
        .target(name: "SuanpanREPL", dependencies: ["Suanpan", "CEditLine"]),
        // The command line: arguments, dispatch, exit statuses.
        .executableTarget(
            name: "suanpan",
            dependencies: [
                "Suanpan", "SuanpanREPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets (Scripts/fuzz builds them with -sanitize=fuzzer,address and
        // -DFUZZING); built plainly, the same binary replays saved inputs.
        .executableTarget(
            name: "suanpan-fuzz",
            dependencies: ["Suanpan"],
            path: "Fuzz",
            exclude: ["regressions", "findings"]
        ),
        .executableTarget(
            name: "suanpan-bench",
            dependencies: ["Suanpan"],
            path: "Benchmarks/suanpan-bench"
        ),
        .testTarget(
            name: "SuanpanTests",
            dependencies: [
                "Suanpan", "SuanpanREPL", "suanpan", "CInflate",
                // Writes the workbooks the tests read: an independent zip writer.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ]
)
