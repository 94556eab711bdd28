import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Corrections page")
struct CorrectionsControllerTests {
    @Test("lists published stories' corrections newest first, links each story, and leaves drafts out")
    func listsCorrections() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let live = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Harbour tower saved"), status: .published, author: editor.id)
        let draft = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Harbour plans"), status: .draft, author: editor.id)
        let time = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await newsroom.store.addCorrection(
            "The tower is 30 m tall, not 300 m.", toStory: live.id, author: editor.id, at: time)
        _ = try await newsroom.store.addCorrection(
            "The vote was 7 to 2 <not> 9 to 0.", toStory: live.id, author: editor.id, at: time + 60)
        _ = try await newsroom.store.addCorrection("A draft's note.", toStory: draft.id, author: editor.id, at: time)
        try await newsroom.withBrowser { browser in
            let page = try await browser.get("/corrections")
            #expect(page.status == .ok)
            let html = page.html
            #expect(html.contains("<h1 class=\"page-heading\">Corrections</h1>"))
            #expect(html.contains("href=\"/story/\(live.slug.rawValue)\""))
            #expect(html.contains("The vote was 7 to 2 &lt;not&gt; 9 to 0."))
            #expect(!html.contains("A draft's note."))
            let newer = try #require(html.range(of: "7 to 2"))
            let older = try #require(html.range(of: "30 m tall"))
            #expect(newer.lowerBound < older.lowerBound)
            #expect(try await browser.get("/corrections?page=2").status == .notFound)
            #expect(try await browser.get("/").html.contains("href=\"/corrections\""))

            // The story's NewsArticle JSON-LD carries each correction as a CorrectionComment.
            let story = try await browser.get("/story/\(live.slug.rawValue)").html
            #expect(story.contains("\"@type\":\"CorrectionComment\""))
            #expect(story.contains("\"text\":\"The tower is 30 m tall, not 300 m.\""))
        }
    }

    @Test("a site without corrections says so")
    func empty() async throws {
        let newsroom = try NewsroomTestSite()
        let page = try await newsroom.withBrowser { try await $0.get("/corrections") }
        #expect(page.status == .ok)
        #expect(page.html.contains("No story has needed a correction yet."))
    }
}
