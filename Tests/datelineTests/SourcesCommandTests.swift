import DatelineStore
import Foundation
import Testing

/// `dateline sources` against a feed server the test runs on loopback (issue 17 item 1), on
/// SQLite and, when `DATELINE_TEST_POSTGRES_URL` names a server, PostgreSQL.
@Suite("dateline sources")
struct SourcesCommandTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }

        static var all: [Backend] { [.sqlite] + (PostgresCommandTests.isWanted ? [.postgres] : []) }

        /// Runs `body` with a fresh database's address, removed afterwards.
        func withDatabase(_ body: (String) async throws -> Void) async throws {
            switch self {
            case .sqlite:
                let folder = try ScratchFolder()
                try await body(folder.path("d.sqlite"))
            case .postgres:
                let serverURL = try #require(PostgresCommandTests.serverURL, "CI is set but no PostgreSQL URL is")
                let server = try PostgresLocation(url: serverURL)
                let database = server.with(database: "dateline_src_" + UUID().uuidString.prefix(8).lowercased())
                try await PostgresTestServer.admin(server, "CREATE DATABASE \(database.database)")
                do {
                    try await body(database.urlWithPassword)
                } catch {
                    try? await PostgresTestServer.admin(
                        server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
                    throw error
                }
                try await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
            }
        }
    }

    static func page(_ headline: String, canonical: String) -> String {
        """
        <!DOCTYPE html><html><head><title>\(headline) | Valley Gazette</title>
        <link rel="canonical" href="\(canonical)"></head><body><nav>Home News Sport</nav>
        <article><h1>\(headline)</h1><p class="byline">By Ana Ruiz</p>
        <p>The council voted nine to two for a second bridge over the river and a cycle path along the old rail line.</p>
        <p>Work is due to start next spring, and the crossing should open to traffic in the autumn of the year after.</p>
        <p>Residents of the east bank have asked for a second crossing for more than twenty years, and many watched.</p>
        </article><footer>Contact us</footer></body></html>
        """
    }

    static func rss(_ base: String, title: String, date: String) -> String {
        """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Valley Gazette</title>
        <item><title>\(title)</title><link>\(base)/news/bridge</link><guid>vg-1</guid><pubDate>\(date)</pubDate></item>
        <item><title>No page</title><guid isPermaLink="false">vg-2</guid></item>
        </channel></rss>
        """
    }

    static func wireLines(_ database: String) throws -> [[String: Any]] {
        let listed = try CommandRunner.run(["wire", "list", "--json", "--database", database])
        return listed.standardOutput.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
    }

    @Test(
        "a new item appears once; the second poll sends the validators and a 304 changes nothing; a changed item replaces",
        arguments: Backend.all)
    func polling(_ backend: Backend) async throws {
        let server = try FeedTestServer()
        defer { server.stop() }
        let base = server.base
        server.set(
            "/feed.xml",
            .feed(Self.rss(base, title: "Bridge vote", date: "Thu, 03 Dec 2026 09:00:00 GMT"), etag: "\"v1\""))
        server.set(
            "/news/bridge",
            .page(Self.page("Council approves second bridge", canonical: "https://valley.example/bridge")))
        try await backend.withDatabase { database in
            let added = try CommandRunner.run(
                [
                    "sources", "add", "\(base)/feed.xml", "--section", "Local", "--every", "30", "--allow-private",
                    "--database", database,
                ])
            #expect(added.status == 0, "\(added.standardError)")

            let first = try CommandRunner.run(["sources", "poll", "--database", database])
            // The entry without a link is a failure in the source's log, nothing more.
            #expect(first.standardOutput == "1 new, 0 updated, 0 duplicates, 1 failed\n", "\(first.standardError)")
            #expect(first.status == 1)
            var items = try Self.wireLines(database)
            #expect(items.count == 1)
            let item = try #require(items.first)
            #expect(item["headline"] as? String == "Council approves second bridge")
            #expect(item["source"] as? String == "Valley Gazette" && item["section"] as? String == "Local")
            #expect(item["url"] as? String == "https://valley.example/bridge")
            #expect(item["origin"] as? String == "\(base)/news/bridge" && item["format"] as? String == "page")
            #expect(server.requests(for: "/feed.xml").first?.headers["if-none-match"] == nil)

            let second = try CommandRunner.run(["sources", "poll", "--database", database])
            #expect(second.standardOutput == "0 new, 0 updated, 0 duplicates, 0 failed\n", "\(second.standardError)")
            let validators = try #require(server.requests(for: "/feed.xml").last?.headers)
            #expect(validators["if-none-match"] == "\"v1\"")
            #expect(validators["if-modified-since"] == "Thu, 03 Dec 2026 10:00:00 GMT")
            #expect(server.requests(for: "/news/bridge").count == 1)
            #expect(try Self.wireLines(database).count == 1)
            let listed = try CommandRunner.run(["sources", "list", "--log", "--database", database])
            #expect(listed.standardOutput.contains("Not modified since the last poll (304)"))
            #expect(listed.standardOutput.contains("“No page” has no link to its page"))

            // The feed changes the entry: its page is read again and replaces the item.
            server.set(
                "/feed.xml",
                .feed(
                    Self.rss(base, title: "Bridge vote: work starts", date: "Thu, 03 Dec 2026 11:00:00 GMT"),
                    etag: "\"v2\""))
            server.set(
                "/news/bridge",
                .page(Self.page("Bridge work to start in March", canonical: "https://valley.example/bridge")))
            let third = try CommandRunner.run(["sources", "poll", "--database", database])
            #expect(third.standardOutput == "0 new, 1 updated, 0 duplicates, 0 failed\n", "\(third.standardError)")
            items = try Self.wireLines(database)
            #expect(items.count == 1)
            #expect(items.first?["headline"] as? String == "Bridge work to start in March")
            #expect((items.first?["version"] as? NSNumber)?.intValue == 2)
            #expect((items.first?["id"] as? NSNumber) == (item["id"] as? NSNumber))
        }
    }

    @Test("Atom and JSON Feed sources map; the same page from both is grouped as a duplicate", arguments: Backend.all)
    func formatsAndDuplicates(_ backend: Backend) async throws {
        let server = try FeedTestServer()
        defer { server.stop() }
        let base = server.base
        server.set(
            "/atom",
            .feed(
                """
                <feed xmlns="http://www.w3.org/2005/Atom"><title>River Press</title>
                <entry><id>tag:river,1</id><title>Bridge</title><link href="\(base)/a/bridge"/>
                <updated>2026-12-03T09:00:00Z</updated></entry></feed>
                """, type: "application/atom+xml"))
        server.set(
            "/json",
            .feed(
                """
                {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Notes",
                 "items": [{"id": "hn-1", "url": "\(base)/j/bridge?utm_source=feed", "title": "Bridge"}]}
                """, type: "application/feed+json"))
        let page = Self.page("Council approves second bridge", canonical: "https://valley.example/bridge")
        server.set("/a/bridge", .page(page))
        server.set("/j/bridge?utm_source=feed", .page(page))
        try await backend.withDatabase { database in
            for path in ["/atom", "/json"] {
                let added = try CommandRunner.run(
                    ["sources", "add", base + path, "--allow-private", "--database", database])
                #expect(added.status == 0, "\(added.standardError)")
            }
            let polled = try CommandRunner.run(["sources", "poll", "--database", database])
            #expect(polled.standardOutput == "1 new, 0 updated, 1 duplicates, 0 failed\n", "\(polled.standardError)")
            let items = try Self.wireLines(database)
            let river = try #require(items.first { $0["source"] as? String == "River Press" })
            let harbour = try #require(items.first { $0["source"] as? String == "Harbour Notes" })
            #expect(river["duplicate_of"] is NSNull)
            #expect((harbour["duplicate_of"] as? NSNumber) == (river["id"] as? NSNumber))
            #expect(harbour["guid"] as? String == "hn-1" && river["guid"] as? String == "tag:river,1")
        }
    }

    @Test(
        "a bomb, an external entity and an HTML page are refused; 429 backs off as Retry-After says; each is logged",
        arguments: Backend.all)
    func badFeeds(_ backend: Backend) async throws {
        let server = try FeedTestServer()
        defer { server.stop() }
        server.set(
            "/bomb",
            .feed(
                """
                <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
                <rss version="2.0"><channel><title>&b;</title></channel></rss>
                """))
        server.set(
            "/external",
            .feed(
                """
                <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>&x;</title></channel></rss>
                """))
        server.set("/page", .page("<!DOCTYPE html><html><body><p>Welcome to our site</p></body></html>"))
        server.set("/busy", FeedTestServer.Answer(status: 429, headers: ["Retry-After": "3600"]))
        // Over the 10 MB cap: refused from its Content-Length, before the body is read.
        server.set(
            "/huge",
            FeedTestServer.Answer(
                headers: ["Content-Type": "application/rss+xml"], body: Data(count: 12_000_000)))
        try await backend.withDatabase { database in
            for path in ["/bomb", "/external", "/page", "/busy", "/huge"] {
                let added = try CommandRunner.run(
                    ["sources", "add", server.base + path, "--allow-private", "--database", database])
                #expect(added.status == 0, "\(added.standardError)")
            }
            let polled = try CommandRunner.run(["sources", "poll", "--database", database])
            #expect(polled.standardOutput == "0 new, 0 updated, 0 duplicates, 5 failed\n", "\(polled.standardError)")
            #expect(polled.status == 1)
            let listed = try CommandRunner.run(["sources", "list", "--log", "--database", database])
            let text = listed.standardOutput
            #expect(text.components(separatedBy: "document type declaration").count - 1 >= 2)
            #expect(text.contains("HTML page, not a feed"))
            #expect(text.contains("429 Too Many Requests; it asked for no poll before"))
            #expect(text.contains("The feed could not be fetched: the page is 12.0 MB; the limit is 10.0 MB"))
            // Every failing source now backs off; the 429 one for the hour it asked.
            let busy = try #require(text.split(separator: "\n").first { $0.contains("/busy") })
            let until = try #require(
                busy.split(separator: "\t").first { $0.hasPrefix("backing off until ") }
                    .flatMap { ISO8601DateFormatter().date(from: String($0.dropFirst("backing off until ".count))) })
            #expect(until.timeIntervalSinceNow > 3_000)
            let asked = server.requests.count
            let again = try CommandRunner.run(["sources", "poll", "--database", database])
            #expect(again.standardOutput == "0 new, 0 updated, 0 duplicates, 0 failed\n")
            #expect(server.requests.count == asked, "a source backing off is not contacted")
            #expect(try Self.wireLines(database).isEmpty)
        }
    }

    /// The agency items' texts, by guid (different enough not to be grouped as copies).
    static let bodies = [
        "urn:newsml:harbour.example:ferry":
            "<p>The ferry company and the crews met for six hours on Thursday without an agreement on pay.</p>"
            + "<p>Talks resume on Monday, a spokesperson for the harbour authority said.</p>",
        "urn:newsml:harbour.example:quay":
            "<p>The council approved four million for repairs to the north quay, closed since the October storm.</p>"
            + "<p>Fishing boats have landed their catch at Dunmere since then, a two-hour drive away.</p>",
    ]

    /// A NewsML-G2 news message of `items` (guid, version, headline), as an agency serves it.
    static func newsMessage(_ items: [(guid: String, version: Int, headline: String)]) -> String {
        let newsItems = items.map { item in
            """
            <newsItem guid="\(item.guid)" version="\(item.version)" standard="NewsML-G2" standardversion="2.33">
              <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:HARBOUR"><name>Harbour Wire</name></provider>
                <versionCreated>2026-12-03T0\(item.version):00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
              <contentMeta><headline>\(item.headline)</headline><by>By Lena Ortiz</by><dateline>PORT AVEN</dateline>
                <subject type="cpnat:abstract" qcode="medtop:20000707"><name>sea transport</name></subject></contentMeta>
              <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">
                <body>\(bodies[item.guid] ?? "<p>\(item.headline).</p>")</body></html>
              </inlineXML></contentSet>
            </newsItem>
            """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- an agency's news message -->
            <newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
              <header><sent>2026-12-03T09:00:00Z</sent></header>
              <itemSet>\(newsItems.joined(separator: "\n"))</itemSet>
            </newsMessage>
            """
    }

    @Test(
        "agency formats are followed: a NewsML-G2 message at the source's address, a feed entry linking to ninjs",
        arguments: Backend.all)
    func agencyFormats(_ backend: Backend) async throws {
        let server = try FeedTestServer()
        defer { server.stop() }
        let base = server.base
        server.set(
            "/g2/latest",
            .feed(
                Self.newsMessage([
                    ("urn:newsml:harbour.example:ferry", 1, "Ferry talks stall"),
                    ("urn:newsml:harbour.example:quay", 1, "Quay repairs approved"),
                ]), type: "application/vnd.iptc.g2.newsmessage+xml"))
        server.set(
            "/feed.xml",
            .feed(
                """
                <?xml version="1.0"?><rss version="2.0"><channel><title>Alder Press</title>
                <item><title>Library reopens</title><link>\(base)/items/library.json</link><guid>ap-1</guid></item>
                </channel></rss>
                """))
        server.set(
            "/items/library.json",
            .feed(
                #"""
                {"uri": "urn:alderpress:2026:library", "version": "3", "type": "text",
                 "headlines": [{"role": "main", "value": "Alder library reopens after flood repairs"}],
                 "by": "Sam Okafor", "located": "ALDERBRIDGE",
                 "bodies": [{"role": "main", "contenttype": "text/plain",
                   "value": "The library reopened on Saturday after eight months of repairs.\n\nVolunteers carried 4,000 books back."}],
                 "subjects": [{"name": "library", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000069"}],
                 "infosources": [{"name": "Alder Press"}]}
                """#, type: "application/json"))
        try await backend.withDatabase { database in
            for url in ["\(base)/g2/latest", "\(base)/feed.xml"] {
                let added = try CommandRunner.run(
                    ["sources", "add", url, "--section", "Local", "--allow-private", "--database", database])
                #expect(added.status == 0, "\(added.standardError)")
            }
            let first = try CommandRunner.run(["sources", "poll", "--database", database])
            #expect(first.standardOutput == "3 new, 0 updated, 0 duplicates, 0 failed\n", "\(first.standardError)")
            var items = try Self.wireLines(database)
            #expect(items.count == 3)
            let ferry = try #require(items.first { $0["headline"] as? String == "Ferry talks stall" })
            #expect(ferry["format"] as? String == "newsml-g2" && ferry["source"] as? String == "Harbour Wire")
            #expect(ferry["section"] as? String == "Local" && ferry["dateline"] as? String == "PORT AVEN")
            #expect((ferry["subjects"] as? [String]) == ["medtop:20000707"])
            let library = try #require(items.first { $0["format"] as? String == "ninjs" })
            #expect(library["headline"] as? String == "Alder library reopens after flood repairs")
            #expect((library["version"] as? NSNumber)?.intValue == 3 && library["source"] as? String == "Alder Press")
            #expect((library["subjects"] as? [String]) == ["medtop:20000069"])
            #expect(library["url"] as? String == "\(base)/items/library.json")

            // Unchanged: nothing is received again.
            let second = try CommandRunner.run(["sources", "poll", "--database", database])
            #expect(second.standardOutput == "0 new, 0 updated, 0 duplicates, 0 failed\n", "\(second.standardError)")

            // The agency sends version 2 of one item: it replaces version 1 under the same id.
            server.set(
                "/g2/latest",
                .feed(
                    Self.newsMessage([
                        ("urn:newsml:harbour.example:ferry", 2, "Ferry talks to resume Monday"),
                        ("urn:newsml:harbour.example:quay", 1, "Quay repairs approved"),
                    ]), type: "application/vnd.iptc.g2.newsmessage+xml"))
            let third = try CommandRunner.run(["sources", "poll", "--database", database])
            #expect(third.standardOutput == "0 new, 1 updated, 0 duplicates, 0 failed\n", "\(third.standardError)")
            items = try Self.wireLines(database)
            #expect(items.count == 3)
            let updated = try #require(items.first { ($0["id"] as? NSNumber) == (ferry["id"] as? NSNumber) })
            #expect(updated["headline"] as? String == "Ferry talks to resume Monday")
            #expect((updated["version"] as? NSNumber)?.intValue == 2)
            let log = try CommandRunner.run(["sources", "list", "--log", "--database", database])
            #expect(log.standardOutput.contains("NewsML-G2, 2 items: 0 new, 1 updated, 0 duplicates, 0 failed"))
            // The agency feed is known by its agency's name; the RSS feed by its title.
            #expect(log.standardOutput.contains("Harbour Wire") && log.standardOutput.contains("Alder Press"))

            // A document that looks like an agency's but is broken is a clear entry in the log.
            server.set(
                "/g2/latest",
                .feed(
                    "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><itemSet></itemSet></newsMessage>",
                    type: "application/xml"))
            let fourth = try CommandRunner.run(["sources", "poll", "--database", database])
            #expect(fourth.standardOutput == "0 new, 0 updated, 0 duplicates, 1 failed\n")
            let refused = try CommandRunner.run(["sources", "list", "--log", "--database", database])
            #expect(
                refused.standardOutput.contains(
                    "the NewsML-G2 document was refused: the news message holds no newsItem"))
            #expect(try Self.wireLines(database).count == 3)
        }
    }

    @Test("add refuses what cannot be followed, saying why")
    func badAdd() throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let bad = try CommandRunner.run(["sources", "add", "ftp://example.com/feed", "--database", database])
        #expect(bad.status != 0 && bad.standardError.contains("is not an http or https address of a feed"))
        let slow = try CommandRunner.run(
            ["sources", "add", "https://example.com/feed", "--every", "0", "--database", database])
        #expect(slow.status != 0 && slow.standardError.contains("poll every 1 to 10080 minutes"))
        _ = try CommandRunner.run(["sources", "add", "https://example.com/feed", "--database", database])
        let twice = try CommandRunner.run(["sources", "add", "https://example.com/feed", "--database", database])
        #expect(twice.status != 0 && twice.standardError.contains("is followed already"))
    }
}
