import DatelineCore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineMarkup
@testable import DatelineWeb

@Suite("Escaping of story text")
struct PageRendererTests {
    static let script = "<script>alert(1)</script>"
    static let attribute = "\"><img src=x onerror=alert(2)>"

    /// A story whose every reader-visible field tries to inject markup.
    static let hostile = StoryDraft(
        headline: "Hostile \(script) headline \(attribute)",
        section: "World \(script)",
        dateline: Dateline(place: "PLACE \(attribute)", source: "SRC \(script)"),
        byline: "By \(script)",
        body: ["First \(script) paragraph \(attribute)", "Second \(attribute)", "Third", "Fourth", "Fifth \(script)"],
        highlights: ["Highlight \(script)", "Highlight \(attribute)"],
        topics: ["Topic \(script)", "Topic \(attribute)"],
        publishedAt: Fixtures.noon)

    @Test("markup in stories is escaped on every page that shows them")
    func escapedEverywhere() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Self.hostile)
        let neighbour = try await site.publish(
            StoryDraft(
                headline: "Neighbour story", section: "World \(Self.script)", body: ["Plain."],
                topics: ["Topic \(Self.script)"], publishedAt: Fixtures.hoursBefore(1)))
        let topic = try #require(story.topics.first)
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/story/\(story.slug)").formToken)
            try await browser.post(
                "/saved", form: [("csrf_token", token), ("slug", story.slug.rawValue), ("action", "save")])
            let paths = [
                "/", "/story/\(story.slug)", "/story/\(story.slug)/print", "/story/\(neighbour.slug)",
                "/section/\(story.section.slug)", "/topic/\(topic.slug)", "/saved",
            ]
            for path in paths {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.html.contains("<script>alert"), "raw script on \(path)")
                #expect(!page.html.contains("<img src=x"), "raw img on \(path)")
                #expect(!page.html.contains("\"><img"), "attribute break-out on \(path)")
                #expect(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped text missing on \(path)")
            }
            let storyPage = try await browser.get("/story/\(story.slug)")
            #expect(storyPage.html.contains("<title>Hostile &lt;script&gt;alert(1)&lt;/script&gt; headline"))
            // Highlights are stored as plain text, so the tags never reach a page at all.
            #expect(storyPage.html.contains("content=\"Highlight alert(1)\""))
            #expect(storyPage.html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        }
    }

    @Test("every page template exists and parses")
    func templatesLoad() throws {
        let renderer = try PageRenderer(directory: try #require(WebResources.templateFolder))
        #expect(!renderer.version.isEmpty)
    }

    @Test("no template prints a value unescaped")
    func noTripleMustache() throws {
        let folder = try #require(WebResources.templateFolder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        #expect(names.count >= PageTemplate.allCases.count)
        for name in names {
            // The one allowed exception: JSON-LD, escaped for a script element by ScriptSafeJSON.
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "<script type=\"application/ld+json\">{{{.}}}</script>", with: "")
                // And story body blocks, which only exist as HTMLSanitizer output (SanitizedHTML).
                .replacingOccurrences(of: "{{{sanitizedHTML}}}", with: "")
            #expect(!text.contains("{{{"), "\(name) uses triple braces")
            #expect(!text.contains("{{&"), "\(name) uses an unescaped tag")
            #expect(!text.contains("CONTENT_TYPE"), "\(name) changes the escaping")
        }
    }
}
