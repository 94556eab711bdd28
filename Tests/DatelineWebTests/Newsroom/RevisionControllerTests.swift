import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom revisions")
struct RevisionControllerTests {
    @Test("every save is listed with its author; two compare line by line; an old one is restored")
    func listCompareRestore() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let story = try await newsroom.store.createStory(
            StoryDraft(headline: "First take", section: "World", body: ["Original wording."]), status: .draft,
            author: writer.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.story(story.id))
            try await browser.post(
                NewsroomPaths.story(story.id),
                form: [
                    ("csrf_token", token), ("headline", "Second take"), ("section", "World"), ("body", "New wording."),
                ])
            let revisions = try await newsroom.store.revisions(ofStory: story.id)
            #expect(revisions.count == 2)
            let list = try await browser.get(NewsroomPaths.story(story.id, "revisions"))
            #expect(list.html.contains(writer.name))
            #expect(list.html.contains("Restore revision 1"))
            let compare = try await browser.get(
                NewsroomPaths.story(story.id, "revisions/compare") + "?from=\(revisions[1].id)&to=\(revisions[0].id)")
            #expect(
                compare.html.contains("<del><span class=\"visually-hidden\">Removed: </span>Headline: First take</del>")
            )
            #expect(
                compare.html.contains("<ins><span class=\"visually-hidden\">Added: </span>Headline: Second take</ins>"))
            let restored = try await browser.post(
                NewsroomPaths.restore(story: story.id, revision: revisions[1].id), form: [("csrf_token", token)])
            #expect(restored.status == .seeOther)
            let now = try #require(try await newsroom.store.story(id: story.id))
            #expect(now.headline == "First take")
            #expect(now.body == ["Original wording."])
            #expect(try await newsroom.store.revisions(ofStory: story.id).count == 3)
        }
    }

    @Test("a revision of another story cannot be restored through this one")
    func foreignRevision() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let one = try await newsroom.store.createStory(
            .init(headline: "One", section: "World", body: ["1"]), status: .draft, author: editor.id)
        let two = try await newsroom.store.createStory(
            .init(headline: "Two", section: "World", body: ["2"]), status: .draft, author: editor.id)
        let foreign = try #require(try await newsroom.store.revisions(ofStory: two.id).first)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken()
            let page = try await browser.post(
                NewsroomPaths.restore(story: one.id, revision: foreign.id), form: [("csrf_token", token)])
            #expect(page.status == .notFound)
            #expect(try await newsroom.store.story(id: one.id)?.headline == "One")
        }
    }
}
