// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "casebook",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "casebook", targets: ["casebook"]),
        .library(name: "CasebookKit", targets: ["CasebookKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // Reference data and seed examples, shipped as resource files.
        .target(
            name: "CasebookSeeds",
            path: "Seeds",
            exclude: ["README.md"],
            resources: [
                .copy("foundations.json"), .copy("ambitions.json"), .copy("vocabularies.json"),
                .copy("synonyms.json"), .copy("examples.jsonl"),
            ]
        ),
        .target(
            name: "CasebookKit",
            dependencies: [
                "CasebookSeeds",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "casebook",
            dependencies: [
                "CasebookKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "CLI"
        ),
        .testTarget(
            name: "CasebookKitTests",
            dependencies: ["CasebookKit"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["CasebookKit"]
        ),
    ]
)
