import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom sections")
struct SectionsControllerTests {
    @Test("an editor adds, renames (old address 301), orders and hides sections; the site's navigation follows")
    func manageSections() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        var world = StoryDeskSavingTests.draft("Harbour opens")
        world.section = "World"
        var sport = StoryDeskSavingTests.draft("Regatta won")
        sport.section = "Sport"
        _ = try await newsroom.store.createStory(world, status: .published, author: editor.id)
        _ = try await newsroom.store.createStory(sport, status: .published, author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let page = try await browser.get(NewsroomPaths.sections)
            #expect(page.status == .ok)
            let token = try #require(page.formToken)

            let added = try await browser.post(
                NewsroomPaths.sections, form: [("csrf_token", token), ("name", "Science")])
            #expect(added.status == .seeOther)
            let duplicate = try await browser.post(
                NewsroomPaths.sections, form: [("csrf_token", token), ("name", "science")])
            #expect(duplicate.status == .unprocessableContent)
            #expect(duplicate.html.contains("A section with the address /section/science exists already."))
            #expect(duplicate.html.contains("value=\"science\""))

            let renamed = try await browser.post(
                NewsroomPaths.sections + "/world/rename", form: [("csrf_token", token), ("name", "International")])
            #expect(renamed.status == .seeOther)
            let old = try await browser.get("/section/world")
            #expect(old.status == .movedPermanently)
            #expect(old.headers[.location] == "/section/international")
            let clash = try await browser.post(
                NewsroomPaths.sections + "/international/rename", form: [("csrf_token", token), ("name", "Sport")])
            #expect(clash.status == .unprocessableContent)
            #expect(clash.html.contains("/section/sport exists already"))

            // Sport first in the navigation, then hidden from it; its page still answers.
            // Desk order by name: International, Science, Sport; two moves up put Sport first.
            for _ in 1...2 {
                let moved = try await browser.post(
                    NewsroomPaths.sections + "/sport/move", form: [("csrf_token", token), ("direction", "up")])
                #expect(moved.status == .seeOther)
            }
            let home = try await browser.get("/").html
            let sportLink = try #require(home.range(of: "href=\"/section/sport\""))
            let internationalLink = try #require(home.range(of: "href=\"/section/international\""))
            #expect(sportLink.lowerBound < internationalLink.lowerBound)
            _ = try await browser.post(
                NewsroomPaths.sections + "/sport/visibility", form: [("csrf_token", token), ("hidden", "yes")])
            #expect(!(try await browser.get("/").html.contains("href=\"/section/sport\"")))
            #expect(try await browser.get("/section/sport").status == .ok)
            let bad = try await browser.post(
                NewsroomPaths.sections + "/sport/move", form: [("csrf_token", token), ("direction", "sideways")])
            #expect(bad.status == .badRequest)
        }
    }

    @Test("writers cannot manage sections")
    func writersRefused() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken()
            #expect(try await browser.get(NewsroomPaths.sections).status == .forbidden)
            let refused = try await browser.post(
                NewsroomPaths.sections, form: [("csrf_token", token), ("name", "Wrold")])
            #expect(refused.status == .forbidden)
            #expect(try await newsroom.store.deskSections().isEmpty)
        }
    }
}
