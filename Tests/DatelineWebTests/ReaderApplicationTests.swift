import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

@Suite("Reader application")
struct ReaderApplicationTests {
    @Test(
        "configuration out of range is refused with a message naming the value",
        arguments: [
            (WebConfiguration(port: 70_000), "port 70000"),
            (WebConfiguration(defaultFontStep: 9), "default font step 9"),
            (WebConfiguration(storiesPerPage: 0), "stories per page"),
            (WebConfiguration(siteName: "  "), "site name"),
            (WebConfiguration(publicBaseURL: URL(string: "ftp://news.example.test")), "http or https"),
        ])
    func badConfiguration(configuration: WebConfiguration, expected: String) async throws {
        let site = try ReaderTestSite()
        await #expect {
            _ = try await makeReaderApplication(
                configuration: configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        } throws: { error in
            guard let error = error as? WebSetupError, case .badConfiguration(let message) = error else { return false }
            return message.contains(expected)
        }
    }

    @Test("a hostile run of bad requests gets 4xx pages and leaves every stored story as it was")
    func badRequestsChangeNothing() async throws {
        let site = try ReaderTestSite()
        let lead = try await site.publish(Fixtures.lighthouse)
        let draft = try await site.file(Fixtures.secretDraft)
        let before = try await [site.store.story(id: lead.id), site.store.story(id: draft.id)]
        let countBefore = try await site.store.storyCount()
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/story/\(lead.slug)").formToken)
            let gets = [
                "/story/%", "/story/%C0%AF", "/story/\(lead.slug)?x=%G1", "/section/world?page=-5",
                "/section/world?page=18446744073709551616", "/topic/%00", "/story/\(lead.slug)/print?page=%",
                "/story/\(draft.slug)", "/../../etc/passwd", "/story/" + String(repeating: "x-", count: 500) + "x",
            ]
            for path in gets {
                let status = try await browser.get(path).status.code
                #expect((400..<500).contains(status), "\(path) gave \(status)")
            }
            let posts: [[(String, String)]] = [
                [("slug", lead.slug.rawValue), ("action", "save")],
                [("csrf_token", token), ("slug", lead.slug.rawValue), ("action", "delete")],
                [("csrf_token", token), ("slug", draft.slug.rawValue), ("action", "save")],
                [("csrf_token", token + "%"), ("slug", lead.slug.rawValue), ("action", "save")],
            ]
            for form in posts {
                let status = try await browser.post("/saved", form: form).status.code
                #expect((400..<500).contains(status), "\(form) gave \(status)")
            }
            for method in [HTTPRequest.Method.put, .delete, .patch] {
                let status = try await browser.send("/story/\(lead.slug)", method: method, body: nil).status
                #expect(status == .methodNotAllowed)
            }
        }
        let after = try await [site.store.story(id: lead.id), site.store.story(id: draft.id)]
        #expect(after == before)
        #expect(try await site.store.storyCount() == countBefore)
    }

    @Test("the server reports the port it bound when asked for any free port")
    func reportsPort() async throws {
        let site = try ReaderTestSite()
        let seen = PortBox()
        let app = try await makeReaderApplication(
            configuration: WebConfiguration(port: 0), store: site.store, logger: ReaderTestSite.quietLogger,
            onServerRunning: { port in await seen.set(port) })
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
        }
        let port = await seen.port
        #expect(port != nil && port != 0)
    }

    actor PortBox {
        var port: Int?
        func set(_ value: Int) { port = value }
    }
}
