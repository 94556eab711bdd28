import Foundation
import Testing

@testable import DatelineMail

@Suite struct EmailAddressTests {
    @Test(arguments: [
        "reader@example.com", "first.last@news.example.co.uk", "o'brien+dateline@example.org",
        "x@a-b.example", "UPPER@Example.COM",
    ])
    func acceptsOrdinaryAddresses(_ text: String) throws {
        let address = try EmailAddress(text)
        #expect(address.string.lowercased() == text.lowercased())
        #expect(address.domain == address.domain.lowercased())
    }

    @Test func keepsLocalPartCaseAndLowersDomain() throws {
        let address = try EmailAddress("  Jane.Doe@Example.COM ")
        #expect(address.localPart == "Jane.Doe")
        #expect(address.domain == "example.com")
        #expect(address.string == "Jane.Doe@example.com")
    }

    @Test(arguments: [
        ("", "empty"),
        ("reader", "no '@'"),
        ("a@b@example.com", "more than one '@'"),
        ("@example.com", "before the '@'"),
        ("reader@", "after the '@'"),
        ("reader@localhost", "no dot"),
        (".reader@example.com", "dot"),
        ("re..ader@example.com", "dot"),
        ("reader@example..com", "dot"),
        ("reader@-example.com", "'-'"),
        ("reader@192.168.0.1", "IP address"),
        ("reader@[192.168.0.1]", "'['"),
        ("a,b@example.com", "','"),
        ("a;b@example.com", "';'"),
        ("<a@example.com>", "'<'"),
        ("Eve <eve@example.com>", "space"),
        ("\"quoted\"@example.com", "'\"'"),
        ("a(comment)@example.com", "'('"),
        ("rédacteur@example.com", "non-ASCII"),
        ("reader@exämple.com", "non-ASCII"),
        ("a@example.com\r\nBcc: victim@example.org", "carriage return"),
        ("a@example.com\nBcc: victim@example.org", "line feed"),
        ("a\u{0}@example.com", "NUL"),
        ("a@example.com\u{2028}Bcc: b@example.org", "line separator"),
        ("a@example.com\u{85}", "next-line"),
    ])
    func rejectsUnsafeOrMalformedAddresses(_ text: String, _ reasonPart: String) {
        #expect {
            try EmailAddress(text)
        } throws: { error in
            guard case .invalidAddress(_, let reason) = error as? MailError else { return false }
            return reason.contains(reasonPart)
        }
    }

    @Test func rejectsOverlongParts() {
        let longLocal = String(repeating: "a", count: 65) + "@example.com"
        #expect(throws: MailError.self) { try EmailAddress(longLocal) }
        let longLabel = "a@" + String(repeating: "b", count: 64) + ".com"
        #expect(throws: MailError.self) { try EmailAddress(longLabel) }
        let longTotal =
            "a@" + Array(repeating: String(repeating: "c", count: 60), count: 5).joined(separator: ".") + ".com"
        #expect(throws: MailError.self) { try EmailAddress(longTotal) }
    }

    @Test func errorDescriptionEscapesHostileInput() {
        do {
            _ = try EmailAddress("x@example.com\r\nBcc: a@b.example")
            Issue.record("the address was accepted")
        } catch {
            let text = error.description
            #expect(!text.contains("\r"))
            #expect(!text.contains("\n"))
            #expect(text.contains("\\r\\n"))
        }
    }

    @Test func decodingValidates() throws {
        let decoder = JSONDecoder()
        let good = try decoder.decode([EmailAddress].self, from: Data(#"["a@example.com"]"#.utf8))
        #expect(good.first?.string == "a@example.com")
        #expect(throws: DecodingError.self) {
            try decoder.decode([EmailAddress].self, from: Data(#"["a@example.com\r\nBcc: b@example.com"]"#.utf8))
        }
        let encoded = try JSONEncoder().encode(good)
        #expect(String(decoding: encoded, as: UTF8.self) == #"["a@example.com"]"#)
    }
}
