import DatelineCore
import DatelineStore
import Foundation
import Testing

@Suite("dateline wire")
struct WireCommandTests {
    static let ninjs = """
        {"uri": "urn:example:hw:ferry", "version": "1", "headlines": [{"role": "main", "value": "Ferry crews strike"}],
         "by": "By Mira Castell", "located": "PORT ELLIS",
         "bodies": [{"contenttype": "text/plain", "value": "Ferry crews in Port Ellis walked out on Tuesday morning and no boats left the harbour for the islands.\\n\\nThe union says night rosters changed without notice and wants them fixed for the whole winter season."}],
         "subjects": [{"name": "labour dispute", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000630"}],
         "infosources": [{"name": "Harbour Wire"}]}
        """

    static func newsML(guid: String, version: Int, headline: String, provider: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="\(guid)" version="\(version)" standard="NewsML-G2">
          <itemMeta><itemClass qcode="ninat:text"/><provider literal="\(provider)"/></itemMeta>
          <contentMeta><headline>\(headline)</headline></contentMeta>
          <contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>
            <p>The union says night rosters changed without notice and wants them fixed for the whole winter season.</p>
            <p>Ferry crews in Port Ellis walked out on Tuesday morning and no boats left the harbour for the islands.</p>
          </body></html></inlineXML></contentSet>
        </newsItem>
        """
    }

    static let bomb = """
        <?xml version="1.0"?><!DOCTYPE n [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
        <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="bomb"><contentMeta><headline>&b;</headline></contentMeta></newsItem>
        """

    @Test("import takes ninjs and NewsML-G2 into the queue; versions replace; copies group; bombs are refused")
    func importAndList() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let agency = folder.path("agency")
        try FileManager.default.createDirectory(atPath: agency, withIntermediateDirectories: true)
        try Data(Self.ninjs.utf8).write(to: URL(fileURLWithPath: agency + "/a-ferry.json"))
        try Data(
            Self.newsML(guid: "urn:rp:ferry", version: 1, headline: "Islands cut off", provider: "River Press").utf8
        )
        .write(to: URL(fileURLWithPath: agency + "/b-ferry.xml"))
        try Data("not for the wire".utf8).write(to: URL(fileURLWithPath: agency + "/notes.md"))

        let imported = try CommandRunner.run(["import", "--database", database, agency])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardError.contains("wire queue: 2 new, 0 updated, 1 duplicates"))

        let listed = try CommandRunner.run(["wire", "list", "--json", "--database", database])
        #expect(listed.status == 0, "\(listed.standardError)")
        let lines = listed.standardOutput.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
        #expect(lines.count == 2)
        let ferry = try #require(lines.first { $0["source"] as? String == "Harbour Wire" })
        let copy = try #require(lines.first { $0["source"] as? String == "River Press" })
        #expect(ferry["headline"] as? String == "Ferry crews strike")
        #expect(ferry["duplicate_of"] is NSNull && ferry["url"] is NSNull)
        #expect((copy["duplicate_of"] as? NSNumber)?.int64Value == (ferry["id"] as? NSNumber)?.int64Value)
        #expect(ferry["subjects"] as? [String] == ["medtop:20000630"])

        // A newer version replaces the item; a bomb is refused and nothing else is harmed.
        let updates = folder.path("updates")
        try FileManager.default.createDirectory(atPath: updates, withIntermediateDirectories: true)
        try Data(
            Self.newsML(
                guid: "urn:rp:ferry", version: 2, headline: "Islands cut off for a second day",
                provider: "River Press"
            ).utf8
        ).write(to: URL(fileURLWithPath: updates + "/b-ferry.xml"))
        try Data(Self.bomb.utf8).write(to: URL(fileURLWithPath: updates + "/bomb.xml"))
        let second = try CommandRunner.run(["wire", "import", "--database", database, updates])
        #expect(second.status == 1)
        #expect(second.standardOutput.contains("0 new, 1 updated, 0 duplicates, 0 unchanged, 1 failed"))
        #expect(second.standardError.contains("bomb.xml: the XML has a document type declaration"))
        let after = try CommandRunner.run(["wire", "list", "--database", database, "--source", "River Press"])
        #expect(after.standardOutput.contains("Islands cut off for a second day"))
        #expect(after.standardOutput.split(separator: "\n").count == 1)

        let notWire = try CommandRunner.run(["wire", "import", "--database", database, agency + "/notes.md"])
        #expect(notWire.status == 1)
        #expect(notWire.standardError.contains("not a wire file"))
    }
}
