import DatelineArchive
import DatelineCore
import DatelineStore
import Foundation
import Testing

/// The archive contract: everything exported from one backend is imported whole into another,
/// keys, slugs and times kept; a refused or broken import writes nothing.
@Suite struct ArchiveStoreTests {
    typealias FullStore = any NewsroomStore & MailStore & ArchiveStore

    /// A source backend and a target backend.
    struct Move: Sendable, CustomTestStringConvertible {
        let source: StoreBackend
        let target: StoreBackend
        var testDescription: String { "\(source.name) → \(target.name)" }

        /// SQLite → SQLite always; SQLite ↔ PostgreSQL when PostgreSQL is in ``StoreBackend/all``.
        static var all: [Move] {
            var moves = [Move(source: .sqlite, target: .sqlite)]
            if StoreBackend.all.contains(where: { $0.name == StoreBackend.postgres.name }) {
                moves.append(Move(source: .sqlite, target: .postgres))
                moves.append(Move(source: .postgres, target: .sqlite))
            }
            return moves
        }
    }

    @Test(arguments: Move.all)
    func movesEverythingBetweenBackends(move: Move) async throws {
        try await move.source.withStore { sourceFixture in
            try await move.target.withStore { targetFixture in
                let source = try #require(sourceFixture.store as? FullStore)
                let target = try #require(targetFixture.store as? FullStore)
                let site = try await SiteContent(in: source)
                let lines = try await Self.exportLines(source)
                let records = try lines.map { try ArchiveRecord(jsonLine: $0) }
                let counts = try await target.importArchive(records)
                #expect(counts.stories == site.stories.count)
                #expect(counts.users == 3)
                #expect(counts.mail == 1)
                #expect(counts.media == 2)
                // Exporting the target again gives the same records, header aside, whenever no
                // time had to lose precision on the way.
                if move.target.name != StoreBackend.sqlite.name || move.source.name == StoreBackend.sqlite.name {
                    let again = try await Self.exportLines(target)
                    #expect(again.count == lines.count)
                    for (moved, original) in zip(again.dropFirst(), lines.dropFirst()) { #expect(moved == original) }
                }
                try await site.expectCarried(into: target, exact: move.source.name == move.target.name)
            }
        }
    }

    /// Followed sources travel as the newsroom set them up, due at once in the new database; one
    /// that `sources add` would refuse is refused with nothing written.
    @Test(arguments: Move.all)
    func movesFollowedSources(move: Move) async throws {
        try await move.source.withStore { sourceFixture in
            try await move.target.withStore { targetFixture in
                let source = try #require(
                    sourceFixture.store as? any NewsroomStore & MailStore & ArchiveStore & SourceStore)
                let target = try #require(
                    targetFixture.store as? any NewsroomStore & MailStore & ArchiveStore & SourceStore)
                _ = try await SiteContent(in: source)
                let wire = try await source.addFeedSource(
                    NewFeedSource(url: "https://wire.example/g2/latest", section: "World", intervalMinutes: 5),
                    now: Times.base)
                let local = try await source.addFeedSource(
                    NewFeedSource(url: "http://10.0.0.9/feed.xml", intervalMinutes: 60, allowPrivate: true),
                    now: Times.base + 60)
                try await source.pauseFeedSource(id: local.id, paused: true, now: Times.base + 120)
                let records = try await Self.exportRecords(source)
                let counts = try await target.importArchive(records)
                #expect(counts.sources == 2)
                let moved = try await target.feedSources().sorted { $0.id < $1.id }
                #expect(moved.map(\.id) == [wire.id, local.id])
                #expect(moved.map(\.url) == ["https://wire.example/g2/latest", "http://10.0.0.9/feed.xml"])
                #expect(moved.map(\.section) == ["World", nil] && moved.map(\.intervalMinutes) == [5, 60])
                #expect(moved.map(\.allowPrivate) == [false, true] && moved.map(\.paused) == [false, true])
                #expect(moved.map { $0.createdAt.timeIntervalSince(Times.base) } == [0, 60])
                // A source added after the import gets a fresh key.
                let added = try await target.addFeedSource(
                    NewFeedSource(url: "https://other.example/feed"), now: Times.base + 180)
                #expect(added.id > local.id)

                // An archive whose source could not be followed is refused whole.
                let broken = records.map { record -> ArchiveRecord in
                    guard case .source(var value) = record, value.id == wire.id else { return record }
                    value.url = "ftp://wire.example/latest"
                    return .source(value)
                }
                try await TemporaryFolder.with { folder in
                    let empty = try SQLiteStoryStore(path: folder.path("empty.sqlite"))
                    await #expect {
                        try await empty.importArchive(broken)
                    } throws: { error in
                        "\(error)".contains("source \(wire.id) (ftp://wire.example/latest) cannot be followed as it is")
                    }
                    #expect(try await empty.feedSources().isEmpty)
                    #expect(try await empty.story(id: 1) == nil)
                }
            }
        }
    }

    /// Version 2 archives (before media records, their trailer without a media count) still import.
    @Test func readsVersion2Archives() async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            let site = try await SiteContent(in: source)
            var writer = ArchiveLineWriter()
            var data = Data()
            for record in try await Self.exportRecords(source) {
                switch record {
                case .header(var header):
                    #expect(header.version == 3)
                    header.version = 2
                    data += try writer.line(for: .header(header))
                case .media: continue
                default: data += try writer.line(for: record)
                }
            }
            let trailer = String(decoding: try writer.trailerLine(), as: UTF8.self)
            #expect(trailer.contains(#""media":0,"#))
            data += Data(trailer.replacingOccurrences(of: #""media":0,"#, with: "").utf8)
            let target = try SQLiteStoryStore(path: folder.path("target.sqlite"))
            let counts = try await target.importArchive(lines: data)
            #expect(counts.media == 0)
            #expect(counts.stories == site.stories.count)
            #expect(try await target.mediaItems(MediaQuery()).isEmpty)
        }
    }

    /// A media record whose bytes do not match its digest, or that names a story the archive
    /// lacks, is refused with nothing written.
    @Test(arguments: StoreBackend.all)
    func refusesBrokenMediaRecords(backend: StoreBackend) async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            _ = try await SiteContent(in: source)
            let records = try await Self.exportRecords(source)
            let index = try #require(records.firstIndex { if case .media = $0 { true } else { false } })
            guard case .media(let item) = records[index] else { return }
            var altered = item
            altered.original[0] ^= 0xFF
            var orphan = item
            orphan.usedBy = [9_999]
            for (broken, message) in [
                (altered, "media item \(item.id) has original bytes whose SHA-256 is not the recorded"),
                (orphan, "media item \(item.id) is used by story 9999, which the archive lacks"),
            ] {
                var archive = records
                archive[index] = .media(broken)
                try await backend.withStore { fixture in
                    let target = try #require(fixture.store as? FullStore)
                    do {
                        _ = try await target.importArchive(archive)
                        Issue.record("a broken media record was imported")
                    } catch {
                        #expect("\(error)".contains(message), "\(error)")
                    }
                    #expect(try await target.storyCount() == 0)
                    #expect(try await (target as? any MediaStore)?.mediaItems(MediaQuery()).isEmpty == true)
                }
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func refusesANonEmptyDatabase(backend: StoreBackend) async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            _ = try await SiteContent(in: source)
            let records = try await Self.exportRecords(source)
            try await backend.withStore { fixture in
                let target = try #require(fixture.store as? FullStore)
                let existing = try await target.create(.sample("Already here"), status: .published)
                await #expect(throws: StoreError.self) { _ = try await target.importArchive(records) }
                do {
                    _ = try await target.importArchive(records)
                } catch {
                    #expect((error as? StoreError)?.failedMessage?.contains("empty database") == true)
                }
                #expect(try await target.storyCount() == 1)
                #expect(try await target.userCount() == 0)
                #expect(try await target.story(id: existing.id) == existing)
                #expect(try await target.mailCounts().pending == 0)
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func aBrokenArchiveLeavesTheTargetEmpty(backend: StoreBackend) async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            _ = try await SiteContent(in: source)
            var records = try await Self.exportRecords(source)
            // An early story claims the imported story's source page: the database refuses the
            // imported story only after sections, users and the stories before it were written.
            let stories = records.indices.filter { if case .story = records[$0] { true } else { false } }
            let imported = try #require(
                stories.first { if case .story(let story) = records[$0] { story.sourceURL != nil } else { false } })
            guard case .story(let original) = records[imported], let early = stories.first, early != imported,
                case .story(var broken) = records[early]
            else {
                Issue.record("the sample has no story before its imported one")
                return
            }
            broken.sourceURL = original.sourceURL
            broken.sourceChecksum = original.sourceChecksum
            records[early] = .story(broken)
            try await backend.withStore { fixture in
                let target = try #require(fixture.store as? FullStore)
                await #expect(throws: StoreError.self) { _ = try await target.importArchive(records) }
                #expect(try await target.storyCount() == 0)
                #expect(try await target.userCount() == 0)
                #expect(try await target.mailCounts().pending == 0)
                // The refusal left nothing behind: the same database takes a good archive.
                let good = try await Self.exportRecords(source)
                #expect(try await target.importArchive(good).stories == stories.count)
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func refusesMalformedArchivesBeforeWriting(backend: StoreBackend) async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            _ = try await SiteContent(in: source)
            let records = try await Self.exportRecords(source)
            try await backend.withStore { fixture in
                let target = try #require(fixture.store as? FullStore)
                var unknownVersion = records
                if case .header(var header) = unknownVersion[0] {
                    header.version = ArchiveRecord.version + 1
                    unknownVersion[0] = .header(header)
                }
                var badStatus = records
                if let index = badStatus.lastIndex(where: { if case .story = $0 { true } else { false } }),
                    case .story(var story) = badStatus[index]
                {
                    story.status = "retracted"
                    badStatus[index] = .story(story)
                }
                for archive in [unknownVersion, badStatus, Array(records.dropFirst())] {
                    await #expect(throws: StoreError.self) { _ = try await target.importArchive(archive) }
                }
                #expect(try await target.storyCount() == 0)
                #expect(try await target.userCount() == 0)
            }
        }
    }

    @Test func sqliteExportReadsPastItsPageSize() async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            for number in 1...501 {
                _ = try await source.create(
                    .sample("Story number \(number)", topics: ["Topic \(number % 7)"]), status: .draft)
            }
            let records = try await Self.exportRecords(source)
            let ids = records.compactMap { if case .story(let story) = $0 { story.id } else { nil } }
            #expect(ids == Array(1...501))
            let target = try SQLiteStoryStore(path: folder.path("target.sqlite"))
            #expect(try await target.importArchive(records).stories == 501)
            #expect(try await target.story(id: 501) == (try await source.story(id: 501)))
        }
    }

    @Test func timesKeepTheirText() throws {
        let time = try #require(ArchiveTime(text: "2008-02-17 14:05:00.123"))
        #expect(time.description == "2008-02-17T14:05:00.123000Z")
        #expect(time.sqliteText == "2008-02-17 14:05:00.123")
        #expect(ArchiveTime(text: time.description) == time)
        #expect(ArchiveTime(time.date) == time)
        let fine = try #require(ArchiveTime(text: "1999-12-31T23:59:59.999600Z"))
        #expect(fine.sqliteText == "2000-01-01 00:00:00.000")
        #expect(ArchiveTime(text: "1066-10-14T09:00:00.000001Z")?.description == "1066-10-14T09:00:00.000001Z")
        #expect(ArchiveTime(text: "2008-02-30T25:00:00Z") == nil)
        #expect(ArchiveTime(text: "yesterday") == nil)
    }

    // MARK: Helpers

    static func exportLines(_ store: FullStore) async throws -> [String] {
        var lines: [String] = []
        try await store.exportArchive { record in lines.append(try record.jsonLine()) }
        return lines
    }

    static func exportRecords(_ store: FullStore) async throws -> [ArchiveRecord] {
        var records: [ArchiveRecord] = []
        try await store.exportArchive { record in records.append(record) }
        return records
    }
}

/// A small site using every table the archive carries, and the checks that a target holds it all.
struct SiteContent {
    typealias FullStore = any NewsroomStore & MailStore & ArchiveStore

    var users: [UserCredentials] = []
    var stories: [Story] = []
    var owners: [Int64: Int64?] = [:]
    var revisions: [Int64: [Revision]] = [:]
    var corrections: [Int64: [Correction]] = [:]
    var tokens: [Int64: [APIToken]] = [:]
    let liveDigest = String(repeating: "ab", count: 32)
    let revokedDigest = String(repeating: "cd", count: 32)
    var mail: StoredMail
    /// Media items (one replaced, one used by a published story) with their original bytes.
    var media: [MediaItem] = []
    var originals: [Int64: Data] = [:]
    var mediaUsers: [Int64: [Int64]] = [:]

    init(in store: FullStore) async throws {
        let admin = try await store.createUser(
            email: "ann@example.com", name: "Ann Admin", role: .admin, passwordHash: "$2b$12$annhash")
        let editor = try await store.createUser(
            email: "ed@example.com", name: "Ed Editor", role: .editor, passwordHash: "$2b$12$edhash")
        let writer = try await store.createUser(
            email: "wes@example.com", name: "Wes Writer", role: .writer, passwordHash: "$2b$12$weshash")
        for (index, status) in StoryStatus.allCases.enumerated() {
            let draft = StoryDraft.sample(
                "Harbour story \(status.rawValue)", section: index % 2 == 0 ? "World" : "Business",
                topics: ["Harbours", "Ferries \(index)", "Weather"], publishedAt: Times.day(index))
            let story = try await store.createStory(
                draft, status: status, author: index % 2 == 0 ? writer.id : editor.id)
            var edited = story.draft
            edited.body.append("A paragraph added by the editor.")
            edited.highlights = ["Edited highlight"]
            _ = try await store.updateStory(id: story.id, with: edited, author: editor.id)
            edited.topics = ["Weather", "Harbours"]
            _ = try await store.updateStory(id: story.id, with: edited, author: admin.id)
        }
        // Two stories with the same headline get distinct slugs, which must survive the move.
        _ = try await store.createStory(.sample("Harbour story draft"), status: .draft, author: writer.id)
        let imported = try await store.importStory(
            .imported("Imported harbour page", url: "https://example.com/harbour", checksum: "sum-1"))
        _ = try await store.addCorrection(
            "An earlier version misspelt the harbour.", toStory: imported.story.id, author: editor.id, at: Times.day(20)
        )
        _ = try await store.addCorrection(
            "The ferry leaves at noon.", toStory: imported.story.id, author: admin.id, at: Times.day(21))
        _ = try await store.createAPIToken(
            userID: editor.id, name: "CMS sync", digest: liveDigest, prefix: "dl_abcd", at: Times.day(22))
        let revoked = try await store.createAPIToken(
            userID: editor.id, name: "Old sync", digest: revokedDigest, prefix: "dl_cdef", at: Times.day(23))
        try await store.revokeAPIToken(id: revoked.id, ofUser: editor.id)
        try await store.createSession(
            NewsroomSession(digest: "session", userID: admin.id, createdAt: Times.day(24), lastSeenAt: Times.day(24)))
        mail = StoredMail(
            id: UUID(), payload: Data(#"{"to":"reader@example.com","subject":"A story"}"#.utf8),
            enqueuedAt: Times.day(25), attempts: 1, nextAttemptAt: Times.day(26), lastError: "451 try later")
        try await store.enqueueMail(mail)
        let delivered = StoredMail(
            id: UUID(), payload: Data("{}".utf8), enqueuedAt: Times.day(25), nextAttemptAt: Times.day(25))
        try await store.enqueueMail(delivered)
        try await store.markMailSent(id: delivered.id, at: Times.day(25))
        // A turned-off account keeps that state through the move.
        let accounts = try #require(store as? any AccountStore)
        _ = try await accounts.setActive(false, userID: writer.id, at: Times.day(26))

        for user in [admin, editor, writer] {
            users.append(try #require(try await store.credentials(email: user.email)))
            tokens[user.id] = try await store.apiTokens(ofUser: user.id)
        }
        stories = try await store.newsroomStories(NewsroomStoryFilter(limit: 500)).map(\.story).sorted { $0.id < $1.id }
        let library = try #require(store as? any MediaStore)
        let photo = try await library.addMedia(
            NewMedia(
                image: MediaImage(
                    bytes: Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }), fileName: "harbour.jpg",
                    format: "jpeg", width: 1600, height: 900),
                details: MediaDetails(altText: "Ferries at the quay", credit: "Ann Lee/Dateline", caption: "Dawn"),
                uploadedBy: editor.id, time: Times.day(27)))
        let logo = try await library.addMedia(
            NewMedia(
                image: MediaImage(
                    bytes: Data([1, 2, 3, 4]), fileName: "logo.png", format: "png", width: 10, height: 10),
                details: MediaDetails(altText: "Logo"), uploadedBy: nil, time: Times.day(27)))
        _ = try await library.replaceMedia(
            id: logo.item.id,
            with: MediaImage(
                bytes: Data([5, 6, 7, 8, 9]), fileName: "logo2.png", format: "png", width: 20, height: 12),
            at: Times.day(28))
        let published = try #require(stories.first { $0.status == .published })
        try await library.setMediaUses(ofStory: published.id, media: [photo.item.id, logo.item.id])
        for id in [photo.item.id, logo.item.id] {
            media.append(try #require(try await library.media(id: id)))
            originals[id] = try await library.mediaOriginal(id: id)?.bytes
            mediaUsers[id] = try await library.publishedStories(usingMedia: id)
        }
        #expect(media.map(\.version) == [1, 2])
        #expect(mediaUsers[photo.item.id] == [published.id])
        for story in stories {
            owners[story.id] = try await store.owner(ofStory: story.id)
            revisions[story.id] = try await store.revisions(ofStory: story.id)
            corrections[story.id] = try await store.corrections(ofStory: story.id)
        }
    }

    /// Checks that `target` holds everything, times compared exactly or (between backends) to
    /// the millisecond both keep.
    func expectCarried(into target: FullStore, exact: Bool) async throws {
        func same<T: Equatable>(_ value: T, _ normalize: (T) -> T) -> T { exact ? value : normalize(value) }
        #expect(try await target.storyCount() == stories.count)
        for story in stories {
            let moved = try #require(try await target.story(id: story.id))
            #expect(same(moved, Normal.story) == same(story, Normal.story))
            #expect(try await target.story(slug: story.slug)?.id == story.id)
            #expect(try await target.owner(ofStory: story.id) == owners[story.id] ?? nil)
            let movedRevisions = try await target.revisions(ofStory: story.id)
            #expect(
                movedRevisions.map { same($0, Normal.revision) }
                    == (revisions[story.id] ?? []).map { same($0, Normal.revision) })
            let movedCorrections = try await target.corrections(ofStory: story.id)
            #expect(
                movedCorrections.map { same($0, Normal.correction) }
                    == (corrections[story.id] ?? []).map { same($0, Normal.correction) })
        }
        for credentials in users {
            let moved = try #require(try await target.credentials(email: credentials.user.email))
            #expect(moved.passwordHash == credentials.passwordHash)
            #expect(same(moved.user, Normal.user) == same(credentials.user, Normal.user))
            let movedTokens = try await target.apiTokens(ofUser: credentials.user.id)
            #expect(
                movedTokens.map { same($0, Normal.token) }
                    == (tokens[credentials.user.id] ?? []).map { same($0, Normal.token) })
        }
        let (token, user) = try #require(try await target.apiTokenUser(digest: liveDigest))
        #expect(token.name == "CMS sync")
        #expect(user.email == "ed@example.com")
        #expect(try await target.apiTokenUser(digest: revokedDigest) == nil)
        #expect(try await target.session(digest: "session") == nil)

        #expect(try await target.mailCounts() == MailCounts(pending: 1, sent: 0, failed: 0))
        let claimed = try await target.claimDueMail(now: Times.day(30), leaseUntil: Times.day(31), limit: 10)
        #expect(claimed.map(\.id) == [mail.id])
        #expect(claimed.first?.payload == mail.payload)
        #expect(claimed.first?.attempts == mail.attempts + 1)
        #expect(claimed.first?.lastError == mail.lastError)

        let published = stories.filter { $0.status == .published }
        let edited = published.filter { $0.body.contains("A paragraph added by the editor.") }.map(\.id)
        #expect(!edited.isEmpty)
        let found = try await target.search(SearchQuery(text: "editor paragraph harbour"))
        #expect(Set(found.hits.map(\.story.id)) == Set(edited))
        let tagged = published.filter { $0.topics.contains { $0.name == "Weather" } }.map(\.id)
        #expect(try await target.search(SearchQuery(text: "weather")).total == tagged.count)
        #expect(try await target.search(SearchQuery(text: "imported")).total == 1)

        // New rows get fresh keys after the imported ones.
        let writer = try #require(users.first { $0.user.role == .writer }).user
        let fresh = try await target.createStory(.sample("A story after the move"), status: .draft, author: writer.id)
        #expect(fresh.id > (stories.map(\.id).max() ?? 0))
        let newUser = try await target.createUser(
            email: "new@example.com", name: "New Person", role: .contributor, passwordHash: "$2b$12$new")
        #expect(newUser.id > (users.map(\.user.id).max() ?? 0))
        let newToken = try await target.createAPIToken(
            userID: newUser.id, name: "New", digest: String(repeating: "ef", count: 32), prefix: "dl_efef",
            at: Times.day(40))
        #expect(newToken.id > (tokens.values.flatMap { $0 }.map(\.id).max() ?? 0))
        let before = revisions.values.flatMap { $0 }.map(\.id).max() ?? 0
        _ = try await target.updateStory(id: fresh.id, with: fresh.draft, author: writer.id)
        #expect(try await target.revisions(ofStory: fresh.id).allSatisfy { $0.id > before })
        _ = try await target.addCorrection("Fixed.", toStory: fresh.id, author: writer.id, at: Times.day(41))
        try await expectMediaCarried(into: target)
    }

    /// The media library under the same ids: details, versions, the original bytes, which
    /// published stories use each item, and a fresh id for the next upload.
    func expectMediaCarried(into target: FullStore) async throws {
        let library = try #require(target as? any MediaStore)
        for item in media {
            let moved = try #require(try await library.media(id: item.id))
            var expected = item
            expected.createdAt = Normal.time(item.createdAt)
            expected.updatedAt = Normal.time(item.updatedAt)
            var got = moved
            got.createdAt = Normal.time(moved.createdAt)
            got.updatedAt = Normal.time(moved.updatedAt)
            #expect(got == expected)
            let original = try #require(try await library.mediaOriginal(id: item.id))
            #expect(original.bytes == originals[item.id])
            #expect(original.version == item.version)
            #expect(try await library.publishedStories(usingMedia: item.id) == mediaUsers[item.id])
        }
        let added = try await library.addMedia(
            NewMedia(
                image: MediaImage(bytes: Data([42, 43]), fileName: "new.gif", format: "gif", width: 2, height: 2),
                details: MediaDetails(), uploadedBy: nil, time: Times.day(42)))
        #expect(added.created)
        #expect(added.item.id > (media.map(\.id).max() ?? 0))
    }
}

/// Values with every time rounded to the millisecond, the precision SQLite keeps.
enum Normal {
    static func time(_ date: Date) -> Date { ArchiveTime(date).roundedToMilliseconds.date }

    static func story(_ story: Story) -> Story {
        var story = story
        story.publishedAt = story.publishedAt.map(time)
        story.createdAt = time(story.createdAt)
        story.updatedAt = time(story.updatedAt)
        return story
    }

    static func revision(_ revision: Revision) -> Revision {
        var revision = revision
        revision.createdAt = time(revision.createdAt)
        return revision
    }

    static func correction(_ correction: Correction) -> Correction {
        var correction = correction
        correction.createdAt = time(correction.createdAt)
        return correction
    }

    static func user(_ user: User) -> User {
        var user = user
        user.createdAt = time(user.createdAt)
        user.deactivatedAt = user.deactivatedAt.map(time)
        return user
    }

    static func token(_ token: APIToken) -> APIToken {
        var token = token
        token.createdAt = time(token.createdAt)
        token.lastUsedAt = token.lastUsedAt.map(time)
        token.revokedAt = token.revokedAt.map(time)
        return token
    }
}
