import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom topics")
struct TopicsControllerTests {
    @Test("an editor merges a duplicate topic, renames one and describes it; readers follow the old addresses")
    func manageTopics() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        var first = StoryDeskSavingTests.draft("Mayor visits the pier")
        first.topics = ["Jon Harbour"]
        var second = StoryDeskSavingTests.draft("Mayor opens the market")
        second.topics = ["John Harbour"]
        let one = try await newsroom.store.createStory(first, status: .published, author: editor.id)
        _ = try await newsroom.store.createStory(second, status: .published, author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let page = try await browser.get(NewsroomPaths.topics + "?q=harbour")
            #expect(page.status == .ok)
            #expect(page.html.contains("Jon Harbour") && page.html.contains("John Harbour"))
            let token = try #require(page.formToken)

            let itself = try await browser.post(
                NewsroomPaths.topics + "/jon-harbour/merge", form: [("csrf_token", token), ("into", "Jon Harbour")])
            #expect(itself.status == .unprocessableContent)
            #expect(itself.html.contains("A topic cannot be merged into itself."))
            let merged = try await browser.post(
                NewsroomPaths.topics + "/jon-harbour/merge", form: [("csrf_token", token), ("into", "John Harbour")])
            #expect(merged.status == .seeOther)
            #expect(try await newsroom.store.story(id: one.id)?.topics.map(\.name) == ["John Harbour"])
            let old = try await browser.get("/topic/jon-harbour")
            #expect(old.status == .movedPermanently)
            #expect(old.headers[.location] == "/topic/john-harbour")

            let renamed = try await browser.post(
                NewsroomPaths.topics + "/john-harbour/rename",
                form: [("csrf_token", token), ("name", "Mayor John Harbour")])
            #expect(renamed.status == .seeOther)
            #expect(try await browser.get("/topic/john-harbour").headers[.location] == "/topic/mayor-john-harbour")
            #expect(try await browser.get("/topic/jon-harbour").headers[.location] == "/topic/mayor-john-harbour")

            let described = try await browser.post(
                NewsroomPaths.topics + "/mayor-john-harbour/description",
                form: [("csrf_token", token), ("description", "Mayor of Port Ellen since 2024 <b>re-elected</b>.")])
            #expect(described.status == .seeOther)
            let topicPage = try await browser.get("/topic/mayor-john-harbour")
            #expect(topicPage.status == .ok)
            #expect(topicPage.html.contains("Mayor of Port Ellen since 2024 &lt;b&gt;re-elected&lt;/b&gt;."))
            let tooLong = try await browser.post(
                NewsroomPaths.topics + "/mayor-john-harbour/description",
                form: [("csrf_token", token), ("description", String(repeating: "x", count: 700))])
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.html.contains("Keep the description under 600 characters"))
        }
    }

    @Test("writers cannot manage topics")
    func writersRefused() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken()
            #expect(try await browser.get(NewsroomPaths.topics).status == .forbidden)
            let refused = try await browser.post(
                NewsroomPaths.topics + "/x/rename", form: [("csrf_token", token), ("name", "Y")])
            #expect(refused.status == .forbidden)
        }
    }
}
