import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Turning accounts off and on")
struct AccountActivationTests {
    @Test("a turned-off account's session and API token stop at once, it cannot sign in, and turning it on restores it")
    func deactivateAndReactivate() async throws {
        let newsroom = try NewsroomTestSite()
        let admin = try await newsroom.account(.admin)
        let writer = try await newsroom.account(.writer)
        let secret = try await newsroom.token(for: writer)
        try await newsroom.withBrowser { adminBrowser in
            var writerBrowser = Browser(client: adminBrowser.client)
            try await writerBrowser.signIn(writer.email, from: "192.0.2.7")
            #expect(try await writerBrowser.get(NewsroomPaths.root).status == .ok)
            #expect(try await writerBrowser.api(.get, "/api/v1/admin/stories", token: secret).status == .ok)

            try await adminBrowser.signIn(admin.email)
            let token = try await adminBrowser.newsroomToken(from: NewsroomPaths.users)
            let listing = try await adminBrowser.get(NewsroomPaths.users)
            #expect(listing.html.contains(NewsroomPaths.userActivation(writer.id, active: false)))
            #expect(!listing.html.contains(NewsroomPaths.userActivation(admin.id, active: false)), "not for yourself")
            let off = try await adminBrowser.post(
                NewsroomPaths.userActivation(writer.id, active: false), form: [("csrf_token", token)])
            #expect(off.status == .seeOther)
            #expect(off.headers[.location] == NewsroomPaths.users)
            let after = try await adminBrowser.get(NewsroomPaths.users)
            #expect(after.html.contains("Turned off"))
            #expect(after.html.contains(NewsroomPaths.userActivation(writer.id, active: true)))

            // The writer's open session is gone on its very next request, and so is the API token.
            let page = try await writerBrowser.get(NewsroomPaths.root)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.hasPrefix(NewsroomPaths.login) == true)
            let api = try await writerBrowser.api(.get, "/api/v1/admin/stories", token: secret)
            #expect(api.status == .unauthorized)
            #expect(try api.errorCode() == "account_deactivated")

            // The right password now gets a message the person can act on, and no session.
            let refused = try await writerBrowser.signIn(writer.email, from: "192.0.2.7")
            #expect(refused.status == .forbidden)
            #expect(refused.html.contains("Ask an admin of the newsroom to turn it back on."))
            #expect(writerBrowser.cookies[NewsroomCookies.sessionName] == nil)
            // A wrong password still gets the usual refusal, so nothing is told to a guesser.
            let guessed = try await writerBrowser.signIn(writer.email, password: "not the password", from: "192.0.2.8")
            #expect(guessed.status == .unauthorized)
            #expect(!guessed.html.contains("turned off"))

            let on = try await adminBrowser.post(
                NewsroomPaths.userActivation(writer.id, active: true), form: [("csrf_token", token)])
            #expect(on.status == .seeOther)
            #expect(try await writerBrowser.signIn(writer.email, from: "192.0.2.7").status == .seeOther)
            #expect(try await writerBrowser.get(NewsroomPaths.root).status == .ok)
            #expect(try await writerBrowser.api(.get, "/api/v1/admin/stories", token: secret).status == .ok)
        }
    }

    @Test("only admins turn accounts off, never their own, and only with the session's form token")
    func refusals() async throws {
        let newsroom = try NewsroomTestSite()
        let admin = try await newsroom.account(.admin)
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let editorToken = try await browser.newsroomToken()
            let byEditor = try await browser.post(
                NewsroomPaths.userActivation(writer.id, active: false), form: [("csrf_token", editorToken)])
            #expect(byEditor.status == .forbidden)

            try await browser.signIn(admin.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.users)
            let forged = try await browser.post(
                NewsroomPaths.userActivation(writer.id, active: false), form: [("csrf_token", "forged")])
            #expect(forged.status == .forbidden)
            let yourself = try await browser.post(
                NewsroomPaths.userActivation(admin.id, active: false), form: [("csrf_token", token)])
            #expect(yourself.status == .conflict)
            #expect(yourself.html.contains("You cannot turn off your own account."))
            let unknown = try await browser.post(
                NewsroomPaths.userActivation(9_999, active: false), form: [("csrf_token", token)])
            #expect(unknown.status == .notFound)
            #expect(try await newsroom.store.user(id: writer.id)?.isActive == true)
            #expect(try await newsroom.store.user(id: admin.id)?.isActive == true)
        }
    }
}
