import DatelineCore
import DatelineStore
import Foundation
import Testing

/// The media library's store, on both backends (issue 14: originals kept in the database,
/// dedupe by digest, details with limits, replace with a new version, delete refused while a
/// published story uses the image).
///
/// The store never decodes images (the pipeline does, before storing), so these tests store
/// arbitrary bytes and say what format and size they stand for.
@Suite("MediaStore")
struct MediaStoreTests {
    private static func image(_ text: String, name: String = "harbour.jpg", width: Int = 1600, height: Int = 900)
        -> MediaImage
    {
        MediaImage(bytes: Data(text.utf8), fileName: name, format: "jpeg", width: width, height: height)
    }

    private static let time = Date(timeIntervalSince1970: 1_800_000_000)

    private func media(_ fixture: StoreFixture) throws -> any MediaStore {
        try #require(fixture.store as? any MediaStore, "the backend must keep media too")
    }

    @Test("an image stored comes back whole, and the same bytes again give the same item", arguments: StoreBackend.all)
    func addAndDedupe(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try media(fixture)
            let ann = try await fixture.newsroom().createUser(
                email: "ann@example.com", name: "Ann", role: .writer, passwordHash: "h")
            var bytes = Data(repeating: 0, count: 70_000)
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
            let upload = MediaImage(
                bytes: bytes, fileName: "../../etc/Boats at dawn.jpg", format: "jpeg", width: 1600, height: 900)
            let first = try await store.addMedia(
                NewMedia(
                    image: upload, details: MediaDetails(altText: "  Boats   at dawn ", credit: nil),
                    uploadedBy: ann.id,
                    time: Self.time))
            #expect(first.created)
            #expect(first.item.fileName == "Boats at dawn.jpg")
            #expect(first.item.details.altText == "Boats at dawn")
            #expect(first.item.details.credit == nil)
            #expect(first.item.version == 1)
            #expect(first.item.byteCount == 70_000)
            #expect(first.item.width == 1600 && first.item.height == 900)
            #expect(first.item.uploadedByName == "Ann")
            #expect(first.item.digest.count == 64)
            #expect(!first.item.isReadyToPublish)
            #expect(first.item.missingForPublication == ["credit"])

            let original = try #require(try await store.mediaOriginal(id: first.item.id))
            #expect(original.bytes == bytes)
            #expect(original.version == 1)
            #expect(original.format == "jpeg")
            #expect(original.digest == first.item.digest)

            let again = try await store.addMedia(
                NewMedia(
                    image: MediaImage(bytes: bytes, fileName: "copy.jpg", format: "jpeg", width: 1600, height: 900),
                    details: MediaDetails(altText: "Other words"), uploadedBy: nil, time: Self.time + 60))
            #expect(!again.created)
            #expect(again.item.id == first.item.id)
            #expect(again.item.details.altText == "Boats at dawn")
            #expect(try await store.mediaItems(MediaQuery()).count == 1)
            #expect(try await store.media(id: first.item.id + 1000) == nil)
            #expect(try await store.mediaOriginal(id: first.item.id + 1000) == nil)
        }
    }

    @Test(
        "details over their limits or with control characters are refused and nothing is stored",
        arguments: StoreBackend.all)
    func detailRules(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try media(fixture)
            let tooLong = MediaDetails(
                altText: String(repeating: "a", count: MediaRules.altTextLimit + 1),
                credit: String(repeating: "c", count: MediaRules.creditLimit + 1),
                caption: String(repeating: "p", count: MediaRules.captionLimit + 1))
            do {
                _ = try await store.addMedia(
                    NewMedia(image: Self.image("a"), details: tooLong, uploadedBy: nil, time: Self.time))
                Issue.record("over-long details were stored")
            } catch let error as StoreError {
                #expect(error.invalidFields == ["alt", "credit", "caption"])
            }
            do {
                _ = try await store.addMedia(
                    NewMedia(
                        image: Self.image("b"), details: MediaDetails(credit: "Ann\u{0}Arden"), uploadedBy: nil,
                        time: Self.time))
                Issue.record("a credit with a NUL was stored")
            } catch let error as StoreError {
                #expect(error.invalidFields == ["credit"])
            }
            #expect(try await store.mediaItems(MediaQuery()).isEmpty)

            // Exactly at the limits is accepted.
            let atLimits = MediaDetails(
                altText: String(repeating: "a", count: MediaRules.altTextLimit),
                credit: String(repeating: "c", count: MediaRules.creditLimit),
                caption: String(repeating: "p", count: MediaRules.captionLimit))
            let added = try await store.addMedia(
                NewMedia(image: Self.image("c"), details: atLimits, uploadedBy: nil, time: Self.time))
            #expect(added.item.isReadyToPublish)
            do {
                _ = try await store.updateMedia(id: added.item.id, details: tooLong, at: Self.time)
                Issue.record("an update with over-long details was stored")
            } catch let error as StoreError {
                #expect(error.invalidFields == ["alt", "credit", "caption"])
            }
            #expect(try await store.media(id: added.item.id)?.details == atLimits)
        }
    }

    @Test(
        "search matches every word in alt text, credit, caption or file name, newest first, paged",
        arguments: StoreBackend.all)
    func search(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try media(fixture)
            let newsroom = try fixture.newsroom()
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .writer, passwordHash: "h")
            func add(_ key: String, _ name: String, _ details: MediaDetails, minutes: Double, by user: Int64? = nil)
                async throws -> Int64
            {
                try await store.addMedia(
                    NewMedia(
                        image: Self.image(key, name: name), details: details, uploadedBy: user,
                        time: Self.time + minutes * 60)
                ).item.id
            }
            let ferry = try await add(
                "1", "IMG_0001.jpg", MediaDetails(altText: "The ferry leaving Port Ellen"), minutes: 1)
            let harbour = try await add(
                "2", "harbour-wall.png", MediaDetails(credit: "Jane Arden/Dateline", caption: "The repaired wall"),
                minutes: 2,
                by: ann.id)
            let storm = try await add(
                "3", "storm_100%.jpg", MediaDetails(caption: "Storm over the FERRY terminal"), minutes: 3)

            #expect(try await store.mediaItems(MediaQuery()).map(\.id) == [storm, harbour, ferry])
            #expect(try await store.mediaItems(MediaQuery(text: "ferry")).map(\.id) == [storm, ferry])
            #expect(try await store.mediaItems(MediaQuery(text: "ferry port")).map(\.id) == [ferry])
            #expect(try await store.mediaItems(MediaQuery(text: "arden")).map(\.id) == [harbour])
            #expect(try await store.mediaItems(MediaQuery(text: "wall.png")).map(\.id) == [harbour])
            // LIKE's wildcards are taken literally.
            #expect(try await store.mediaItems(MediaQuery(text: "100%")).map(\.id) == [storm])
            #expect(try await store.mediaItems(MediaQuery(text: "_")).map(\.id) == [storm, ferry])
            #expect(try await store.mediaItems(MediaQuery(text: "nothing-like-this")).isEmpty)
            #expect(try await store.mediaItems(MediaQuery(limit: 2)).map(\.id) == [storm, harbour])
            #expect(try await store.mediaItems(MediaQuery(limit: 2, offset: 2)).map(\.id) == [ferry])
            #expect(try await store.mediaItems(MediaQuery(uploadedBy: ann.id)).map(\.id) == [harbour])
        }
    }

    @Test(
        "editing details keeps the image; replacing it keeps the details and raises the version",
        arguments: StoreBackend.all)
    func updateAndReplace(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try media(fixture)
            let added = try await store.addMedia(
                NewMedia(
                    image: Self.image("old"), details: MediaDetails(altText: "Old"), uploadedBy: nil, time: Self.time)
            ).item
            let edited = try #require(
                try await store.updateMedia(
                    id: added.id,
                    details: MediaDetails(altText: "A gull on the pier", credit: "Ann Arden", caption: ""),
                    at: Self.time + 60))
            #expect(edited.details == MediaDetails(altText: "A gull on the pier", credit: "Ann Arden", caption: nil))
            #expect(edited.isReadyToPublish)
            #expect(edited.version == 1)
            #expect(edited.updatedAt == Self.time + 60)
            #expect(edited.createdAt == Self.time)

            let replaced = try #require(
                try await store.replaceMedia(
                    id: added.id,
                    with: MediaImage(
                        bytes: Data("new".utf8), fileName: "gull.webp", format: "webp", width: 800, height: 1200),
                    at: Self.time + 120))
            #expect(replaced.version == 2)
            #expect(replaced.digest != added.digest)
            #expect(replaced.format == "webp")
            #expect(replaced.width == 800 && replaced.height == 1200)
            #expect(replaced.fileName == "gull.webp")
            #expect(replaced.details == edited.details)
            let original = try #require(try await store.mediaOriginal(id: added.id))
            #expect(original.bytes == Data("new".utf8))
            #expect(original.version == 2)

            // The old bytes are free again; bytes another item holds are refused.
            let other = try await store.addMedia(
                NewMedia(image: Self.image("old"), details: MediaDetails(), uploadedBy: nil, time: Self.time + 180))
            #expect(other.created)
            do {
                _ = try await store.replaceMedia(id: added.id, with: Self.image("old"), at: Self.time + 240)
                Issue.record("a replacement with another item's bytes was stored")
            } catch let error as StoreError {
                #expect(error.invalidFields == ["file"])
            }
            #expect(try await store.media(id: added.id)?.version == 2)

            #expect(try await store.updateMedia(id: 987_654, details: MediaDetails(), at: Self.time) == nil)
            #expect(try await store.replaceMedia(id: 987_654, with: Self.image("x"), at: Self.time) == nil)
        }
    }

    @Test("an image a published story uses is deleted only when forced", arguments: StoreBackend.all)
    func deleteRefusedWhileUsed(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try media(fixture)
            let newsroom = try fixture.newsroom()
            let ann = try await newsroom.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let live = try await newsroom.createStory(
                .sample("Harbour wall repaired"), status: .published, author: ann.id)
            let draft = try await newsroom.createStory(.sample("Ferry fares rise"), status: .draft, author: ann.id)
            let photo = try await store.addMedia(
                NewMedia(image: Self.image("photo"), details: MediaDetails(), uploadedBy: nil, time: Self.time)
            ).item
            let spare = try await store.addMedia(
                NewMedia(image: Self.image("spare"), details: MediaDetails(), uploadedBy: nil, time: Self.time)
            ).item

            try await store.setMediaUses(ofStory: live.id, media: [photo.id, 999_999])
            try await store.setMediaUses(ofStory: draft.id, media: [spare.id])
            #expect(try await store.publishedStories(usingMedia: photo.id) == [live.id])
            #expect(try await store.publishedStories(usingMedia: spare.id).isEmpty)

            #expect(try await store.deleteMedia(id: photo.id, force: false) == .inUse(stories: [live.id]))
            #expect(try await store.media(id: photo.id) != nil)
            // A draft's use does not hold an image.
            #expect(try await store.deleteMedia(id: spare.id, force: false) == .deleted)
            #expect(try await store.media(id: spare.id) == nil)

            // Once the story no longer uses it, it can go; until then only by force.
            try await store.setMediaUses(ofStory: live.id, media: [])
            #expect(try await store.publishedStories(usingMedia: photo.id).isEmpty)
            try await store.setMediaUses(ofStory: live.id, media: [photo.id])
            #expect(try await store.deleteMedia(id: photo.id, force: true) == .deleted)
            #expect(try await store.media(id: photo.id) == nil)
            #expect(try await store.mediaOriginal(id: photo.id) == nil)
            #expect(try await store.deleteMedia(id: photo.id, force: false) == .notFound)

            do {
                try await store.setMediaUses(ofStory: 424_242, media: [])
                Issue.record("uses were recorded for a story that does not exist")
            } catch let error as StoreError {
                #expect(error.isNotFound(424_242))
            }
        }
    }

    @Test("an image stored through one instance is read whole through another", arguments: StoreBackend.all)
    func sharedAcrossInstances(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try media(fixture)
            let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
            let added = try await store.addMedia(
                NewMedia(
                    image: MediaImage(bytes: bytes, fileName: "big.png", format: "png", width: 4000, height: 3000),
                    details: MediaDetails(), uploadedBy: nil, time: Self.time)
            ).item
            let other = try #require(try await fixture.openAnother() as? any MediaStore)
            #expect(try await other.mediaOriginal(id: added.id)?.bytes == bytes)
            #expect(try await other.media(id: added.id) == added)
        }
    }
}
