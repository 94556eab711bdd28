import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom sources")
struct SourcesControllerTests {
    @Test("an editor follows a feed, sees refusals beside the form, reads the log escaped, pauses and removes")
    func manageSources() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let page = try await browser.get("/newsroom/sources")
            #expect(page.status == .ok)
            #expect(page.html.contains("href=\"/newsroom/sources\""))
            let token = try #require(page.formToken)

            let bad = try await browser.post(
                "/newsroom/sources",
                form: [("csrf_token", token), ("url", "gopher://x\"<b>"), ("section", ""), ("every", "15")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.html.contains("is not an http or https address of a feed"))
            #expect(bad.html.contains("value=\"gopher://x&quot;&lt;b&gt;\""))
            let slow = try await browser.post(
                "/newsroom/sources",
                form: [("csrf_token", token), ("url", "https://valley.example/feed"), ("every", "soon")])
            #expect(slow.status == .unprocessableContent && slow.html.contains("whole number"))
            #expect(try await newsroom.store.feedSources().isEmpty)

            let added = try await browser.post(
                "/newsroom/sources",
                form: [
                    ("csrf_token", token), ("url", "https://valley.example/feed"), ("section", "Local"),
                    ("every", "30"),
                ])
            #expect(added.status == .seeOther)
            let source = try #require(try await newsroom.store.feedSources().first)
            #expect(source.section == "Local" && source.intervalMinutes == 30 && !source.allowPrivate)
            try await newsroom.store.finishFeedPoll(
                id: source.id,
                outcome: FeedPollOutcome(
                    kind: .read, feedTitle: "Valley <Gazette>", result: "RSS 2.0, 1 entries",
                    log: [
                        FeedLogEntry(
                            level: .warning, message: "“<script>x</script>” has no link", time: newsroom.clock.now)
                    ]),
                now: newsroom.clock.now)
            let listed = try await browser.get("/newsroom/sources").html
            #expect(listed.contains("Valley &lt;Gazette&gt;") && !listed.contains("<script>x"))
            #expect(listed.contains("&lt;script&gt;x&lt;/script&gt;” has no link"))
            #expect(listed.contains("RSS 2.0, 1 entries"))

            let paused = try await browser.post(
                "/newsroom/sources/\(source.id)/pause", form: [("csrf_token", token), ("paused", "yes")])
            #expect(paused.status == .seeOther)
            #expect(try await newsroom.store.feedSource(id: source.id)?.paused == true)
            let forged = try await browser.post("/newsroom/sources/\(source.id)/remove", form: [("csrf_token", "x")])
            #expect(forged.status == .forbidden)
            let removed = try await browser.post("/newsroom/sources/\(source.id)/remove", form: [("csrf_token", token)])
            #expect(removed.status == .seeOther)
            #expect(try await newsroom.store.feedSources().isEmpty)
            let gone = try await browser.post("/newsroom/sources/\(source.id)/remove", form: [("csrf_token", token)])
            #expect(gone.status == .notFound)
        }
    }

    @Test("writers cannot manage sources")
    func writersRefused() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken()
            #expect(try await browser.get("/newsroom/sources").status == .forbidden)
            let refused = try await browser.post(
                "/newsroom/sources",
                form: [("csrf_token", token), ("url", "https://valley.example/feed"), ("every", "15")])
            #expect(refused.status == .forbidden)
            #expect(try await newsroom.store.feedSources().isEmpty)
        }
    }
}
