import DatelineCore
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import DatelineWeb

@Suite("Security headers")
struct SecurityHeadersMiddlewareTests {
    @Test(
        "pages, error pages and static files all carry the browser defences",
        arguments: [
            "/", "/no/such/page", "/story/%ZZ", "/static/site.css",
        ])
    func everyResponse(path: String) async throws {
        let site = try ReaderTestSite()
        let page = try await site.withBrowser { try await $0.get(path) }
        let policy = try #require(page.headers[.contentSecurityPolicy])
        #expect(policy.contains("default-src 'self'"))
        #expect(policy.contains("script-src 'self'"))
        #expect(policy.contains("frame-ancestors 'none'"))
        #expect(!policy.contains("unsafe-inline"))
        // Frames only from the two click-to-play video players; nothing else is loosened.
        let directives = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(
            directives.filter { $0.hasPrefix("frame-src") } == [
                "frame-src https://www.youtube-nocookie.com https://player.vimeo.com"
            ])
        #expect(directives.filter { $0.hasPrefix("child-src") || $0.hasPrefix("script-src") } == ["script-src 'self'"])
        #expect(page.headers[.xContentTypeOptions] == "nosniff")
        #expect(page.headers[.referrerPolicy] == "strict-origin-when-cross-origin")
        #expect(page.headers[.xFrameOptions] == "DENY")
    }

    @Test("no page carries inline script or inline event handlers, so the policy can forbid them")
    func noInlineScript() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            for path in [
                "/", "/story/\(story.slug)", "/story/\(story.slug)/print", "/section/world", "/topic/norland",
                "/saved", "/no-such-page",
            ] {
                let html = try await browser.get(path).html
                let scripts = html.components(separatedBy: "<script").dropFirst()
                // JSON-LD is a data block, which browsers never run.
                #expect(
                    scripts.allSatisfy {
                        $0.hasPrefix(" src=\"/static/reader.js?v=") || $0.hasPrefix(" type=\"application/ld+json\">")
                    }, "inline script on \(path)")
                #expect(!html.contains(" onclick="), "inline handler on \(path)")
                #expect(!html.contains("style=\""), "inline style on \(path)")
            }
        }
    }
}
