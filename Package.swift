// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "casebook",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "casebook", targets: ["casebook"]),
        .library(name: "CasebookKit", targets: ["CasebookKit"]),
        .library(name: "CasebookServer", targets: ["CasebookServer"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6")
    ],
    targets: [
        // Reference data and seed examples, shipped as resource files.
        .target(
            name: "CasebookSeeds",
            path: "Seeds",
            exclude: ["README.md"],
            resources: [
                .copy("foundations.json"), .copy("ambitions.json"), .copy("vocabularies.json"),
                .copy("synonyms.json"), .copy("examples.jsonl")
            ]
        ),
        // The HTML guide's and the static site's mustache templates, read by `ExportTemplates`.
        .target(
            name: "CasebookTemplates",
            resources: [.copy("Templates")]
        ),
        .target(
            name: "CasebookKit",
            dependencies: [
                "CasebookSeeds",
                "CasebookTemplates",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache")
            ]
        ),
        // The HTTP API on Hummingbird (routes, auth, limits, problem+json errors, the OpenAPI document) and the web pages.
        .target(
            name: "CasebookServer",
            dependencies: [
                "CasebookKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl")
            ],
            path: "Server",
            exclude: ["README.md"],
            resources: [.copy("openapi.json"), .copy("Templates"), .copy("Static")]
        ),
        .executableTarget(
            name: "casebook",
            dependencies: [
                "CasebookKit",
                "CasebookServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            path: "CLI"
        ),
        .testTarget(
            name: "CasebookKitTests",
            dependencies: [
                "CasebookKit", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache")
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CasebookServerTests",
            dependencies: [
                "CasebookServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache")
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["CasebookKit"]
        )
    ]
)
