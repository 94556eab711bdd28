import Foundation
import Testing

@testable import DatelineMail

@Suite struct MailboxTests {
    @Test func trimsAndDropsEmptyDisplayNames() throws {
        #expect(try Mailbox("a@example.com", displayName: "  Ann  ").displayName == "Ann")
        #expect(try Mailbox("a@example.com", displayName: "   ").displayName == nil)
        #expect(try Mailbox("a@example.com").displayName == nil)
    }

    @Test(arguments: [
        "Eve\r\nBcc: victim@example.org", "Eve\nX-Spam: yes", "Eve\rX", "Eve\u{0}", "Eve\u{2028}Bcc: x@example.org",
        "Eve\u{2029}", "Eve\u{85}", "Eve\tTab", "Eve\u{1B}[31m", "Eve\u{7F}", "\u{202E}evE",
    ])
    func rejectsControlCharactersInDisplayNames(_ name: String) {
        #expect {
            try Mailbox("eve@example.com", displayName: name)
        } throws: { error in
            if case .unsafeHeader(let field, _) = error as? MailError { return field == "display name" }
            return false
        }
    }

    @Test func rejectsOverlongDisplayNames() {
        let name = String(repeating: "n", count: Mailbox.maximumDisplayNameLength + 1)
        #expect(throws: MailError.self) { try Mailbox("a@example.com", displayName: name) }
        #expect(throws: Never.self) {
            try Mailbox("a@example.com", displayName: String(repeating: "n", count: Mailbox.maximumDisplayNameLength))
        }
    }

    @Test func codableRoundTripValidates() throws {
        let mailbox = try Mailbox("news@example.com", displayName: "Dateline Desk")
        let data = try JSONEncoder().encode(mailbox)
        #expect(try JSONDecoder().decode(Mailbox.self, from: data) == mailbox)
        let hostile = Data(#"{"address":"news@example.com","name":"X\r\nBcc: a@example.org"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Mailbox.self, from: hostile) }
    }
}
