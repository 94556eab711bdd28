import DatelineCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import DatelineWeb

@Suite("Static assets")
struct StaticAssetControllerTests {
    @Test("versioned asset URLs on pages are served with a year-long immutable cache")
    func versioned() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let home = try await browser.get("/")
            let stylesheet = try #require(home.links.first { $0.hasPrefix("/static/site.css?v=") })
            let css = try await browser.get(stylesheet)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(css.html.contains(".font-step-4"))
            #expect(css.headers[values: .setCookie].isEmpty)

            let script = try await browser.get("/static/reader.js")
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.headers[.cacheControl] == "public, max-age=300")

            var conditional = HTTPFields()
            conditional[.ifNoneMatch] = try #require(css.headers[.eTag])
            #expect(try await browser.get(stylesheet, headers: conditional).status == .notModified)
        }
    }

    @Test(
        "unknown files and escapes out of the folder are not found",
        arguments: [
            "/static/nope.css", "/static/../Package.swift", "/static/%2e%2e/Package.swift", "/static/",
        ])
    func unknown(path: String) async throws {
        let site = try ReaderTestSite()
        let response = try await site.withBrowser { try await $0.get(path) }
        #expect(response.status == .notFound)
    }

    @Test("every page's print stylesheet hides the page furniture")
    func printStylesheet() throws {
        let assets = try StaticAssets(directory: try #require(WebResources.staticFolder))
        let css = String(buffer: try #require(assets.asset(at: "print.css")).body)
        for furniture in [".masthead", ".sections", ".site-footer", ".font-controls", ".story-tools", ".dont-miss"] {
            #expect(css.contains(furniture))
        }
    }
}
