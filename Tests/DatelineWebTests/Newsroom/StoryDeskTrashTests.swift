import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// Delete goes to a trash that editors restore from; a story sent back to its writer carries a
/// note; every step lands in the story's activity log; the editor says who else has it open.
@Suite("Newsroom trash, notes and presence")
struct StoryDeskTrashTests {
    @Test("delete asks first, then moves the story to the trash; an editor restores it with Undo or from the trash")
    func trashAndRestore() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Lifeboat station reopens"), status: .published, author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.story(story.id))
            let confirm = try await browser.post(
                NewsroomPaths.story(story.id, "delete"), form: [("csrf_token", token)])
            #expect(confirm.status == .ok)
            #expect(confirm.html.contains("Move “Lifeboat station reopens” to the trash?"))
            #expect(try await newsroom.store.trashEntry(story: story.id) == nil)

            let moved = try await browser.post(
                NewsroomPaths.story(story.id, "delete"), form: [("csrf_token", token), ("confirm", "yes")])
            #expect(moved.status == .seeOther)
            let entry = try #require(try await newsroom.store.trashEntry(story: story.id))
            #expect(entry.statusBefore == .published)
            #expect(try await newsroom.store.story(slug: story.slug)?.status == .unpublished)

            let list = try await browser.get(try #require(moved.headers[.location]))
            #expect(list.html.contains("Moved “Lifeboat station reopens” to the trash."))
            #expect(list.html.contains("action=\"\(NewsroomPaths.restoreFromTrash(story.id))\""))
            // The desk's list leaves it out; the editor page says where it went.
            #expect(!list.html.contains("href=\"\(NewsroomPaths.story(story.id))\""))
            let gone = try await browser.get(NewsroomPaths.story(story.id))
            #expect(gone.status == .notFound)
            #expect(gone.html.contains("is in the trash"))

            let trash = try await browser.get(NewsroomPaths.trash)
            #expect(trash.status == .ok)
            #expect(trash.html.contains("Lifeboat station reopens"))
            #expect(trash.html.contains("by Editor Person"))

            let undone = try await browser.post(
                NewsroomPaths.restoreFromTrash(story.id), form: [("csrf_token", token), ("return", "story")])
            #expect(undone.status == .seeOther)
            #expect(undone.headers[.location] == NewsroomPaths.story(story.id) + "?done=restored")
            #expect(try await newsroom.store.trashEntry(story: story.id) == nil)
            let back = try await browser.get(try #require(undone.headers[.location]))
            #expect(back.html.contains("Restored from the trash."))
            #expect(back.html.contains("moved it to the trash"))
            #expect(back.html.contains("restored it from the trash"))

            // Restoring twice is a clear refusal, not a crash.
            let again = try await browser.post(NewsroomPaths.restoreFromTrash(story.id), form: [("csrf_token", token)])
            #expect(again.status == .notFound)
        }
    }

    @Test("writers do not see the trash and cannot restore")
    func writersCannotRestore() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Harbour dues"), status: .draft, author: writer.id)
        try await newsroom.store.moveToTrash(story: story.id, by: editor.id, at: newsroom.clock.now)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken()
            #expect(!(try await browser.get(NewsroomPaths.root)).html.contains("href=\"/newsroom/trash\""))
            #expect(try await browser.get(NewsroomPaths.trash).status == .forbidden)
            let refused = try await browser.post(
                NewsroomPaths.restoreFromTrash(story.id), form: [("csrf_token", token)])
            #expect(refused.status == .forbidden)
            #expect(try await newsroom.store.trashEntry(story: story.id) != nil)
        }
    }

    @Test("saving a story someone moved to the trash gives every word back in a new-story form")
    func saveAfterTrashKeepsWords() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Pier repairs"), status: .draft, author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.story(story.id))
            try await newsroom.store.moveToTrash(story: story.id, by: editor.id, at: newsroom.clock.now)
            for action in ["", "/publish", "/submit"] {
                let page = try await browser.post(
                    NewsroomPaths.story(story.id) + action,
                    form: StoryDeskSavingTests.editorFields(
                        story, token: token, baseRevision: 1, changes: [("body", "Words typed before the trash.")]))
                #expect(page.status == .conflict)
                #expect(page.html.contains("moved this story to the trash while you were editing"))
                #expect(page.html.contains("Words typed before the trash."))
                #expect(page.html.contains("action=\"\(NewsroomPaths.stories)\""))
            }
            #expect(try await newsroom.store.story(id: story.id)?.body != ["Words typed before the trash."])
        }
    }

    @Test("an editor returns a submitted story with a note; the writer sees it in the activity log")
    func returnToWriter() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Quay lights"), status: .submitted, author: writer.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.story(story.id))
            let empty = try await browser.post(
                NewsroomPaths.story(story.id, "return"), form: [("csrf_token", token), ("note", "  ")])
            #expect(empty.status == .unprocessableContent)
            #expect(try await newsroom.store.story(id: story.id)?.status == .submitted)

            let note = "Check the harbour master's name <b>before</b> it runs."
            let returned = try await browser.post(
                NewsroomPaths.story(story.id, "return"), form: [("csrf_token", token), ("note", note)])
            #expect(returned.status == .seeOther)
            #expect(try await newsroom.store.story(id: story.id)?.status == .draft)
            // Only a submitted story goes back.
            let twice = try await browser.post(
                NewsroomPaths.story(story.id, "return"), form: [("csrf_token", token), ("note", note)])
            #expect(twice.status == .conflict)

            browser.forgetCookies()
            try await browser.signIn(writer.email)
            let page = try await browser.get(NewsroomPaths.story(story.id))
            #expect(page.html.contains("returned it to the writer"))
            #expect(page.html.contains("Check the harbour master&#39;s name &lt;b&gt;before&lt;/b&gt; it runs."))
            // A writer may not return stories.
            let writerToken = try #require(page.formToken)
            _ = try await newsroom.store.setStatus(id: story.id, to: .submitted, publishedAt: nil)
            let refused = try await browser.post(
                NewsroomPaths.story(story.id, "return"), form: [("csrf_token", writerToken), ("note", "x")])
            #expect(refused.status == .forbidden)

            let noted = try await browser.post(
                NewsroomPaths.story(story.id, "notes"), form: [("csrf_token", writerToken), ("note", "Name checked.")])
            #expect(noted.status == .seeOther)
            let log = try await newsroom.store.activity(ofStory: story.id, limit: 10)
            #expect(log.map(\.kind) == [.note, .returned])
            #expect(log.first?.note == "Name checked.")
        }
    }

    @Test("each workflow step is logged with who took it")
    func workflowIsLogged() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.newStory)
            let created = try await browser.post(
                NewsroomPaths.stories,
                form: [
                    ("csrf_token", token), ("headline", "Ferry strike ends"), ("section", "World"),
                    ("body", "Crews return to work."), ("highlight_1", "Crews return"),
                    ("highlight_1_position", "1"),
                ])
            #expect(created.status == .seeOther)
            let story = try #require(try await newsroom.store.newsroomStories(.init()).first?.story)
            let published = try await browser.post(
                NewsroomPaths.story(story.id, "publish"),
                form: StoryDeskSavingTests.editorFields(
                    story, token: token, baseRevision: 1, changes: [("body", "Ferries run again from Monday.")]))
            #expect(published.status == .seeOther)
            let log = try await newsroom.store.activity(ofStory: story.id, limit: 10)
            #expect(log.map(\.kind) == [.published, .saved, .created])
            #expect(Set(log.compactMap(\.userName)) == ["Editor Person"])
        }
    }

    @Test("the editor says who else has the story open, and the heartbeat keeps it current")
    func presence() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Tide mill"), status: .draft, author: writer.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let first = try await browser.get(NewsroomPaths.story(story.id))
            #expect(!first.html.contains("also has this story open"))

            browser.forgetCookies()
            try await browser.signIn(editor.email)
            let second = try await browser.get(NewsroomPaths.story(story.id))
            #expect(second.html.contains("Writer Person also has this story open."))
            let token = try #require(second.formToken)
            let beat = try await browser.post(NewsroomPaths.story(story.id, "presence"), form: [("csrf_token", token)])
            #expect(beat.status == .ok)
            #expect(beat.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(beat.html.contains("\"name\":\"Writer Person\""))

            // The writer's goodbye right after a hello (a Save reloading the page) keeps them here;
            // one that comes later takes them off the notice.
            browser.forgetCookies()
            try await browser.signIn(writer.email)
            let writerToken = try await browser.newsroomToken(from: NewsroomPaths.story(story.id))
            let early = try await browser.post(
                NewsroomPaths.story(story.id, "presence/leave"), form: [("csrf_token", writerToken)])
            #expect(early.status == .noContent)
            #expect(try await newsroom.store.presence(onStory: story.id, since: newsroom.clock.now - 60).count == 2)
            newsroom.clock.advance(30)
            _ = try await browser.post(
                NewsroomPaths.story(story.id, "presence/leave"), form: [("csrf_token", writerToken)])
            #expect(try await newsroom.store.presence(onStory: story.id, since: newsroom.clock.now - 60).count == 1)
            _ = try await browser.get(NewsroomPaths.story(story.id))
            browser.forgetCookies()
            try await browser.signIn(editor.email)
            let editorToken = try await browser.newsroomToken()
            // Two minutes without a beat and the writer is gone from the notice.
            let now = try await browser.post(
                NewsroomPaths.story(story.id, "presence"), form: [("csrf_token", editorToken)])
            #expect(now.html.contains("\"name\":\"Writer Person\""))
            newsroom.clock.advance(120)
            let later = try await browser.post(
                NewsroomPaths.story(story.id, "presence"), form: [("csrf_token", editorToken)])
            #expect(later.html == "{\"others\":[]}")
            // Without the form token the heartbeat is refused.
            let forged = try await browser.post(NewsroomPaths.story(story.id, "presence"), form: [("csrf_token", "x")])
            #expect(forged.status == .forbidden)
        }
    }

    @Test("the scheduler empties the trash of stories deleted more than 30 days ago")
    func schedulerPurges() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let old = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Old story"), status: .draft, author: editor.id)
        let recent = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Recent story"), status: .draft, author: editor.id)
        let now = Date()
        try await newsroom.store.moveToTrash(story: old.id, by: editor.id, at: now - TrashPolicy.retention - 60)
        try await newsroom.store.moveToTrash(story: recent.id, by: editor.id, at: now - 60)
        let scheduler = StoryScheduler(store: newsroom.store, logger: ReaderTestSite.quietLogger)
        #expect(await scheduler.purgeTrash(now: now) == 1)
        #expect(try await newsroom.store.story(id: old.id) == nil)
        #expect(try await newsroom.store.trashEntry(story: recent.id) != nil)
    }

    @Test("autosave keeps a draft's words as one autosave revision; stale, invalid and live stories write nothing")
    func autosave() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let editor = try await newsroom.account(.editor)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Boatyard sold"), status: .draft, author: writer.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let page = try await browser.get(NewsroomPaths.story(story.id))
            #expect(page.html.contains("data-autosave-url=\"\(NewsroomPaths.story(story.id, "autosave"))\""))
            let token = try #require(page.formToken)
            let path = NewsroomPaths.story(story.id, "autosave")
            let first = try await browser.post(
                path,
                form: StoryDeskSavingTests.editorFields(
                    story, token: token, baseRevision: 1, changes: [("body", "Typed, not yet saved.")]))
            #expect(first.status == .ok)
            #expect(first.html.contains("\"revision\":2"))
            let second = try await browser.post(
                path,
                form: StoryDeskSavingTests.editorFields(
                    story, token: token, baseRevision: 2, changes: [("body", "Typed some more.")]))
            #expect(second.html.contains("\"revision\":3"))
            let history = try await newsroom.store.revisions(ofStory: story.id)
            #expect(history.map(\.number) == [3, 1])
            #expect(history.first?.isAutosave == true)
            #expect(try await newsroom.store.story(id: story.id)?.body == ["Typed some more."])
            let revisions = try await browser.get(NewsroomPaths.story(story.id, "revisions"))
            #expect(revisions.html.contains("autosaved"))

            let stale = try await browser.post(
                path,
                form: StoryDeskSavingTests.editorFields(
                    story, token: token, baseRevision: 2, changes: [("body", "From an old tab.")]))
            #expect(stale.status == .conflict)
            #expect(stale.html.contains("autosave has stopped"))
            let invalid = try await browser.post(
                path,
                form: StoryDeskSavingTests.editorFields(
                    story, token: token, baseRevision: 3, changes: [("headline", "")]))
            #expect(invalid.status == .unprocessableContent)
            let unbased = try await browser.post(path, form: [("csrf_token", token), ("headline", "x")])
            #expect(unbased.status == .badRequest)
            #expect(try await newsroom.store.story(id: story.id)?.body == ["Typed some more."])
            #expect(try await newsroom.store.revisions(ofStory: story.id).count == 2)

            // Live stories are saved on purpose only.
            _ = try await newsroom.store.setStatus(id: story.id, to: .submitted, publishedAt: nil)
            browser.forgetCookies()
            try await browser.signIn(editor.email)
            let live = try await browser.get(NewsroomPaths.story(story.id))
            #expect(!live.html.contains("data-autosave-url"))
            let refused = try await browser.post(
                path,
                form: StoryDeskSavingTests.editorFields(
                    story, token: try #require(live.formToken), baseRevision: 3, changes: [("body", "No.")]))
            #expect(refused.status == .forbidden)
        }
    }

    @Test(
        "an editor changes a live story's address; the old one answers 301, print view too; bad and taken ones are refused"
    )
    func changeAddress() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Harbour tower saved"), status: .published, author: writer.id)
        let other = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Ferry times"), status: .published, author: writer.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let writerPage = try await browser.get(NewsroomPaths.story(story.id))
            #expect(!writerPage.html.contains("Change address"))
            let writerToken = try #require(writerPage.formToken)
            let refused = try await browser.post(
                NewsroomPaths.story(story.id, "slug"), form: [("csrf_token", writerToken), ("slug", "mine")])
            #expect(refused.status == .forbidden)

            browser.forgetCookies()
            try await browser.signIn(editor.email)
            let page = try await browser.get(NewsroomPaths.story(story.id))
            #expect(page.html.contains("value=\"\(story.slug.rawValue)\""))
            let token = try #require(page.formToken)
            let bad = try await browser.post(
                NewsroomPaths.story(story.id, "slug"), form: [("csrf_token", token), ("slug", "Harbour Tower/../x")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.html.contains("Use lower-case letters, digits and single hyphens"))
            let taken = try await browser.post(
                NewsroomPaths.story(story.id, "slug"), form: [("csrf_token", token), ("slug", other.slug.rawValue)])
            #expect(taken.status == .unprocessableContent)
            #expect(taken.html.contains("Another story already has the address"))

            let moved = try await browser.post(
                NewsroomPaths.story(story.id, "slug"), form: [("csrf_token", token), ("slug", "tower-kept")])
            #expect(moved.status == .seeOther)
            #expect(try await browser.get(try #require(moved.headers[.location])).html.contains("Address changed."))
            let old = try await browser.get("/story/\(story.slug.rawValue)")
            #expect(old.status == .movedPermanently)
            #expect(old.headers[.location] == "/story/tower-kept")
            let oldPrint = try await browser.get("/story/\(story.slug.rawValue)/print")
            #expect(oldPrint.headers[.location] == "/story/tower-kept/print")
            #expect(try await browser.get("/story/tower-kept").status == .ok)
            #expect(try await newsroom.store.activity(ofStory: story.id, limit: 5).first?.kind == .changedAddress)
            // An old address of a story taken down redirects nowhere.
            _ = try await newsroom.store.setStatus(id: story.id, to: .unpublished, publishedAt: nil)
            #expect(try await browser.get("/story/\(story.slug.rawValue)").status == .notFound)
        }
    }
}
