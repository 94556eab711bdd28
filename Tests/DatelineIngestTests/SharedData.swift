import Foundation

/// Where the evaluation data beside the repository lives (`../shared`), and whether it is there,
/// so tests that need it skip with a message on a clone elsewhere.
enum SharedData {
    /// The package root, found from this file's path (Tests/DatelineIngestTests/SharedData.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the package.
    static let root = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The seed page the reader must read exactly.
    static let seedPage = root.appendingPathComponent("seed/000_2f5d2d7a65a1b8d5.txt")

    /// The labelled 2008 CNN pages (text-browser renderings and gold labels).
    static let cnn2008 = root.appendingPathComponent("data/scraped/cnn-2008")

    /// True when the seed page is present.
    static var hasSeed: Bool { FileManager.default.fileExists(atPath: seedPage.path) }

    /// True when the labelled 2008 pages are present.
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: cnn2008.path) }

    /// The ids of the labelled 2008 pages that have both a rendering and a gold file.
    static var cnn2008PageIDs: [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: cnn2008.path) else { return [] }
        return names.filter { $0.hasSuffix(".gold.json") }.map { String($0.dropLast(".gold.json".count)) }
            .filter { names.contains("\($0).original.w3m-dump.txt") }.sorted()
    }
}
