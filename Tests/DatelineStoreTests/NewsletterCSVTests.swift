import DatelineCore
import Foundation
import Testing

@testable import DatelineStore

/// Reading a subscriber CSV: what refuses the whole file, what refuses one line and why.
@Suite("NewsletterCSV")
struct NewsletterCSVTests {
    private static let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func read(_ text: String) throws -> NewsletterCSV {
        try NewsletterCSV(Array(text.utf8), now: Self.now)
    }

    private func refusal(_ bytes: [UInt8]) -> String? {
        do {
            _ = try NewsletterCSV(bytes, now: Self.now)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("an export reads back without the people who did not consent: unsubscribed and pending lines are skipped")
    func statusColumn() throws {
        let csv = try read(
            [
                "email,status,subscribed_at", "in@example.com,confirmed,2026-01-01", "rest@example.com,Paused,",
                "left@example.com,unsubscribed,2026-01-01", "asked@example.com,pending,", "odd@example.com,vip,",
                "plain@example.com,,",
            ].joined(separator: "\n"))
        #expect(csv.entries.map(\.email) == ["in@example.com", "rest@example.com", "plain@example.com"])
        let reasons = Dictionary(uniqueKeysWithValues: csv.refused.map { ($0.line, $0.reason) })
        #expect(reasons.keys.sorted() == [4, 5, 6])
        #expect(reasons[4]?.contains("they left the list") == true)
        #expect(reasons[5]?.contains("never confirmed") == true)
        #expect(reasons[6]?.contains("“vip” is not one of") == true)
    }

    @Test("the header decides: email required, subscribed_at and status optional, anything else refused")
    func header() throws {
        let csv = try read("Status, EMAIL ,subscribed_at\nconfirmed,Ann@Example.com,2026-03-01T09:30:00Z\n")
        #expect(
            csv.entries == [
                NewsletterImportEntry(
                    email: "ann@example.com", subscribedAt: Date(timeIntervalSince1970: 1_772_357_400))
            ])
        #expect(refusal(Array("".utf8))?.contains("empty") == true)
        #expect(refusal(Array("\n\n".utf8))?.contains("empty") == true)
        #expect(refusal(Array("name\nann@example.com\n".utf8))?.contains("no “email” column") == true)
        #expect(refusal(Array("email,name\nann@example.com,Ann\n".utf8))?.contains("“name” is not imported") == true)
        #expect(refusal(Array("email,email\na@example.com,b@example.com\n".utf8))?.contains("twice") == true)
        #expect(refusal(Array("\"email\n".utf8))?.contains("line 1") == true)
    }

    @Test("broken lines are reported by line with a reason; the others are read")
    func brokenLines() throws {
        let lines = [
            "email,subscribed_at",
            "good@example.com,2026-01-01",
            "\"x@example.com\nBcc: all@example.com\",",
            "раураl@example.com,",
            "two@@example.com,",
            "a@example.com,2026-01-01,extra",
            "\"unterminated@example.com,",
            "next@example.com,",
            ",2026-01-01",
            "late@example.com,2099-01-01",
            "when@example.com,yesterday",
            String(repeating: "a", count: 2000) + "@example.com,",
            "GOOD@example.com,",
            "last@example.com",
        ]
        let csv = try read(lines.joined(separator: "\r\n"))
        #expect(csv.entries.map(\.email) == ["good@example.com", "next@example.com", "last@example.com"])
        #expect(csv.duplicates == 1)
        let reasons = Dictionary(uniqueKeysWithValues: csv.refused.map { ($0.line, $0.reason) })
        #expect(reasons.keys.sorted() == [3, 5, 6, 7, 8, 10, 11, 12, 13])
        #expect(reasons[3]?.contains("header injection") == true)
        #expect(reasons[5]?.contains("look-alike") == true)
        #expect(reasons[6]?.contains("is not an e-mail address") == true)
        #expect(reasons[7]?.contains("too many columns") == true)
        #expect(reasons[8]?.contains("never closed") == true)
        #expect(reasons[10]?.contains("no e-mail address") == true)
        #expect(reasons[11]?.contains("future") == true)
        #expect(reasons[12]?.contains("not a date") == true)
        #expect(reasons[13]?.contains("longer than") == true)
        // The reasons never carry a control character back to a terminal.
        #expect(csv.refused.allSatisfy { !$0.reason.contains { $0.isNewline } })
    }

    @Test("a file over the size or line cap is refused whole")
    func caps() {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: NewsletterCSV.maximumBytes + 1)
        #expect(refusal(big)?.contains("the limit is 20 MB") == true)
        var text = "email\n"
        text.reserveCapacity(NewsletterCSV.maximumRows * 4)
        for _ in 0...NewsletterCSV.maximumRows { text += "x\n" }
        #expect(refusal(Array(text.utf8))?.contains("more than 200000 lines") == true)
    }

    @Test("an export line quotes only what needs quoting and reads back")
    func exportRoundTrip() throws {
        let member = NewsletterMember(
            email: "ann@example.com", status: .paused, suppression: nil, subscribedAt: Self.now, confirmedAt: nil)
        let text = NewsletterCSV.exportHeader + NewsletterCSV.exportLine(member)
        #expect(text == "email,status,subscribed_at\r\nann@example.com,paused,2027-01-15T08:00:00Z\r\n")
        #expect(NewsletterCSV.field("a,\"b\"") == "\"a,\"\"b\"\"\"")
        let csv = try read(text)
        #expect(csv.entries == [NewsletterImportEntry(email: "ann@example.com", subscribedAt: Self.now)])
    }
}
