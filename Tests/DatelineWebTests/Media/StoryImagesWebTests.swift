import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import DatelineMarkup
@testable import DatelineWeb

/// Stories with images on reader pages, feeds, the APIs and the newsroom (issue 14): the lead
/// image under the headline, body figures, listing thumbnails, share cards, JSON-LD and feeds.
@Suite("Story images on the web")
struct StoryImagesWebTests {
    static let time = Date(timeIntervalSince1970: 1_800_000_000)

    /// Stores an image's details with stand-in bytes: pages never decode it.
    static func item(
        _ store: some MediaStore, _ key: String, width: Int = 2400, height: Int = 1600, ready: Bool = true,
        caption: String? = "Boats at the harbour wall"
    ) async throws -> MediaItem {
        try await store.addMedia(
            NewMedia(
                image: MediaImage(
                    bytes: Data(key.utf8), fileName: "\(key).jpg", format: "jpeg", width: width, height: height),
                details: ready
                    ? MediaDetails(altText: "Fishing boats \(key)", credit: "Ann Arden/Dateline", caption: caption)
                    : MediaDetails(),
                uploadedBy: nil, time: time)
        ).item
    }

    static func illustrated(_ lead: MediaItem?, inline: [String] = []) -> StoryDraft {
        var draft = Fixtures.lighthouse
        draft.leadImage = lead?.id
        draft.body.insert(contentsOf: inline, at: min(1, draft.body.count))
        return draft
    }

    /// The `<img …>` tag that holds `needle`.
    static func imgTag(in html: String, containing needle: String) -> String? {
        html.components(separatedBy: "<img ").dropFirst().map { "<img " + ($0.split(separator: ">").first ?? "") }
            .first { $0.contains(needle) }
    }

    @Test("the story page shows the lead image under the headline and body figures, without layout shift")
    func storyPage() async throws {
        let site = try ReaderTestSite()
        let lead = try await Self.item(site.store, "lead")
        let inline = try await Self.item(site.store, "inline", width: 1000, height: 750, caption: nil)
        let doomed = try await Self.item(site.store, "doomed")
        let story = try await site.publish(
            Self.illustrated(
                lead,
                inline: [
                    "![The lamp room](media:\(inline.id) \"The lamp room at dusk\")",
                    "![Gone](media:\(doomed.id) \"Gone soon\")",
                ]))
        // An editor deletes an image the live story uses, by force.
        #expect(try await site.store.deleteMedia(id: doomed.id, force: true) == .deleted)
        let html = try await site.withBrowser { try await $0.get(SitePaths.story(story.slug)).html }
        let key = String(lead.digest.prefix(16))
        // Under the headline, before the story's columns.
        let headline = try #require(html.range(of: "id=\"story-headline\""))
        let figure = try #require(html.range(of: "<figure class=\"lead-image\">"))
        let columns = try #require(html.range(of: "class=\"story-columns\""))
        #expect(headline.lowerBound < figure.lowerBound && figure.lowerBound < columns.lowerBound)
        #expect(html.contains("<source type=\"image/avif\" srcset=\"/media/\(lead.id)-\(key)-320.avif 320w"))
        #expect(html.contains("<source type=\"image/webp\" srcset=\"/media/\(lead.id)-\(key)-320.webp 320w"))
        let leadImg = try #require(Self.imgTag(in: html, containing: "/media/\(lead.id)-"))
        #expect(leadImg.contains("width=\"2048\" height=\"1365\""))
        #expect(leadImg.contains("fetchpriority=\"high\""))
        #expect(!leadImg.contains("loading=\"lazy\""), "the lead image is above the fold")
        #expect(leadImg.contains("alt=\"Fishing boats lead\""))
        #expect(leadImg.contains("sizes=\""))
        #expect(leadImg.contains("/media/\(lead.id)-\(key)-2048.jpg 2048w"))
        #expect(html.contains("<span class=\"figure-caption\">Boats at the harbour wall</span>"))
        #expect(html.contains("<span class=\"figure-credit\">Ann Arden/Dateline</span>"))

        // The body figure: lazy, its own alt text and caption, the item's credit.
        let inlineImg = try #require(Self.imgTag(in: html, containing: "/media/\(inline.id)-"))
        #expect(inlineImg.contains("loading=\"lazy\""))
        #expect(inlineImg.contains("width=\"1000\" height=\"750\""))
        #expect(inlineImg.contains("alt=\"The lamp room\""))
        #expect(html.contains("<figure class=\"story-figure\">"))
        #expect(html.contains("The lamp room at dusk</span> <span class=\"figure-credit\">Ann Arden/Dateline"))
        // An image the library does not hold is left out, syntax and all.
        #expect(!html.contains("/media/\(doomed.id)-"))
        #expect(!html.contains("Gone soon"))
        #expect(!html.contains("media:"))
        // Every image on the page reserves its box.
        for tag in html.components(separatedBy: "<img ").dropFirst() {
            let attributes = String(tag.prefix { $0 != ">" })
            #expect(attributes.contains("width=\"") && attributes.contains("height=\""), "\(attributes)")
        }

        // Share cards and structured data.
        #expect(
            html.contains(
                "<meta property=\"og:image\" content=\"https://news.example.test/media/\(lead.id)-\(key)-1280.jpg\">"))
        #expect(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"))
        let images = try Self.linkedDataImages(html)
        #expect(images.first?["@type"] as? String == "ImageObject")
        #expect((images.first?["width"] as? Int ?? 0) >= 1200)
        #expect(images.first?["creditText"] as? String == "Ann Arden/Dateline")
    }

    /// The `image` list of the page's NewsArticle JSON-LD.
    static func linkedDataImages(_ html: String) throws -> [[String: Any]] {
        let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = String(html[start.upperBound..<end.lowerBound])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return object["image"] as? [[String: Any]] ?? []
    }

    @Test("JSON-LD offers the original's width when it is under 1200 px, and nothing without a lead image")
    func linkedDataSmallOriginal() async throws {
        let site = try ReaderTestSite()
        let small = try await Self.item(site.store, "small", width: 1000, height: 600)
        let story = try await site.publish(Self.illustrated(small))
        let plain = try await site.publish(Fixtures.bakery)
        try await site.withBrowser { browser in
            let html = try await browser.get(SitePaths.story(story.slug)).html
            let images = try Self.linkedDataImages(html)
            #expect(images.first?["width"] as? Int == 1000)
            #expect(images.first?["height"] as? Int == 600)
            let bare = try await browser.get(SitePaths.story(plain.slug)).html
            #expect(try Self.linkedDataImages(bare).isEmpty)
            #expect(!bare.contains("og:image"))
            #expect(bare.contains("<meta name=\"twitter:card\" content=\"summary\">"))
        }
    }

    @Test("front, section, topic, search and saved pages show small lazy thumbnails with their size set")
    func listingThumbnails() async throws {
        let site = try ReaderTestSite()
        let lead = try await Self.item(site.store, "thumb")
        let story = try await site.publish(Self.illustrated(lead))
        let topic = try #require(story.topics.first)
        try await site.withBrowser { browser in
            let pages = [
                "/", SitePaths.section(story.section.slug), SitePaths.topic(topic.slug), "/search?q=lighthouse",
            ]
            for path in pages {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                let img = Self.imgTag(in: page.html, containing: "/media/\(lead.id)-")
                #expect(img != nil, "\(path) shows the thumbnail")
                #expect(img?.contains("loading=\"lazy\"") == true, "\(path)")
                #expect(img?.contains("width=\"480\" height=\"320\"") == true, "\(path): \(img ?? "")")
                #expect(page.html.contains("class=\"summary-thumb\""), "\(path)")
                #expect(!page.html.contains("-2048.avif"), "\(path) offers no wide renditions for a thumbnail")
            }
            let token = try #require(try await browser.get(SitePaths.story(story.slug)).formToken)
            _ = try await browser.post(
                "/saved", form: [("csrf_token", token), ("slug", story.slug.rawValue), ("action", "save")])
            let saved = try await browser.get("/saved")
            #expect(Self.imgTag(in: saved.html, containing: "/media/\(lead.id)-")?.contains("loading=\"lazy\"") == true)
        }
    }

    @Test("RSS carries media:content and an enclosure, Atom a link rel=enclosure")
    func feeds() async throws {
        let site = try ReaderTestSite()
        let lead = try await Self.item(site.store, "feed")
        try await site.publish(Self.illustrated(lead))
        let key = String(lead.digest.prefix(16))
        let url = "https://news.example.test/media/\(lead.id)-\(key)-1280.jpg"
        try await site.withBrowser { browser in
            let rss = try await browser.get("/feeds/rss.xml").html
            #expect(rss.contains("xmlns:media=\"http://search.yahoo.com/mrss/\""))
            #expect(rss.contains("<enclosure url=\"\(url)\" type=\"image/jpeg\" length=\"0\"/>"))
            #expect(
                rss.contains(
                    "<media:content url=\"\(url)\" medium=\"image\" type=\"image/jpeg\" width=\"1280\" height=\"853\">")
            )
            #expect(rss.contains("<media:credit>Ann Arden/Dateline</media:credit>"))
            _ = try XMLTree(rss)
            let atom = try await browser.get("/feeds/atom.xml").html
            #expect(atom.contains("<link rel=\"enclosure\" type=\"image/jpeg\" href=\"\(url)\"/>"))
            _ = try XMLTree(atom)
        }
    }

    @Test("the print view keeps the lead image and leaves the image syntax out of the text")
    func printView() async throws {
        let site = try ReaderTestSite()
        let lead = try await Self.item(site.store, "print")
        let story = try await site.publish(Self.illustrated(lead, inline: ["![Lamp](media:\(lead.id))"]))
        let html = try await site.withBrowser { try await $0.get(SitePaths.printView(story.slug)).html }
        #expect(html.contains("<figure class=\"lead-image\">"))
        #expect(Self.imgTag(in: html, containing: "/media/\(lead.id)-")?.contains("width=\"1280\"") == true)
        #expect(!html.contains("media:\(lead.id)"))
    }

    @Test("a story page with a lead image is served from the page cache, and a new caption reaches it")
    func pageCache() async throws {
        var configuration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"))
        configuration.cachesPages = true
        let site = try ReaderTestSite(configuration: configuration)
        let lead = try await Self.item(site.store, "cached")
        let story = try await site.publish(Self.illustrated(lead))
        let recorder = RequestLogMiddlewareTests.Recorder()
        let logger = Logger(label: "story-images-cache", factory: recorder.handler)
        let app = try await makeReaderApplication(configuration: configuration, store: site.store, logger: logger)
        let store = site.store
        try await app.test(.live) { client in
            let path = SitePaths.story(story.slug)
            let first = try await client.execute(uri: path, method: .get)
            let second = try await client.execute(uri: path, method: .get)
            let hits = recorder.records.withLock { $0 }.filter { $0.metadata["page_cache"] == "hit" }.count
            #expect(hits == 1, "the second request is answered from the cache")
            #expect(second.body == first.body)
            _ = try await store.updateMedia(
                id: lead.id,
                details: MediaDetails(altText: "Fishing boats", credit: "Ann Arden/Dateline", caption: "A new caption"),
                at: Self.time + 60)
            // The change signal reaches the cache asynchronously: poll until it has, with a deadline.
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(10)
            var fresh = false
            while !fresh, clock.now < deadline {
                let page = try await client.execute(uri: path, method: .get)
                fresh = String(buffer: page.body).contains("A new caption")
                if !fresh { try await clock.sleep(for: .milliseconds(20)) }
            }
            #expect(fresh, "a changed image empties the page cache, as a changed story does")
        }
    }

    @Test("the sanitiser lets no picture, source or img through from a body's own HTML")
    func sanitiserStaysStrict() {
        let blocks = [
            "<picture><source srcset=\"https://evil.example/x.avif\"><img src=\"/media/1-aaaaaaaaaaaaaaaa-320.jpg\" onerror=\"alert(1)\"></picture>",
            "Text with ![inline](media:5) inside it.",
            "<figure class=\"story-figure\"><img src=\"x.jpg\"></figure>",
        ]
        let html = MarkdownBody.html(blocks).map(\.sanitizedHTML).joined()
        #expect(!html.contains("<img"))
        #expect(!html.contains("<picture"))
        #expect(!html.contains("<source"))
        #expect(!html.contains("evil.example"))
        #expect(!html.contains("story-figure"))
    }
}
