import DatelineCore
import DatelineIngest
import DatelineMedia
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
        var profiles: [String: Int64] = [:]
        for (index, url) in try pageURLs().enumerated() {
            let page = RawPage(bytes: try Data(contentsOf: url), location: "demo/\(url.lastPathComponent)")
            var draft = try reader.read(page)
            draft.publishedAt = now.addingTimeInterval(-Double(index) * 3_600 - 600)
            try await credit(&draft, in: store, profiles: &profiles)
            let story = try await store.importStory(draft).story
            try await illustrate(story, page: url.lastPathComponent, in: store, now: now)
            stored += 1
        }
        return stored
    }

    /// Credits a demo story's writer as an author profile (made on first use), so a newcomer finds
    /// author pages and the newsroom's Authors page filled, as after the migration of a real site.
    private static func credit(_ draft: inout StoryDraft, in store: any StoryStore, profiles: inout [String: Int64])
        async throws
    {
        guard let authors = store as? any AuthorStore, let byline = draft.byline else { return }
        var name = byline.trimmingCharacters(in: .whitespaces)
        if name.lowercased().hasPrefix("by ") { name = String(name.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
        guard !name.isEmpty else { return }
        if profiles[name] == nil { profiles[name] = try await authors.addAuthor(AuthorInput(name: name)).author.id }
        draft.authorIDs = profiles[name].map { [$0] }
    }

    /// Gives a demo story its drawn lead picture (and one story a picture in its body), stored
    /// in the media library like any upload, so a first start shows the site with pictures.
    private static func illustrate(_ story: Story, page: String, in store: any StoryStore, now: Date) async throws {
        guard let media = store as? any MediaStore, let lead = DemoPictures.leads[page] else { return }
        var draft = story.draft
        draft.leadImage = try await add(lead, to: media, now: now)
        if DemoPictures.inline.page == page {
            let picture = DemoPictures.inline.picture
            let id = try await add(picture, to: media, now: now)
            let block = StoryImages.syntax(mediaID: id, alt: picture.altText, caption: picture.caption)
            draft.body.insert(block, at: min(DemoPictures.inline.afterParagraph, draft.body.count))
        }
        _ = try await store.update(id: story.id, with: draft)
    }

    private static func add(_ picture: DemoPictures.Picture, to media: any MediaStore, now: Date) async throws -> Int64
    {
        let bytes = try picture.draw().jpeg()
        let info = try ImagePipeline().validate(bytes)
        let image = MediaImage(
            bytes: bytes, fileName: picture.fileName, format: info.format.rawValue, width: info.width,
            height: info.height)
        let details = MediaDetails(altText: picture.altText, credit: DemoPictures.credit, caption: picture.caption)
        return try await media.addMedia(NewMedia(image: image, details: details, uploadedBy: nil, time: now)).item.id
    }
}
