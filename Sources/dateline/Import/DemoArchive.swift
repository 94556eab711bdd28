import DatelineCore
import DatelineIngest
import DatelineStore
import Foundation

/// The stories Dateline ships to show itself: pages in the scraped-text layout, written by the
/// project, loaded through the same importer as any other page.
enum DemoArchive {
    /// The demo pages bundled with the executable, in file-name order.
    static func pageURLs() throws -> [URL] {
        guard let folder = Bundle.module.url(forResource: "Demo", withExtension: nil) else {
            throw CommandFailure("the demo archive is missing from this build (Resources/Demo)")
        }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Imports every demo page into `store`, dated an hour apart ending now, so the demo always
    /// reads as today's news. Returns how many stories were stored.
    @discardableResult
    static func load(into store: any StoryStore, now: Date = Date()) async throws -> Int {
        let reader = ScrapedTextReader()
        var stored = 0
        for (index, url) in try pageURLs().enumerated() {
            let page = RawPage(bytes: try Data(contentsOf: url), location: "demo/\(url.lastPathComponent)")
            var draft = try reader.read(page)
            draft.publishedAt = now.addingTimeInterval(-Double(index) * 3_600 - 600)
            _ = try await store.importStory(draft)
            stored += 1
        }
        return stored
    }
}
