// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Dateline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dateline", targets: ["dateline"]),
        .library(name: "DatelineCore", targets: ["DatelineCore"]),
        .library(name: "DatelineText", targets: ["DatelineText"]),
        .library(name: "DatelineIngest", targets: ["DatelineIngest"]),
        .library(name: "DatelineFetch", targets: ["DatelineFetch"]),
        .library(name: "DatelineMarkup", targets: ["DatelineMarkup"]),
        .library(name: "DatelineArchive", targets: ["DatelineArchive"]),
        .library(name: "DatelineStore", targets: ["DatelineStore"]),
        .library(name: "DatelineMail", targets: ["DatelineMail"]),
        .library(name: "DatelineWeb", targets: ["DatelineWeb"]),
        .library(name: "DatelineMedia", targets: ["DatelineMedia"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(name: "DatelineCore", swiftSettings: strict),
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CVips",
            path: "Sources/CVips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        .target(name: "DatelineText", dependencies: ["DatelineCore"], swiftSettings: strict),
        .target(name: "DatelineMedia", dependencies: ["DatelineCore", "CVips"], swiftSettings: strict),
        // The page readers and the text they need, with no network code: what the fuzz targets
        // build (Fuzz/), instrumented, without the HTTP and database stacks.
        .target(
            name: "DatelineIngest",
            dependencies: [
                "DatelineCore", "DatelineText", "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Fetching pages over HTTP(S) with the SSRF guard: addresses pinned, time, size and
        // redirect caps.
        .target(
            name: "DatelineFetch",
            dependencies: [
                "DatelineCore", "DatelineIngest",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // Story bodies from Markdown to sanitised HTML, and HTML escaping.
        .target(
            name: "DatelineMarkup",
            dependencies: [
                "DatelineCore", "DatelineIngest",
                .product(name: "Ink", package: "Ink"),
            ],
            swiftSettings: strict
        ),
        // The portable archive's format: records, reader and writer (no database).
        .target(
            name: "DatelineArchive",
            dependencies: ["DatelineCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "DatelineStore",
            dependencies: [
                "DatelineCore", "DatelineArchive",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DatelineMail",
            dependencies: [
                "DatelineCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DatelineWeb",
            dependencies: [
                "DatelineCore", "DatelineText", "DatelineStore", "DatelineMail", "DatelineIngest", "DatelineMedia",
                "DatelineFetch", "DatelineMarkup",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Templates"), .copy("Static")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "dateline",
            dependencies: [
                "DatelineCore", "DatelineText", "DatelineIngest", "DatelineStore", "DatelineMail", "DatelineWeb",
                "DatelineMedia", "DatelineFetch", "DatelineArchive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/Demo")],
            swiftSettings: strict
        ),
        .testTarget(name: "DatelineCoreTests", dependencies: ["DatelineCore"], swiftSettings: strict),
        .testTarget(name: "DatelineTextTests", dependencies: ["DatelineText"], swiftSettings: strict),
        .testTarget(
            name: "DatelineIngestTests",
            dependencies: [
                "DatelineIngest", "DatelineFetch",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DatelineStoreTests",
            dependencies: [
                "DatelineStore", "DatelineArchive",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "DatelineMailTests", dependencies: ["DatelineMail"], swiftSettings: strict),
        .testTarget(name: "DatelineMediaTests", dependencies: ["DatelineMedia", "CVips"], swiftSettings: strict),
        .testTarget(
            name: "DatelineWebTests",
            dependencies: [
                "DatelineWeb", "DatelineStore", "DatelineIngest", "DatelineMail", "DatelineMedia", "CVips",
                "DatelineFetch", "DatelineMarkup",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // The reference the site's own template renderer is compared with, byte for byte.
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "datelineTests",
            dependencies: [
                "dateline", "DatelineStore", "DatelineMedia", "CVips", "DatelineArchive",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
