// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for Dateline's page readers. A package of its own, so the main package never
// builds with the fuzzer's instrumentation; `./run` builds it with `-sanitize=fuzzer,address`.
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
    ],
    swiftLanguageModes: [.v6]
)
