import Foundation

/// The evaluation data beside the repository (`../shared`), which a clone elsewhere may lack.
enum SharedData {
    /// `../shared` relative to the package root, found from this file's path.
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // DatelineWebTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("../shared").standardized

    /// The seed page, the model of the story page.
    static let seedPage = folder.appendingPathComponent("seed/000_2f5d2d7a65a1b8d5.txt")

    /// True when the seed page is present.
    static var isAvailable: Bool { FileManager.default.isReadableFile(atPath: seedPage.path) }
}
