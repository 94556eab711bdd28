import DatelineCore
import Foundation
import Testing

@testable import DatelineIngest

/// Items written here from the ninjs 2.0 and NewsML-G2 specifications' descriptions of each
/// property; the news in them is invented.
enum WireSamples {
    static let ninjs = """
        {
          "standard": {"name": "ninjs", "version": "2.0", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"},
          "uri": "urn:example:harbourwire:2026:ferry-strike",
          "type": "text",
          "version": "3",
          "versioncreated": "2026-12-03T09:30:00+01:00",
          "embargoed": "2026-12-03T12:00:00Z",
          "pubstatus": "usable",
          "language": "en",
          "by": "By Mira Castell",
          "located": "PORT ELLIS",
          "headlines": [
            {"role": "short", "value": "Ferries halted"},
            {"role": "main", "value": "Ferry crews  strike over\\nnight rosters"}
          ],
          "descriptions": [{"role": "summary", "value": "Crossings stopped for a day."}],
          "bodies": [
            {"role": "main", "contenttype": "text/html",
             "value": "<p>Ferry crews walked out on Tuesday &amp; no boats left the harbour.</p><p>The union wants <b>fixed</b> night rosters.</p><script>alert(1)</script>"}
          ],
          "subjects": [
            {"name": "labour dispute", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000630", "rel": "about"},
            {"name": "sea transport", "uri": "medtop:20000707"},
            {"name": "Port Ellis"}
          ],
          "infosources": [{"name": "Harbour Wire", "role": "originator"}]
        }
        """

    static func newsML(version: Int = 2, headline: String = "Council approves river bridge", extra: String = "")
        -> String
    {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.org:20261203:bridge"
            version="\(version)" standard="NewsML-G2" standardversion="2.33" conformance="power" xml:lang="en-GB">
          <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"/>
          <itemMeta>
            <itemClass qcode="ninat:text"/>
            <provider qcode="nprov:RIVERPRESS"><name>River Press</name></provider>
            <versionCreated>2026-12-03T08:00:00Z</versionCreated>
            <embargoed>2026-12-04T06:00:00Z</embargoed>
            <pubStatus qcode="stat:usable"/>
          </itemMeta>
          <contentMeta>
            <located qcode="city:1"><name>Alderbridge</name></located>
            <creator><name>Tom Reyes</name></creator>
            <subject type="cpnat:abstract" qcode="medtop:20000548"><name xml:lang="en">local government</name></subject>
            <subject type="cpnat:abstract" uri="http://cv.iptc.org/newscodes/mediatopic/20000735"/>
            <headline>\(headline)</headline>
            <by>By Tom Reyes</by>
            <dateline>ALDERBRIDGE</dateline>
            <description role="drol:summary">A second crossing is due in 2029.</description>
          </contentMeta>
          <contentSet>
            <inlineXML contenttype="application/xhtml+xml">
              <html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head>
                <body><h1>\(headline)</h1><p>The council voted 9 to 2 for a second bridge &amp; a cycle path.</p>
                <p>Work starts <em>next spring</em>.</p>\(extra)</body></html>
            </inlineXML>
          </contentSet>
        </newsItem>
        """
    }
}

@Suite("Wire readers")
struct WireReaderTests {
    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func ninjsMapsFieldByField() throws {
        let items = try NinjsReader().read(Array(WireSamples.ninjs.utf8), origin: "in/a.json", fallbackSource: "in")
        let item = try #require(items.first)
        #expect(items.count == 1)
        #expect(item.format == .ninjs)
        #expect(item.guid == "urn:example:harbourwire:2026:ferry-strike")
        #expect(item.version == 3)
        #expect(item.headline == "Ferry crews strike over night rosters")
        #expect(item.byline == "By Mira Castell")
        #expect(item.dateline == "PORT ELLIS")
        #expect(
            item.body == [
                "Ferry crews walked out on Tuesday & no boats left the harbour.",
                "The union wants fixed night rosters.",
            ])
        #expect(item.summary == "Crossings stopped for a day.")
        #expect(
            item.subjects == [
                WireSubject(code: "medtop:20000630", name: "labour dispute"),
                WireSubject(code: "medtop:20000707", name: "sea transport"),
                WireSubject(code: nil, name: "Port Ellis"),
            ])
        #expect(item.subjects[0].isMediaTopic && !item.subjects[2].isMediaTopic)
        #expect(item.embargoedUntil == date("2026-12-03T12:00:00Z"))
        #expect(item.versionCreated == date("2026-12-03T08:30:00Z"))
        #expect(item.status == .usable)
        #expect(item.language == "en")
        #expect(item.source == "Harbour Wire")
        #expect(item.origin == "in/a.json")
        #expect(item.canonicalURL == nil)
    }

    @Test func ninjsArrayAndFallbackSource() throws {
        let json = """
            [{"uri": "https://news.example.net/a", "headlines": [{"value": "One"}], "bodies": [{"value": "First.\\n\\nSecond."}]},
             {"uri": "urn:b", "version": "2", "headlines": [{"value": "Two"}], "bodies": [{"value": "Text."}], "pubstatus": "canceled"}]
            """
        let items = try NinjsReader().read(Array(json.utf8), origin: "x.json", fallbackSource: "desk")
        #expect(items.map(\.headline) == ["One", "Two"])
        #expect(items[0].body == ["First.", "Second."])
        #expect(items[0].source == "desk")
        #expect(items[0].canonicalURL == "https://news.example.net/a")
        #expect(items[1].version == 2 && items[1].status == .canceled)
    }

    @Test(arguments: [
        (#"{"headlines": [{"value": "H"}], "bodies": [{"value": "B"}]}"#, "no 'uri'"),
        (#"{"uri": "u", "bodies": [{"value": "B"}]}"#, "no headline"),
        (#"{"uri": "u", "headlines": [{"value": "H"}]}"#, "no body"),
        (
            #"{"uri": "u", "type": "picture", "headlines": [{"value": "H"}], "bodies": [{"value": "B"}]}"#,
            "type 'picture'"
        ),
        (#"{"uri": "u", "version": 2, "headlines": [{"value": "H"}], "bodies": [{"value": "B"}]}"#, "must be a string"),
        (#"{"uri": "u", "version": "-1", "headlines": [{"value": "H"}], "bodies": [{"value": "B"}]}"#, "whole number"),
        (
            #"{"uri": "u", "embargoed": "tomorrow", "headlines": [{"value": "H"}], "bodies": [{"value": "B"}]}"#,
            "'embargoed' is not a date"
        ),
        (
            #"{"uri": "u", "pubstatus": "gone", "headlines": [{"value": "H"}], "bodies": [{"value": "B"}]}"#,
            "'pubstatus'"
        ),
        (
            #"{"uri": "u", "subjects": "x", "headlines": [{"value": "H"}], "bodies": [{"value": "B"}]}"#,
            "'subjects' must be"
        ),
        ("[1, 2]", "item 1 is not a JSON object"),
        ("{not json", "not valid JSON"),
        ("[]", "no items"),
    ])
    func ninjsRefusesWithAReason(json: String, expected: String) {
        #expect {
            _ = try NinjsReader().read(Array(json.utf8), origin: "x.json", fallbackSource: "s")
        } throws: { error in
            (error as? WireReadError)?.message.contains(expected) == true
        }
    }

    @Test func ninjsSizeLimit() {
        #expect(throws: WireReadError.self) {
            _ = try NinjsReader(maximumBytes: 100).read(Array(WireSamples.ninjs.utf8), origin: "x", fallbackSource: "s")
        }
    }

    @Test func newsMLMapsFieldByField() throws {
        let items = try NewsMLReader().read(Array(WireSamples.newsML().utf8), origin: "b.xml", fallbackSource: "in")
        let item = try #require(items.first)
        #expect(items.count == 1)
        #expect(item.format == .newsML)
        #expect(item.guid == "urn:newsml:example.org:20261203:bridge")
        #expect(item.version == 2)
        #expect(item.source == "River Press")
        #expect(item.headline == "Council approves river bridge")
        #expect(item.byline == "By Tom Reyes")
        #expect(item.dateline == "ALDERBRIDGE")
        #expect(
            item.body == [
                "Council approves river bridge",
                "The council voted 9 to 2 for a second bridge & a cycle path.",
                "Work starts next spring.",
            ])
        #expect(item.summary == "A second crossing is due in 2029.")
        #expect(
            item.subjects == [
                WireSubject(code: "medtop:20000548", name: "local government"),
                WireSubject(code: "medtop:20000735", name: nil),
            ])
        #expect(item.embargoedUntil == date("2026-12-04T06:00:00Z"))
        #expect(item.versionCreated == date("2026-12-03T08:00:00Z"))
        #expect(item.language == "en-GB")
        #expect(item.status == .usable)
    }

    @Test func newsMLMessageWithTwoItemsAndPlainData() throws {
        let xml = """
            <newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>2026-12-03T08:00:00Z</sent></header>
            <itemSet>
              <newsItem guid="urn:a" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider literal="Valley News"/>
                <pubStatus qcode="stat:withheld"/></itemMeta>
                <contentMeta><headline>A</headline><located><name>Oakham</name></located></contentMeta>
                <contentSet><inlineData contenttype="text/plain">One.

            Two &lt;three&gt;.</inlineData></contentSet></newsItem>
              <newsItem guid="urn:b"><contentMeta><headline>B</headline></contentMeta>
                <contentSet><inlineData contenttype="text/html">&lt;p&gt;Para&lt;/p&gt;</inlineData></contentSet></newsItem>
            </itemSet></newsMessage>
            """
        let items = try NewsMLReader().read(Array(xml.utf8), origin: "m.xml", fallbackSource: "folder")
        #expect(items.map(\.guid) == ["urn:a", "urn:b"])
        #expect(items[0].body == ["One.", "Two <three>."])
        #expect(items[0].source == "Valley News" && items[0].status == .withheld)
        #expect(items[0].dateline == "Oakham")
        #expect(items[1].body == ["Para"] && items[1].source == "folder" && items[1].version == 1)
    }

    @Test func newsMLRefusesEntityBombs() {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g"><contentMeta><headline>&lol3;</headline>
            </contentMeta><contentSet><inlineData>x</inlineData></contentSet></newsItem>
            """
        #expect {
            _ = try NewsMLReader().read(Array(bomb.utf8), origin: "b.xml", fallbackSource: "s")
        } throws: { error in
            (error as? WireReadError)?.message.contains("document type declaration") == true
        }
    }

    @Test func newsMLRefusesExternalEntities() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wire-xxe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET-VALUE".utf8).write(to: secret)
        for doctype in [
            "<!DOCTYPE n [<!ENTITY x SYSTEM \"file://\(secret.path)\">]>",
            "<!doctype n SYSTEM \"http://127.0.0.1:9/evil.dtd\">",
        ] {
            let xml = """
                <?xml version="1.0"?>\(doctype)
                <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g"><contentMeta><headline>H &x;</headline>
                </contentMeta><contentSet><inlineData>x</inlineData></contentSet></newsItem>
                """
            #expect(throws: WireReadError.self) {
                _ = try NewsMLReader().read(Array(xml.utf8), origin: "e.xml", fallbackSource: "s")
            }
        }
        // Undeclared entity references without a DTD are an XML error, never a file read.
        let undeclared = """
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g"><contentMeta><headline>H &x;</headline>
            </contentMeta><contentSet><inlineData>x</inlineData></contentSet></newsItem>
            """
        let read = try? NewsMLReader().read(Array(undeclared.utf8), origin: "e.xml", fallbackSource: "s")
        #expect(read?.first?.headline.contains("TOP-SECRET") != true)
    }

    @Test func newsMLRefusesUTF16() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE n [<!ENTITY a \"a\">]><newsItem/>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect {
            _ = try NewsMLReader().read(bytes, origin: "x.xml", fallbackSource: "s")
        } throws: { error in
            (error as? WireReadError)?.message.contains("not UTF-8") == true
        }
    }

    @Test(arguments: [
        ("<newsItem guid=\"g\"/>", "namespace"),
        ("<rss/>", "root element is <rss>"),
        ("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><contentMeta/></newsItem>", "no guid"),
        (
            "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\"><contentMeta/></newsItem>",
            "no <headline>"
        ),
        ("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\"", "not well-formed"),
        ("", "empty"),
    ])
    func newsMLRefusesWithAReason(xml: String, expected: String) {
        #expect {
            _ = try NewsMLReader().read(Array(xml.utf8), origin: "x.xml", fallbackSource: "s")
        } throws: { error in
            (error as? WireReadError)?.message.contains(expected) == true
        }
    }

    @Test func newsMLRefusesBadDatesAndDeepNesting() {
        let badDate = WireSamples.newsML().replacingOccurrences(
            of: "2026-12-04T06:00:00Z", with: "4 December")
        #expect {
            _ = try NewsMLReader().read(Array(badDate.utf8), origin: "x.xml", fallbackSource: "s")
        } throws: { error in
            (error as? WireReadError)?.message.contains("<embargoed> is not a date") == true
        }
        let deep = WireSamples.newsML(
            extra: String(repeating: "<div>", count: 300) + String(repeating: "</div>", count: 300))
        #expect(throws: WireReadError.self) {
            _ = try NewsMLReader().read(Array(deep.utf8), origin: "x.xml", fallbackSource: "s")
        }
    }

    @Test func fileReaderPicksTheReaderByName() throws {
        let reader = WireFileReader()
        #expect(try reader.read(Array(WireSamples.ninjs.utf8), path: "d/a.JSON").first?.format == .ninjs)
        #expect(try reader.read(Array(WireSamples.newsML().utf8), path: "agency/b.xml").first?.format == .newsML)
        #expect(WireFileReader.accepts("x.xml") && !WireFileReader.accepts("x.txt"))
        #expect {
            _ = try reader.read(Array("{".utf8), path: "in/bad.json")
        } throws: { error in
            (error as? IngestError)?.location == "in/bad.json"
        }
    }

    @Test(
        "an agency document is told from a feed or a page by its start",
        arguments: [
            (WireSamples.ninjs, WireFormat.ninjs),
            ("\u{FEFF}  [{\"uri\": \"urn:a\", \"headlines\": []}]", .ninjs),
            (WireSamples.newsML(), .newsML),
            ("<!-- wire --><!DOCTYPE x><g2:newsMessage xmlns:g2=\"http://iptc.org/std/nar/2006-10-01/\">", .newsML),
            ("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\", \"uri\": \"x\"}]}", nil),
            ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>", nil),
            ("<!DOCTYPE html><html><body>newsItem</body></html>", nil),
            ("{\"title\": \"no uri here\"}", nil),
            ("plain text", nil), ("", nil), ("<!-- never closed", nil),
        ] as [(String, WireFormat?)])
    func agencySniffing(text: String, expected: WireFormat?) {
        #expect(AgencyDocument.format(of: Array(text.utf8)) == expected)
    }

    @Test func agencyDocumentReadsOrRefusesWithItsFormatsName() throws {
        let reader = WireFileReader()
        let items = try #require(
            try reader.readAgencyDocument(
                Array(WireSamples.newsML().utf8), origin: "https://w.example/g2", fallbackSource: "W"))
        #expect(items.map { $0.headline } == ["Council approves river bridge"] && items.first?.format == .newsML)
        #expect(try reader.readAgencyDocument(Array("<rss/>".utf8), origin: "o", fallbackSource: "W") == nil)
        #expect {
            try reader.readAgencyDocument(
                Array(#"{"uri": "u", "headlines": []}"#.utf8), origin: "o", fallbackSource: "W")
        } throws: { error in
            (error as? IngestError)?.message.hasPrefix("the ninjs document was refused:") == true
        }
    }
}
