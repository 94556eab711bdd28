import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// Stored XSS: hostile text in every story field comes back escaped or removed on every page
/// that shows it, reader and newsroom alike.
@Suite("Stored XSS in story fields")
struct StoredXSSTests {
    static let payloads = [
        "<script>alert('x1')</script>",
        "<img src=x onerror=alert('x2')>",
        "<svg onload=alert('x3')><circle/></svg>",
        "<a href=\"javascript:alert('x4')\">link</a>",
        "<p style=\"background:url(javascript:alert('x5'))\">styled</p>",
        "&lt;script&gt;alert('x6')&lt;/script&gt;",
        "[click](javascript:alert('x7'))",
        "<a href=\"jav&#x09;ascript:alert('x8')\">tab</a>",
        "\"><script>alert('x9')</script>",
        "<iframe src=\"javascript:alert('x10')\"></iframe>",
        "<a href=\"JaVaScRiPt:alert('x11')\" onclick=\"alert('x11')\">case</a>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('x12')>",
    ]

    static func hostileDraft(_ payload: String) -> StoryDraft {
        StoryDraft(
            headline: "Headline \(payload)", section: "World \(payload)",
            dateline: Dateline(place: "PLACE \(payload)", source: "SRC \(payload)"), byline: "By \(payload)",
            body: ["Lead \(payload)", payload, "- item \(payload)\n- two", "> quote \(payload)"],
            highlights: ["Highlight \(payload)"], topics: ["Topic \(payload)"])
    }

    /// Fails when the page carries live markup from a payload: payload text outside escaping
    /// (every payload calls `alert('…')`, and escaped text never has a bare `'`), a forbidden
    /// element, an event or style attribute, or a link to anything but http(s), mailto or the site.
    static func check(_ page: Page, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var html = page.html
        // JSON-LD blocks carry text as JSON, not HTML; they are safe while nothing in them can end the element.
        while let open = html.range(of: "<script type=\"application/ld+json\">"),
            let close = html.range(of: "</script>", range: open.upperBound..<html.endIndex)
        {
            let json = html[open.upperBound..<close.lowerBound]
            #expect(!json.contains("<"), "\(label): JSON-LD holds a raw <", sourceLocation: sourceLocation)
            html.removeSubrange(open.lowerBound..<close.upperBound)
        }
        #expect(!html.contains("alert('"), "\(label): unescaped payload text", sourceLocation: sourceLocation)
        let tags = html.matches(of: /<[a-zA-Z][^>]*>/).map { String($0.output) }
        for tag in tags {
            let bare = tag.replacing(/"[^"]*"/, with: "\"\"")
            let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
            #expect(
                !["img", "iframe", "math", "style", "object", "embed", "frame"].contains(name),
                "\(label): \(tag)", sourceLocation: sourceLocation)
            #expect(name != "svg" || tag.contains("class=\"icon\""), "\(label): \(tag)", sourceLocation: sourceLocation)
            #expect(
                name != "script" || tag.contains("src=\"/static/"), "\(label): \(tag)", sourceLocation: sourceLocation)
            #expect(
                bare.firstMatch(of: /\s(on[a-zA-Z]+|style)\s*=/) == nil, "\(label): \(tag)",
                sourceLocation: sourceLocation)
            if name == "a", let href = tag.firstMatch(of: /href="([^"]*)"/)?.output.1 {
                let safe = ["http://", "https://", "mailto:", "/", "#", "?"].contains { href.hasPrefix($0) }
                #expect(safe, "\(label): \(tag)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("every payload in every field is inert on reader and newsroom pages", arguments: payloads)
    func payloadIsInert(_ payload: String) async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let story = try await newsroom.store.createStory(
            Self.hostileDraft(payload), status: .published, author: editor.id)
        var edited = story.draft
        edited.body.append("Added \(payload)")
        _ = try await newsroom.store.updateStory(id: story.id, with: edited, author: editor.id)
        _ = try await newsroom.store.addCorrection(
            "Correction \(payload)", toStory: story.id, author: editor.id, at: newsroom.clock.now)
        let revisions = try await newsroom.store.revisions(ofStory: story.id)
        try await newsroom.withBrowser { browser in
            var pages: [(String, String)] = [
                ("story", SitePaths.story(story.slug)), ("print", SitePaths.printView(story.slug)),
                ("home", SitePaths.home), ("section", SitePaths.section(story.section.slug)),
            ]
            if let topic = story.topics.first { pages.append(("topic", SitePaths.topic(topic.slug))) }
            for (label, path) in pages {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(label)")
                Self.check(page, label)
            }
            try await browser.signIn(editor.email)
            let newsroomPages = [
                ("list", NewsroomPaths.root), ("editor", NewsroomPaths.story(story.id)),
                ("preview", NewsroomPaths.story(story.id, "preview")),
                ("revisions", NewsroomPaths.story(story.id, "revisions")),
                (
                    "compare",
                    NewsroomPaths.story(story.id, "revisions/compare")
                        + "?from=\(revisions[1].id)&to=\(revisions[0].id)"
                ),
            ]
            for (label, path) in newsroomPages {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(label)")
                Self.check(page, label)
            }
            let token = try await browser.newsroomToken()
            let unsaved = try await browser.post(
                NewsroomPaths.stories + "/preview",
                form: [
                    ("csrf_token", token), ("headline", "Fresh \(payload)"), ("section", "World"),
                    ("body", "Body \(payload)"), ("highlight_1", payload), ("topics", payload),
                ])
            #expect(unsaved.status == .ok)
            Self.check(unsaved, "unsaved preview")
        }
    }

    @Test("the story page shows the editor's Markdown formatting and safe links")
    func markdownSurvives() async throws {
        let newsroom = try NewsroomTestSite()
        let story = try await newsroom.site.publish(
            StoryDraft(
                headline: "Formatting", section: "World", dateline: Dateline(place: "OSLO", source: "DL"),
                body: ["A **bold** start with [a link](https://example.org/a?b=1&c=2).", "- one\n- two"]))
        try await newsroom.withBrowser { browser in
            let page = try await browser.get(SitePaths.story(story.slug))
            #expect(
                page.html.contains("<strong class=\"dateline\">OSLO (DL) --</strong> A <strong>bold</strong> start"))
            #expect(
                page.html.contains("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener\">a link</a>")
            )
            #expect(page.html.contains("<ul><li>one</li><li>two</li></ul>"))
        }
    }
}
