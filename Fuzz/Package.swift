// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for Dateline's page readers, its archive reader and its HTML sanitiser. A package
// of its own, so the main package never builds with the fuzzer's instrumentation; `./run` builds it
// with `-sanitize=fuzzer,address`. The targets use only the modules without network or database
// code (DatelineIngest, DatelineArchive, DatelineMarkup), so that build leaves out the HTTP server,
// the HTTP client, SQLite and PostgreSQL.
// Each executable's `main` hands its input callback to libFuzzer's driver (LLVMFuzzerRunDriver).
let package = Package(
    name: "DatelineFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Dateline", path: "..")],
    targets: [
        .target(name: "FuzzerDriver"),
        .executableTarget(
            name: "FuzzHTMLReader",
            dependencies: ["FuzzerDriver", .product(name: "DatelineIngest", package: "Dateline")]
        ),
        .executableTarget(
            name: "FuzzScrapedTextReader",
            dependencies: ["FuzzerDriver", .product(name: "DatelineIngest", package: "Dateline")]
        ),
        .executableTarget(
            name: "FuzzArchiveReader",
            dependencies: ["FuzzerDriver", .product(name: "DatelineArchive", package: "Dateline")]
        ),
        // Parts of the sanitiser and the Markdown rendering are internal to DatelineMarkup; debug
        // builds are built for testing, so the target reaches them with `@testable import`.
        .executableTarget(
            name: "FuzzMarkupSanitizer",
            dependencies: ["FuzzerDriver", .product(name: "DatelineMarkup", package: "Dateline")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
