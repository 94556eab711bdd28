import DatelineCore
import Foundation
import Testing

@testable import DatelineIngest

/// RSS 2.0, Atom and JSON Feed entries written here after the formats' own descriptions; the news
/// is invented.
@Suite("FeedReader")
struct FeedReaderTests {
    static let base = URL(string: "https://valley.example/feeds/main")

    @Test("RSS 2.0: guid, relative link, title, description, author and pubDate mapped")
    func rss() throws {
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel><title>Valley Gazette</title><link>https://valley.example/</link>
                <item><title>Bridge approved</title><link>/news/bridge</link>
                  <guid isPermaLink="false">vg-2041</guid><dc:creator>Ana Ruiz</dc:creator>
                  <pubDate>Thu, 03 Dec 2026 10:15:00 +0100</pubDate>
                  <description>&lt;p&gt;The council voted &lt;b&gt;nine to two&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Work starts in spring.&lt;/p&gt;</description></item>
                <item><title>Older</title><link>https://valley.example/news/older</link>
                  <pubDate>Wed, 02 Dec 2026 08:00:00 GMT</pubDate></item>
              </channel>
            </rss>
            """
        let document = try FeedReader().read(Data(feed.utf8), contentType: "application/rss+xml", base: Self.base)
        #expect(document.format == .rss && document.title == "Valley Gazette" && document.notes.isEmpty)
        let first = try #require(document.entries.first)
        #expect(first.guid == "vg-2041" && first.link == "https://valley.example/news/bridge")
        #expect(first.title == "Bridge approved" && first.author == "Ana Ruiz")
        #expect(first.summary == ["The council voted nine to two.", "Work starts in spring."])
        #expect(first.published == Date(timeIntervalSince1970: 1_796_289_300))
        // No guid: the link stands in for it.
        #expect(document.entries.last?.guid == "https://valley.example/news/older")
    }

    @Test("Atom: id, alternate link, html content, author, updated and published mapped; newest first")
    func atom() throws {
        let feed = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="text">River Press</title>
              <entry><id>tag:river.example,2026:1</id><title>Old news</title>
                <link rel="alternate" href="https://river.example/1"/><updated>2026-12-01T09:00:00Z</updated></entry>
              <entry><id>tag:river.example,2026:2</id><title type="html">Ferry &amp;amp; bus strike</title>
                <link rel="self" href="https://river.example/api/2"/><link href="https://river.example/2"/>
                <author><name>Mira Castell</name></author>
                <published>2026-12-03T08:00:00Z</published><updated>2026-12-03T09:30:00+01:00</updated>
                <content type="html">&lt;p&gt;Crews walked out.&lt;/p&gt;</content></entry>
            </feed>
            """
        let document = try FeedReader().read(Data(feed.utf8), contentType: "application/atom+xml", base: nil)
        #expect(document.format == .atom && document.title == "River Press")
        let newest = try #require(document.entries.first)
        #expect(newest.guid == "tag:river.example,2026:2" && newest.link == "https://river.example/2")
        #expect(newest.title == "Ferry & bus strike" && newest.author == "Mira Castell")
        #expect(newest.summary == ["Crews walked out."])
        #expect(newest.updated == Date(timeIntervalSince1970: 1_796_286_600))
        #expect(document.entries.map(\.guid) == ["tag:river.example,2026:2", "tag:river.example,2026:1"])
    }

    @Test("JSON Feed: id, url, title, content_html, authors and dates mapped")
    func jsonFeed() throws {
        let feed = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Notes",
             "items": [{"id": "hn-7", "url": "https://harbour.example/7", "title": "Quay reopens",
                        "content_html": "<p>The quay reopened.</p>", "authors": [{"name": "Tom Hale"}],
                        "date_published": "2026-12-03T07:00:00Z", "date_modified": "2026-12-03T08:00:00Z"},
                       {"id": 8, "content_text": "No address."}]}
            """
        let document = try FeedReader().read(Data(feed.utf8), contentType: "application/feed+json", base: nil)
        #expect(document.format == .jsonFeed && document.title == "Harbour Notes")
        let item = try #require(document.entries.first)
        #expect(item.guid == "hn-7" && item.link == "https://harbour.example/7" && item.title == "Quay reopens")
        #expect(item.summary == ["The quay reopened."] && item.author == "Tom Hale")
        #expect(item.updated == Date(timeIntervalSince1970: 1_796_284_800))
        #expect(document.entries.last?.guid == "8" && document.entries.last?.link == nil)
    }

    @Test("entity bombs and external entities are refused before any expansion or file access")
    func hostileXML() {
        let bomb = """
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <rss version="2.0"><channel><title>&b;</title></channel></rss>
            """
        let external = """
            <?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>&x;</title></feed>
            """
        for hostile in [bomb, external] {
            #expect {
                try FeedReader().read(Data(hostile.utf8), contentType: "application/xml", base: nil)
            } throws: { error in
                (error as? WireReadError)?.message.contains("document type declaration") == true
            }
        }
    }

    @Test("an HTML page, a feed over the size cap and an unknown root are refused with a reason")
    func refusals() {
        func message(_ text: String, _ type: String?, reader: FeedReader = FeedReader()) -> String {
            do {
                _ = try reader.read(Data(text.utf8), contentType: type, base: nil)
                return ""
            } catch { return error.message }
        }
        #expect(message("<!DOCTYPE html><html><body>Hi</body></html>", "text/html").contains("HTML page, not a feed"))
        #expect(message("<html><body>Hi</body></html>", "application/xml").contains("HTML page"))
        #expect(
            message("<rss><channel/></rss>", nil, reader: FeedReader(maximumBytes: 10)).contains("are not read"))
        #expect(message("<opml version=\"2.0\"/>", "text/xml").contains("root element is <opml>"))
        #expect(message("{\"items\": []}", "application/json").contains("not a JSON Feed"))
    }

    @Test("an unreadable date is noted and dropped; only the newest entries up to the cap are read")
    func datesAndCap() throws {
        let items = (1...5).map { number in
            "<item><title>Item \(number)</title><link>https://valley.example/\(number)</link>"
                + (number == 3
                    ? "<pubDate>yesterday-ish</pubDate>"
                    : "<pubDate>Thu, 0\(number) Dec 2026 10:00:00 GMT</pubDate>") + "</item>"
        }
        let feed = "<rss version=\"2.0\"><channel><title>T</title>\(items.joined())</channel></rss>"
        let document = try FeedReader(maximumEntries: 2).read(Data(feed.utf8), contentType: nil, base: nil)
        #expect(document.totalEntries == 5 && document.entries.count == 2)
        #expect(document.notes.contains { $0.contains("“Item 3”: the date 'yesterday-ish'") })
        #expect(document.notes.contains { $0.contains("lists 5 entries; only the newest 2") })
        // Not every entry has a date, so the feed's own order (newest first by convention) is kept.
        #expect(document.entries.map(\.title) == ["Item 1", "Item 2"])
        #expect(document.entries[0].published != nil)
    }
}
