import DatelineArchive
import DatelineCore
import DatelineStore
import Foundation
import Testing

/// A story's images on both backends (issue 14): the lead image kept with the story and its
/// revisions, the images it places recorded as uses (so deleting one a published story uses is
/// refused), and publication refused while an image lacks alt text or credit, naming it.
@Suite("StoryImagesStore")
struct StoryImagesStoreTests {
    private static let time = Date(timeIntervalSince1970: 1_800_000_000)

    private typealias Stores = (newsroom: any NewsroomStore, media: any MediaStore, stories: any StoryStore)

    private func stores(_ fixture: StoreFixture) throws -> Stores {
        (
            try fixture.newsroom(), try #require(fixture.store as? any MediaStore, "the backend must keep media"),
            fixture.store
        )
    }

    private func photo(_ store: any MediaStore, _ key: String, ready: Bool = true) async throws -> MediaItem {
        try await store.addMedia(
            NewMedia(
                image: MediaImage(
                    bytes: Data(key.utf8), fileName: "\(key).jpg", format: "jpeg", width: 2400, height: 1600),
                details: ready ? MediaDetails(altText: "A \(key)", credit: "Dateline demo") : MediaDetails(),
                uploadedBy: nil, time: Self.time)
        ).item
    }

    @Test(
        "the lead image is stored with the story and its revisions, and can be taken off", arguments: StoreBackend.all)
    func leadImageRoundTrip(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let (newsroom, media, stories) = try stores(fixture)
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let harbour = try await photo(media, "harbour")
            var draft = StoryDraft.sample("Harbour wall repaired")
            draft.leadImage = harbour.id
            let created = try await newsroom.createStory(draft, status: .draft, author: ann.id)
            #expect(created.leadImage == harbour.id)
            #expect(try await stories.story(id: created.id)?.leadImage == harbour.id)
            #expect(try await stories.story(slug: created.slug)?.draft.leadImage == harbour.id)
            #expect(try await newsroom.revisions(ofStory: created.id).first?.content.leadImage == harbour.id)

            var edit = created.draft
            edit.leadImage = nil
            let cleared = try await newsroom.updateStory(id: created.id, with: edit, author: ann.id)
            #expect(cleared.leadImage == nil)
            #expect(try await stories.story(id: created.id)?.leadImage == nil)
            // The old revision still holds it, so restoring brings it back.
            let first = try #require(try await newsroom.revisions(ofStory: created.id).last)
            #expect(first.content.leadImage == harbour.id)
            #expect(try await newsroom.restore(revision: first.id, author: ann.id).leadImage == harbour.id)
        }
    }

    @Test(
        "restoring a revision whose lead image was deleted restores its words without it", arguments: StoreBackend.all)
    func restoreWithoutDeletedLead(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let (newsroom, media, _) = try stores(fixture)
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let gone = try await photo(media, "gone")
            var draft = StoryDraft.sample("Quay reopens")
            draft.leadImage = gone.id
            let story = try await newsroom.createStory(draft, status: .draft, author: ann.id)
            var edit = story.draft
            edit.headline = "Quay reopens after repairs"
            edit.leadImage = nil
            _ = try await newsroom.updateStory(id: story.id, with: edit, author: ann.id)
            #expect(try await media.deleteMedia(id: gone.id, force: false) == .deleted)
            let first = try #require(try await newsroom.revisions(ofStory: story.id).last)
            let restored = try await newsroom.restore(revision: first.id, author: ann.id)
            #expect(restored.headline == "Quay reopens")
            #expect(restored.leadImage == nil)
        }
    }

    @Test(
        "a lead image that is not in the library is refused by field and nothing is stored", arguments: StoreBackend.all
    )
    func missingLeadImageRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let (newsroom, _, stories) = try stores(fixture)
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            var draft = StoryDraft.sample("Ferry fares rise")
            draft.leadImage = 987_654
            do {
                _ = try await newsroom.createStory(draft, status: .draft, author: ann.id)
                Issue.record("a story was stored with a lead image that does not exist")
            } catch let error as StoreError {
                #expect(error.invalidFields == ["lead_image"])
                #expect(error.description.contains("987654"))
            }
            #expect(try await stories.storyCount() == 0)
            draft.leadImage = -3
            await #expect(throws: StoreError.self) { _ = try await stories.create(draft, status: .draft) }
            #expect(try await stories.storyCount() == 0)
        }
    }

    @Test(
        "saving records the lead and body images as uses, so a published story's image is kept",
        arguments: StoreBackend.all)
    func usesRecordedOnSave(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let (newsroom, media, _) = try stores(fixture)
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let lead = try await photo(media, "lead")
            let inline = try await photo(media, "inline")
            let spare = try await photo(media, "spare")
            var draft = StoryDraft.sample("Lighthouse relit")
            draft.leadImage = lead.id
            draft.body.insert("![The lamp room](media:\(inline.id) \"The lamp room at dusk\")", at: 1)
            let story = try await newsroom.createStory(draft, status: .published, author: ann.id)
            #expect(try await media.publishedStories(usingMedia: lead.id) == [story.id])
            #expect(try await media.publishedStories(usingMedia: inline.id) == [story.id])
            #expect(try await media.deleteMedia(id: lead.id, force: false) == .inUse(stories: [story.id]))
            #expect(try await media.deleteMedia(id: inline.id, force: false) == .inUse(stories: [story.id]))
            #expect(try await media.deleteMedia(id: spare.id, force: false) == .deleted)

            // An edit that drops the body image frees it; the lead image stays held.
            var edit = story.draft
            edit.body.remove(at: 1)
            _ = try await newsroom.updateStory(id: story.id, with: edit, author: ann.id)
            #expect(try await media.publishedStories(usingMedia: inline.id).isEmpty)
            #expect(try await media.deleteMedia(id: inline.id, force: false) == .deleted)
            #expect(try await media.deleteMedia(id: lead.id, force: false) == .inUse(stories: [story.id]))
        }
    }

    @Test(
        "publishing is refused, naming the image, while an image lacks alt text or credit", arguments: StoreBackend.all)
    func publicationNeedsReadyImages(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let (newsroom, media, stories) = try stores(fixture)
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let bare = try await photo(media, "bare", ready: false)
            var draft = StoryDraft.sample("Storm closes causeway")
            draft.leadImage = bare.id
            let story = try await newsroom.createStory(draft, status: .draft, author: ann.id)
            for status in [StoryStatus.published, .scheduled] {
                do {
                    _ = try await stories.setStatus(id: story.id, to: status, publishedAt: Self.time)
                    Issue.record("a story went \(status) with a lead image lacking alt text and credit")
                } catch let error as StoreError {
                    #expect(error.invalidFields == ["lead_image"])
                    #expect(error.description.contains("bare.jpg"))
                    #expect(error.description.contains("alt text and credit"))
                }
            }
            #expect(try await stories.story(id: story.id)?.status == .draft)
            // Created straight away as published: refused too, nothing stored.
            await #expect(throws: StoreError.self) {
                _ = try await newsroom.createStory(draft, status: .published, author: ann.id)
            }
            #expect(try await stories.storyCount() == 1)

            _ = try await media.updateMedia(
                id: bare.id, details: MediaDetails(altText: "Waves over the road", credit: "Dateline demo"),
                at: Self.time)
            #expect(try await stories.setStatus(id: story.id, to: .published, publishedAt: nil).status == .published)

            // A live story takes no body image that is missing, unready or inside a paragraph.
            let unready = try await photo(media, "unready", ready: false)
            let ready = try await photo(media, "ready")
            for (block, expected) in [
                ("![Gone](media:424242)", "424242"),
                ("![Unready](media:\(unready.id))", "unready.jpg"),
                ("Words around ![it](media:\(ready.id)) in text.", "paragraph of its own"),
            ] {
                var edit = try #require(try await stories.story(id: story.id)).draft
                edit.body.append(block)
                do {
                    _ = try await newsroom.updateStory(id: story.id, with: edit, author: ann.id)
                    Issue.record("a live story took the body block \(block)")
                } catch let error as StoreError {
                    #expect(error.invalidFields == ["body"])
                    #expect(error.description.contains(expected))
                }
            }
            #expect(try await stories.story(id: story.id)?.body.count == 2)
        }
    }

    @Test(
        "an image that loses its credit after publication does not stop the story being edited or taken down",
        arguments: StoreBackend.all)
    func liveStoryStaysEditable(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let (newsroom, media, stories) = try stores(fixture)
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let lead = try await photo(media, "lead")
            var draft = StoryDraft.sample("Ferry timetable changes")
            draft.leadImage = lead.id
            let story = try await newsroom.createStory(draft, status: .published, author: ann.id)
            _ = try await media.updateMedia(id: lead.id, details: MediaDetails(altText: "A ferry"), at: Self.time)
            var edit = story.draft
            edit.headline = "Ferry timetable changes again"
            #expect(try await newsroom.updateStory(id: story.id, with: edit, author: ann.id).headline == edit.headline)
            #expect(
                try await stories.setStatus(id: story.id, to: .unpublished, publishedAt: nil).status == .unpublished)
            // Going live again asks for the credit.
            await #expect(throws: StoreError.self) {
                _ = try await stories.setStatus(id: story.id, to: .published, publishedAt: nil)
            }
        }
    }

    @Test(
        "an archive carries the lead image, and an archive without the key still imports", arguments: StoreBackend.all)
    func archiveCarriesLeadImage(_ backend: StoreBackend) async throws {
        let record = ArchiveRecord.Story(
            id: 7, slug: "a", headline: "A", section: "world", datelinePlace: nil, datelineSource: nil, byline: nil,
            body: ["x"], highlights: [], highlightsOrigin: "editor", topicsOrigin: "editor", status: "draft",
            publishedAt: nil, createdAt: ArchiveTime(Self.time), updatedAt: ArchiveTime(Self.time), sourceURL: nil,
            sourceChecksum: nil, ownerID: nil, topics: [], leadImage: 12)
        let encoded = try JSONEncoder().encode(record)
        #expect(String(decoding: encoded, as: UTF8.self).contains("\"lead_image\":12"))
        #expect(try JSONDecoder().decode(ArchiveRecord.Story.self, from: encoded).leadImage == 12)
        var old = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        old["lead_image"] = nil
        let oldData = try JSONSerialization.data(withJSONObject: old)
        #expect(try JSONDecoder().decode(ArchiveRecord.Story.self, from: oldData).leadImage == nil)

        try await backend.withStore { fixture in
            let (newsroom, media, _) = try stores(fixture)
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let lead = try await photo(media, "lead")
            var draft = StoryDraft.sample("Bridge opens")
            draft.leadImage = lead.id
            let story = try await newsroom.createStory(draft, status: .published, author: ann.id)
            let archive = try #require(fixture.store as? any ArchiveStore)
            var records: [ArchiveRecord] = []
            try await archive.exportArchive { records.append($0) }
            let exported = records.compactMap { record -> ArchiveRecord.Story? in
                if case .story(let story) = record { return story }
                return nil
            }
            #expect(exported.first { $0.id == story.id }?.leadImage == lead.id)
            try await TemporaryFolder.with { folder in
                let target = try SQLiteStoryStore(path: folder.path("moved.sqlite"))
                _ = try await target.importArchive(records)
                #expect(try await target.story(id: story.id)?.leadImage == lead.id)
            }
        }
    }

    @Test(
        "a scheduled story goes live on time even when a picture stopped being ready, and its log names the picture",
        arguments: StoreBackend.all)
    func goLiveNamesPicturesToFix(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let (newsroom, media, stories) = try stores(fixture)
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let lead = try await photo(media, "lead")
            let figure = try await photo(media, "figure")
            var draft = StoryDraft.sample("Ferry timetable changes")
            draft.leadImage = lead.id
            draft.body.append("![The ferry](media:\(figure.id))")
            let story = try await newsroom.createStory(draft, status: .draft, author: ann.id)
            let due = Self.time + 3600
            _ = try await stories.setStatus(id: story.id, to: .scheduled, publishedAt: due)

            // While it waits, the lead picture loses its credit and the figure is deleted by force.
            _ = try await media.updateMedia(id: lead.id, details: MediaDetails(altText: "A lead"), at: Self.time + 60)
            _ = try await media.deleteMedia(id: figure.id, force: true)

            let published = try await newsroom.publishDueStories(now: due + 1)
            #expect(published.map(\.id) == [story.id])
            #expect(try await stories.story(id: story.id)?.status == .published)
            let log = try await newsroom.activity(ofStory: story.id, limit: 20)
            let note = try #require(log.first { $0.kind == .published }?.note)
            #expect(note.hasPrefix("Went live at its scheduled time, but"))
            #expect(note.contains("the lead image \(lead.id) (“lead.jpg”) has no credit"))
            #expect(note.contains("image \(figure.id) is no longer in the media library"))
        }
    }
}
