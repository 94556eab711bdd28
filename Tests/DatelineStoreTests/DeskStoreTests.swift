import DatelineCore
import DatelineStore
import Foundation
import Testing

/// The trash, the activity log and presence, on both backends (issue 15: delete goes to a trash,
/// an activity log per story, who else has a story open).
@Suite("DeskStore")
struct DeskStoreTests {
    @Test(
        "a live story moved to the trash leaves the site and the desk's list, and comes back",
        arguments: StoreBackend.all)
    func trashAndRestore(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let story = try await store.createStory(
                .sample("Harbour wall repaired"), status: .published, author: ann.id)
            let other = try await store.createStory(.sample("Ferry fares rise"), status: .draft, author: ann.id)
            let time = Date(timeIntervalSince1970: 1_800_000_000)

            let trashed = try await store.moveToTrash(story: story.id, by: ann.id, at: time)
            #expect(trashed.statusBefore == .published)
            #expect(trashed.story.status == .unpublished)
            #expect(trashed.trashedByName == "Ann")
            #expect(try await store.story(slug: story.slug)?.status.isPublic == false)
            #expect(try await store.newsroomStories(NewsroomStoryFilter()).map(\.story.id) == [other.id])
            #expect(try await store.trashedStories(limit: 10).map(\.story.id) == [story.id])
            #expect(try await store.trashEntry(story: story.id)?.trashedAt == time)
            #expect(try await store.trashEntry(story: other.id) == nil)

            // In the trash it takes no edit and no workflow step, and cannot be trashed twice.
            await #expect(throws: StoreError.notFound(id: story.id)) {
                try await store.saveStory(id: story.id, with: story.draft, author: ann.id, basedOn: nil, then: nil)
            }
            await #expect(throws: StoreError.notFound(id: story.id)) {
                try await store.setStatus(id: story.id, to: .published, publishedAt: nil)
            }
            await #expect(throws: StoreError.notFound(id: story.id)) {
                try await store.moveToTrash(story: story.id, by: ann.id, at: time)
            }

            let restored = try await store.restoreFromTrash(story: story.id, by: ann.id, at: time + 60)
            #expect(restored.status == .unpublished)
            #expect(restored.body == story.body)
            #expect(try await store.revisions(ofStory: story.id).count == 1)
            #expect(try await store.trashedStories(limit: 10).isEmpty)
            #expect(
                Set(try await store.newsroomStories(NewsroomStoryFilter()).map(\.story.id)) == [story.id, other.id])
            await #expect(throws: StoreError.notFound(id: story.id)) {
                try await store.restoreFromTrash(story: story.id, by: ann.id, at: time)
            }
            let log = try await store.activity(ofStory: story.id, limit: 10)
            #expect(log.map(\.kind) == [.restored, .trashed])
            #expect(log.first?.userName == "Ann")
        }
    }

    @Test("a scheduled story in the trash is not published when its time comes", arguments: StoreBackend.all)
    func trashedScheduledStoryStaysOff(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let story = try await store.createStory(.sample("Regatta postponed"), status: .draft, author: ann.id)
            let due = Date(timeIntervalSince1970: 1_800_000_000)
            _ = try await store.setStatus(id: story.id, to: .scheduled, publishedAt: due)
            try await store.moveToTrash(story: story.id, by: ann.id, at: due - 60)
            #expect(try await store.publishDueStories(now: due + 60).isEmpty)
            #expect(try await store.story(id: story.id)?.status == .unpublished)
            #expect(try await store.trashEntry(story: story.id)?.statusBefore == .scheduled)
        }
    }

    @Test(
        "purging deletes only what went into the trash before the cut-off, with its history",
        arguments: StoreBackend.all)
    func purge(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let old = try await store.createStory(.sample("Old news"), status: .draft, author: ann.id)
            let recent = try await store.createStory(.sample("Recent news"), status: .draft, author: ann.id)
            let kept = try await store.createStory(.sample("Kept news"), status: .draft, author: ann.id)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.moveToTrash(story: old.id, by: ann.id, at: now - TrashPolicy.retention - 3_600)
            try await store.moveToTrash(story: recent.id, by: nil, at: now - 3_600)
            #expect(try await store.purgeTrash(trashedBefore: now - TrashPolicy.retention) == 1)
            #expect(try await store.story(id: old.id) == nil)
            #expect(try await store.revisions(ofStory: old.id).isEmpty)
            #expect(try await store.activity(ofStory: old.id, limit: 10).isEmpty)
            #expect(try await store.trashEntry(story: recent.id)?.trashedByName == nil)
            #expect(try await store.story(id: kept.id) != nil)
            #expect(try await store.purgeTrash(trashedBefore: now - TrashPolicy.retention) == 0)
        }
    }

    @Test("the activity log keeps notes, newest first, and refuses bad notes", arguments: StoreBackend.all)
    func activityLog(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let story = try await store.createStory(.sample("Pier lights"), status: .draft, author: ann.id)
            let time = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.recordActivity(.init(storyID: story.id, userID: ann.id, kind: .submitted, time: time))
            try await store.recordActivity(
                .init(
                    storyID: story.id, userID: ann.id, kind: .returned, note: "  Check the mayor's title.\n",
                    time: time + 1))
            let log = try await store.activity(ofStory: story.id, limit: 10)
            #expect(log.map(\.kind) == [.returned, .submitted])
            #expect(log.first?.note == "Check the mayor's title.")
            #expect(log.first?.time == time + 1)

            let tooLong = String(repeating: "x", count: NewStoryActivity.noteLimit + 1)
            await #expect(throws: StoreError.self) {
                try await store.recordActivity(
                    .init(storyID: story.id, userID: ann.id, kind: .note, note: tooLong, time: time))
            }
            await #expect(throws: StoreError.self) {
                try await store.recordActivity(
                    .init(storyID: story.id, userID: ann.id, kind: .note, note: "bell\u{7}", time: time))
            }
            await #expect(throws: StoreError.notFound(id: 9_999)) {
                try await store.recordActivity(
                    .init(storyID: 9_999, userID: ann.id, kind: .note, note: "x", time: time))
            }
            #expect(try await store.activity(ofStory: story.id, limit: 10).count == 2)
        }
    }

    @Test("presence lists who had the story open within the window", arguments: StoreBackend.all)
    func presence(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let bob = try await store.createUser(
                email: "bob@example.com", name: "Bob", role: .writer, passwordHash: "h")
            let story = try await store.createStory(.sample("Tide tables"), status: .draft, author: ann.id)
            let time = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.markPresent(story: story.id, user: ann.id, at: time)
            try await store.markPresent(story: story.id, user: bob.id, at: time - 120)
            #expect(try await store.presence(onStory: story.id, since: time - 60).map(\.name) == ["Ann"])
            try await store.markPresent(story: story.id, user: bob.id, at: time + 5)
            #expect(try await store.presence(onStory: story.id, since: time - 60).map(\.name) == ["Bob", "Ann"])
            // A goodbye older than the latest hello changes nothing; a later one removes it.
            try await store.markAbsent(story: story.id, user: bob.id, seenBefore: time)
            #expect(try await store.presence(onStory: story.id, since: time - 60).count == 2)
            try await store.markAbsent(story: story.id, user: bob.id, seenBefore: time + 10)
            #expect(try await store.presence(onStory: story.id, since: time - 60).map(\.userID) == [ann.id])
            await #expect(throws: StoreError.notFound(id: 9_999)) {
                try await store.markPresent(story: 9_999, user: ann.id, at: time)
            }
        }
    }

    @Test(
        "autosaves collapse into one revision per run, renumbered, so stale saves are still refused",
        arguments: StoreBackend.all)
    func autosave(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .writer, passwordHash: "h")
            let bob = try await store.createUser(
                email: "bob@example.com", name: "Bob", role: .editor, passwordHash: "h")
            let story = try await store.createStory(.sample("Slipway"), status: .draft, author: ann.id)
            var draft = story.draft
            draft.body = ["First typing."]
            let first = try await store.autosaveStory(id: story.id, with: draft, author: ann.id, basedOn: 1)
            #expect(first.changed && first.revision == 2)
            draft.body = ["First typing, then more."]
            let second = try await store.autosaveStory(id: story.id, with: draft, author: ann.id, basedOn: 2)
            #expect(second.revision == 3)
            let unchanged = try await store.autosaveStory(id: story.id, with: draft, author: ann.id, basedOn: 3)
            #expect(!unchanged.changed && unchanged.revision == 3)
            let history = try await store.revisions(ofStory: story.id)
            #expect(history.map(\.number) == [3, 1])
            #expect(history.map(\.isAutosave) == [true, false])
            #expect(history.first?.content.body == ["First typing, then more."])
            #expect(try await store.story(id: story.id)?.body == ["First typing, then more."])

            // Bob opened revision 2 before the second autosave: his save is stale, not an overwrite.
            var bobs = story.draft
            bobs.body = ["Bob's version."]
            await #expect(throws: StoreError.stale(latestRevision: 3)) {
                try await store.saveStory(id: story.id, with: bobs, author: bob.id, basedOn: 2, then: nil)
            }
            await #expect(throws: StoreError.stale(latestRevision: 3)) {
                try await store.autosaveStory(id: story.id, with: bobs, author: bob.id, basedOn: 2)
            }
            // A real save after autosaves is a revision of its own; the autosave stays in the history.
            draft.body = ["Saved on purpose."]
            _ = try await store.saveStory(id: story.id, with: draft, author: ann.id, basedOn: 3, then: nil)
            draft.body = ["Typing again."]
            let after = try await store.autosaveStory(id: story.id, with: draft, author: ann.id, basedOn: 4)
            #expect(after.revision == 5)
            #expect(try await store.revisions(ofStory: story.id).map(\.isAutosave) == [true, false, true, false])
            try await store.moveToTrash(story: story.id, by: bob.id, at: Date())
            await #expect(throws: StoreError.notFound(id: story.id)) {
                try await store.autosaveStory(id: story.id, with: draft, author: ann.id, basedOn: 5)
            }
        }
    }

    @Test(
        "the public corrections list holds published stories' corrections only, newest first",
        arguments: StoreBackend.all)
    func publishedCorrections(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let live = try await store.createStory(.sample("Quay opens"), status: .published, author: ann.id)
            let draft = try await store.createStory(.sample("Quay plans"), status: .draft, author: ann.id)
            let time = Date(timeIntervalSince1970: 1_800_000_000)
            _ = try await store.addCorrection(
                "The quay is 40 m long, not 400 m.", toStory: live.id, author: ann.id, at: time)
            _ = try await store.addCorrection("Opening is at noon.", toStory: live.id, author: ann.id, at: time + 60)
            _ = try await store.addCorrection("Not public.", toStory: draft.id, author: ann.id, at: time + 120)
            let listed = try await store.publishedCorrections(limit: 10, offset: 0)
            #expect(listed.map(\.correction.note) == ["Opening is at noon.", "The quay is 40 m long, not 400 m."])
            #expect(listed.first?.slug == live.slug)
            #expect(listed.first?.sectionName == "World")
            #expect(
                try await store.publishedCorrections(limit: 1, offset: 1).map(\.correction.note) == [
                    "The quay is 40 m long, not 400 m."
                ])
        }
    }

    @Test(
        "a story's address changes, the old one points at it, and a taken address is refused",
        arguments: StoreBackend.all)
    func slugs(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let story = try await store.createStory(.sample("Harbour tower saved"), status: .published, author: ann.id)
            let other = try await store.createStory(.sample("Ferry times"), status: .published, author: ann.id)
            let oldSlug = story.slug
            let newSlug = try #require(Slug(validating: "harbour-tower-kept"))
            let moved = try await store.changeSlug(ofStory: story.id, to: newSlug)
            #expect(moved.slug == newSlug)
            #expect(try await store.story(slug: newSlug)?.id == story.id)
            #expect(try await store.story(slug: oldSlug) == nil)
            #expect(try await store.storyID(forOldSlug: oldSlug) == story.id)
            await #expect(throws: StoreError.self) { try await store.changeSlug(ofStory: story.id, to: other.slug) }
            #expect(try await store.story(id: story.id)?.slug == newSlug)
            // Moving back makes the address current again; the one left becomes the old one.
            _ = try await store.changeSlug(ofStory: story.id, to: oldSlug)
            #expect(try await store.storyID(forOldSlug: oldSlug) == nil)
            #expect(try await store.storyID(forOldSlug: newSlug) == story.id)
            // Another story may take a freed old address; it stops redirecting.
            _ = try await store.changeSlug(ofStory: other.id, to: newSlug)
            #expect(try await store.storyID(forOldSlug: newSlug) == nil)
            #expect(try await store.story(slug: newSlug)?.id == other.id)
        }
    }

    @Test(
        "sections are added, renamed with a redirect, ordered and hidden from the navigation",
        arguments: StoreBackend.all)
    func sections(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            _ = try await store.createStory(.sample("One", section: "World"), status: .published, author: ann.id)
            _ = try await store.createStory(.sample("Two", section: "Business"), status: .published, author: ann.id)
            _ = try await store.createStory(.sample("Three", section: "Sport"), status: .published, author: ann.id)
            #expect(try await store.sections().map(\.name) == ["Business", "Sport", "World"])

            let added = try await store.addSection(named: "  Science  ")
            #expect(added.section.name == "Science" && added.storyCount == 0)
            await #expect(throws: StoreError.self) { try await store.addSection(named: "science") }
            await #expect(throws: StoreError.self) { try await store.addSection(named: "!!!") }

            // Renaming moves the address; the old one is remembered, and a draft naming the old
            // section files into the renamed one instead of making a new section.
            let world = try #require(Slug(validating: "world"))
            let renamed = try await store.renameSection(world, to: "International")
            #expect(renamed.section.slug.rawValue == "international" && renamed.publishedCount == 1)
            #expect(try await store.sectionSlug(forOldSlug: world)?.rawValue == "international")
            let filed = try await store.createStory(.sample("Four", section: "World"), status: .draft, author: ann.id)
            #expect(filed.section.slug.rawValue == "international")
            await #expect(throws: StoreError.self) {
                try await store.renameSection(renamed.section.slug, to: "Business")
            }

            let sport = try #require(Slug(validating: "sport"))
            // The desk's order counts sections without stories too (Science); moving past the top stays put.
            for _ in 1...4 { try await store.moveSection(sport, up: true) }
            #expect(
                try await store.deskSections().map(\.section.name) == ["Sport", "Business", "International", "Science"])
            #expect(try await store.sections().map(\.name) == ["Sport", "Business", "International"])
            try await store.setSection(sport, hidden: true)
            #expect(try await store.sections().map(\.name) == ["Business", "International"])
            #expect(try await store.section(slug: sport) != nil)
            #expect(try await store.deskSections().first?.isHidden == true)
            try await store.setSection(sport, hidden: false)
            #expect(try await store.sections().first?.name == "Sport")
            await #expect(throws: StoreError.self) {
                try await store.setSection(try #require(Slug(validating: "nowhere")), hidden: true)
            }
        }
    }

    @Test(
        "topics are renamed (old address kept), merged (stories move, aliases kept) and described",
        arguments: StoreBackend.all)
    func topics(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let one = try await store.createStory(
                .sample("Mayor visits", topics: ["Jon Harbour", "Port Ellen"]), status: .published, author: ann.id)
            let two = try await store.createStory(
                .sample("Mayor speaks", topics: ["John Harbour", "Port Ellen"]), status: .published, author: ann.id)
            let three = try await store.createStory(
                .sample("Mayor again", topics: ["Jon Harbour", "John Harbour"]), status: .published, author: ann.id)
            let jon = try #require(Slug(validating: "jon-harbour"))
            let john = try #require(Slug(validating: "john-harbour"))

            // A typo merged into the right name: every story keeps one tag, the old address points on.
            let merged = try await store.mergeTopic(jon, into: john)
            #expect(merged.storyCount == 3)
            #expect(try await store.story(id: one.id)?.topics.map(\.name) == ["John Harbour", "Port Ellen"])
            #expect(try await store.story(id: three.id)?.topics.map(\.name) == ["John Harbour"])
            #expect(try await store.topicSlug(forOldSlug: jon) == john)
            #expect(try await store.topic(slug: jon) == nil)
            await #expect(throws: StoreError.self) { try await store.mergeTopic(john, into: john) }
            await #expect(throws: StoreError.self) { try await store.mergeTopic(jon, into: john) }
            // A draft still naming the old topic is tagged with the merged one, not a new one.
            let four = try await store.createStory(
                .sample("Mayor, four", topics: ["Jon Harbour"]), status: .draft, author: ann.id)
            #expect(four.topics.map(\.slug) == [john])

            let renamed = try await store.renameTopic(john, to: "John Harbour Johnson")
            #expect(renamed.topic.slug.rawValue == "john-harbour-johnson")
            #expect(try await store.topicSlug(forOldSlug: john)?.rawValue == "john-harbour-johnson")
            #expect(try await store.topicSlug(forOldSlug: jon)?.rawValue == "john-harbour-johnson")
            #expect(try await store.story(id: two.id)?.topics.first?.name == "John Harbour Johnson")
            let port = try #require(Slug(validating: "port-ellen"))
            await #expect(throws: StoreError.self) { try await store.renameTopic(port, to: "John Harbour Johnson") }
            // Search finds the live stories by the new name at once.
            #expect(try await store.search(SearchQuery(text: "Johnson")).total == 3)

            try await store.setTopicDescription(port, to: "  The island's main ferry port.  ")
            #expect(try await store.topicDescription(port) == "The island's main ferry port.")
            try await store.setTopicDescription(port, to: " ")
            #expect(try await store.topicDescription(port) == nil)
            await #expect(throws: StoreError.self) {
                try await store.setTopicDescription(port, to: String(repeating: "x", count: 601))
            }
            let listed = try await store.deskTopics(matching: "harb", limit: 10)
            #expect(listed.map(\.topic.slug.rawValue) == ["john-harbour-johnson"])
        }
    }
}
