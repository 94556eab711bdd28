import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom story desk")
struct StoryDeskControllerTests {
    @Test("a writer drafts, reorders highlights and submits; an editor publishes, corrects and unpublishes")
    func workflow() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let editor = try await newsroom.account(.editor)
        let storyID: Int64 = try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.newStory)
            let created = try await browser.post(
                NewsroomPaths.stories,
                form: [
                    ("csrf_token", token), ("headline", "Harbour bridge opens"), ("section", "World"),
                    ("byline", "By Wren"), ("dateline_place", "PORT ELLEN"), ("dateline_source", "DL"),
                    ("body", "First paragraph.\r\n\r\nSecond *paragraph*."), ("highlight_1", "Second point"),
                    ("highlight_1_position", "2"), ("highlight_2", "First point"), ("highlight_2_position", "1"),
                    ("topics", "Port Ellen\nBridges"),
                ])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let id = try #require(Int64(location.split(separator: "/").last?.split(separator: "?").first ?? ""))
            let story = try #require(try await newsroom.store.story(id: id))
            #expect(story.status == .draft)
            #expect(story.highlights == ["First point", "Second point"])
            #expect(story.body == ["First paragraph.", "Second *paragraph*."])
            #expect(story.topics.map(\.name) == ["Port Ellen", "Bridges"])
            #expect(try await newsroom.store.owner(ofStory: id) == writer.id)
            let submitted = try await browser.post(NewsroomPaths.story(id, "submit"), form: [("csrf_token", token)])
            #expect(submitted.status == .seeOther)
            #expect(try await newsroom.store.story(id: id)?.status == .submitted)
            #expect(try await browser.get(SitePaths.story(story.slug)).status == .notFound, "not live yet")
            return id
        }
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken()
            let list = try await browser.get(NewsroomPaths.root + "?status=submitted")
            #expect(list.html.contains("Harbour bridge opens"))
            try await browser.post(NewsroomPaths.story(storyID, "publish"), form: [("csrf_token", token)])
            let live = try #require(try await newsroom.store.story(id: storyID))
            #expect(live.status == .published)
            try await browser.post(
                NewsroomPaths.story(storyID, "corrections"),
                form: [("csrf_token", token), ("note", "The bridge is 300m.")])
            let reader = try await browser.get(SitePaths.story(live.slug))
            #expect(reader.status == .ok)
            #expect(reader.html.contains("The bridge is 300m."))
            #expect(reader.html.contains("<em>paragraph</em>"))
            try await browser.post(NewsroomPaths.story(storyID, "unpublish"), form: [("csrf_token", token)])
            #expect(try await browser.get(SitePaths.story(live.slug)).status == .notFound)
            // Deleting asks once more, saying what goes; only the confirmation deletes.
            let asked = try await browser.post(NewsroomPaths.story(storyID, "delete"), form: [("csrf_token", token)])
            #expect(asked.status == .ok)
            #expect(asked.html.contains("Move “Harbour bridge opens” to the trash?"))
            #expect(asked.html.contains("restore it from the Trash page for 30 days"))
            #expect(try await newsroom.store.trashEntry(story: storyID) == nil, "nothing moves before the confirmation")
            let deleted = try await browser.post(
                NewsroomPaths.story(storyID, "delete"), form: [("csrf_token", token), ("confirm", "yes")])
            #expect(deleted.status == .seeOther)
            #expect(try await newsroom.store.trashEntry(story: storyID) != nil)
        }
    }

    @Test("validation errors are shown next to their fields and tied to them for screen readers")
    func fieldErrors() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.newStory)
            let page = try await browser.post(
                NewsroomPaths.stories,
                form: [("csrf_token", token), ("headline", ""), ("section", ""), ("body", "Kept body text.")])
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("id=\"headline\" name=\"headline\""))
            #expect(page.html.contains("aria-describedby=\"headline-error\" aria-invalid=\"true\""))
            #expect(page.html.contains("<p class=\"error\" id=\"headline-error\">A story needs a headline.</p>"))
            #expect(page.html.contains("id=\"section-error\""))
            #expect(page.html.contains("Kept body text."), "what was typed is kept")
            #expect(page.html.contains("<a href=\"#headline\">"))
            #expect(try await newsroom.store.storyCount() == 0)
        }
    }

    @Test("the preview is the reader's story page, for a draft readers cannot see yet")
    func preview() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let draft = try await newsroom.store.createStory(
            StoryDraft(headline: "Unreleased scoop", section: "World", body: ["Secret **news**."], highlights: ["Big"]),
            status: .draft, author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let preview = try await browser.get(NewsroomPaths.story(draft.id, "preview"))
            #expect(preview.status == .ok)
            #expect(preview.html.contains("<h1 id=\"story-headline\">Unreleased scoop</h1>"))
            #expect(preview.html.contains("<strong>news</strong>"))
            #expect(preview.html.contains("Story Highlights"))
            #expect(preview.headers[.cacheControl] == "no-store")
            #expect(preview.html.contains("Preview: not published"), "a draft's preview says what it is")
            #expect(!preview.html.contains(">Published <time"), "and claims no publication time")
        }
    }

    @Test("a scheduled story goes live when the scheduler runs after its time, and not before")
    func scheduling() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let story = try await newsroom.store.createStory(
            .init(headline: "Later", section: "World", body: ["B."]), status: .draft, author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken()
            let past = try await browser.post(
                NewsroomPaths.story(story.id, "schedule"),
                form: [("csrf_token", token), ("publish_at", "2001-01-01T09:00")])
            #expect(past.status == .unprocessableContent)
            #expect(past.html.contains("id=\"publish_at-error\""))
            let scheduled = try await browser.post(
                NewsroomPaths.story(story.id, "schedule"),
                form: [("csrf_token", token), ("publish_at", "2030-06-01T09:30")])
            #expect(scheduled.status == .seeOther)
        }
        let stored = try #require(try await newsroom.store.story(id: story.id))
        #expect(stored.status == .scheduled)
        let due = try #require(stored.publishedAt)
        let scheduler = StoryScheduler(store: newsroom.store, logger: ReaderTestSite.quietLogger)
        #expect(await scheduler.runOnce(now: due.addingTimeInterval(-1)).isEmpty)
        #expect(await scheduler.runOnce(now: due) == [story.id])
        #expect(await scheduler.runOnce(now: due.addingTimeInterval(60)).isEmpty)
        #expect(try await newsroom.store.story(id: story.id)?.status == .published)
    }
}
