import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom newsletters")
struct NewslettersControllerTests {
    @Test("an editor adds, edits and deletes newsletters with refusals beside the form; writers may not")
    func manageNewsletters() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let page = try await browser.get(NewsroomPaths.newsletters)
            #expect(page.status == .ok && page.html.contains("Add a newsletter"))
            let token = try #require(page.formToken)
            func form(_ name: String, timeZone: String = "Europe/London", source: String = "front")
                -> [(String, String)]
            {
                [
                    ("csrf_token", token), ("name", name), ("slug", ""), ("description", "Highlights."),
                    ("source", source), ("topic", ""), ("send_time", "06:45"), ("time_zone", timeZone),
                    ("from_name", "Dateline"), ("from_address", "news@example.test"),
                ]
            }
            let added = try await browser.post(NewsroomPaths.newsletters, form: form("Morning Briefing"))
            #expect(added.status == .seeOther)
            let listed = try await browser.get(try #require(added.headers[.location]))
            #expect(listed.html.contains("Newsletter added."))
            #expect(listed.html.contains("Front page, every day at 06:45 Europe/London"))
            let list = try #require(try await newsroom.store.newsletters().first)
            #expect(list.slug.rawValue == "morning-briefing" && list.fromAddress == "news@example.test")

            let badZone = try await browser.post(
                NewsroomPaths.newsletters, form: form("Evening", timeZone: "Nowhere/Town"))
            #expect(badZone.status == .unprocessableContent)
            #expect(badZone.html.contains("is not a time zone"))
            #expect(badZone.html.contains("value=\"Evening\""))

            var edit = form("Morning Briefing", source: "breaking")
            edit.append(("x", "y"))
            let saved = try await browser.post(NewsroomPaths.newsletters + "/\(list.id)", form: edit)
            #expect(saved.status == .seeOther)
            #expect(try await newsroom.store.newsletter(id: list.id)?.source == .breaking)

            let reader = try await browser.get("/newsletters")
            #expect(reader.html.contains("Morning Briefing") && reader.html.contains("When news breaks"))

            let deleted = try await browser.post(
                NewsroomPaths.newsletters + "/\(list.id)/delete", form: [("csrf_token", token)])
            #expect(deleted.status == .seeOther)
            #expect(try await newsroom.store.newsletters().isEmpty)
        }
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let page = try await browser.get(NewsroomPaths.newsletters)
            #expect(page.status == .forbidden)
        }
    }
}
