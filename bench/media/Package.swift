// swift-tools-version:6.1
// The image pipeline's benchmark driver: a package of its own, so `swift build --build-tests` in
// the repository (scripts/test) never builds it. Its sources are the repository's, by symbolic link.
import PackageDescription

let package = Package(
    name: "DatelineMediaBench",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "DatelineCore"),
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .target(name: "DatelineMedia", dependencies: ["DatelineCore", "CVips"]),
        .executableTarget(name: "dateline-media-bench", dependencies: ["DatelineMedia"]),
    ],
    swiftLanguageModes: [.v6]
)
