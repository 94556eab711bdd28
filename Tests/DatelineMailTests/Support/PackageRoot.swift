import Foundation

/// Paths in the package, found from this file's location so the tests run from any directory.
enum PackageRoot {
    /// The folder that holds Package.swift.
    static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // DatelineMailTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// A file or folder under the package root.
    static func path(_ relative: String) -> URL {
        url.appendingPathComponent(relative)
    }
}
