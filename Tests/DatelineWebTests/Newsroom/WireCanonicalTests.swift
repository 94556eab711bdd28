import DatelineCore
import DatelineIngest
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Wire canonical link")
struct WireCanonicalTests {
    @Test("a story taken from a wire item names the original as canonical until its body is edited")
    func verbatimCopy() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let item = try await newsroom.store.receiveWireItem(
            WireControllerTests.item("v", source: "Harbour Wire", headline: "Ferry crews strike"),
            now: newsroom.clock.now, lifetime: 3_600
        ).item
        let original = try #require(item.content.canonicalURL)
        let draft = item.storyDraft(section: "World")
        let story = try await newsroom.store.createStory(draft, status: .published, author: editor.id)
        try await newsroom.withBrowser { browser in
            let page = try await browser.get(SitePaths.story(story.slug))
            #expect(page.status == .ok)
            #expect(page.html.contains("<link rel=\"canonical\" href=\"\(original)\">"))
        }
        var edited = draft
        edited.body[0] += " Talks resume on Thursday."
        let changed = try await newsroom.store.updateStory(id: story.id, with: edited, author: editor.id)
        try await newsroom.withBrowser { browser in
            let page = try await browser.get(SitePaths.story(changed.slug))
            #expect(!page.html.contains("href=\"\(original)\""))
            #expect(
                page.html.contains(
                    "<link rel=\"canonical\" href=\"https://news.example.test\(SitePaths.story(changed.slug))\">"))
        }
    }

    @Test("only a wire checksum whose digest matches the body counts as verbatim")
    func digest() {
        let body = ["One  paragraph.", "Two."]
        let checksum = StorySource.wireChecksum(format: "page", version: 3, body: body)
        #expect(checksum.hasPrefix("wire-page-v3-"))
        let source = StorySource(url: "https://valley.example/bridge", checksum: checksum)
        #expect(source.isVerbatimWireCopy(body: ["One paragraph.", "Two."]))
        #expect(!source.isVerbatimWireCopy(body: ["One paragraph.", "Two!"]))
        #expect(!StorySource(url: "javascript:alert(1)", checksum: checksum).isVerbatimWireCopy(body: body))
        #expect(!StorySource(url: "https://valley.example/bridge", checksum: "abc").isVerbatimWireCopy(body: body))
    }
}
