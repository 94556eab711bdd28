import Foundation
import Testing

@testable import DatelineMail

@Suite struct MailBodyTests {
    @Test func shortASCIIStaysSevenBitWithCRLF() {
        let body = MailBody(text: "one\ntwo\r\nthree\rfour\ttab trailing \na=b")
        #expect(body.transferEncoding == "7bit")
        #expect(body.encoded == "one\r\ntwo\r\nthree\r\nfour\ttab trailing \r\na=b\r\n")
    }

    @Test(arguments: [
        "Zoë", String(repeating: "x", count: 100), "nul\u{0}byte", "esc\u{1B}[0m", "line\u{2028}separator",
        "é trailing space \nnext", "é\ttab\t", "é=b",
        String(repeating: "é", count: 60) + "\n" + String(repeating: "=", count: 80),
    ])
    func quotedPrintableRoundTripsWithShortLines(_ text: String) {
        let body = MailBody(text: text)
        #expect(body.transferEncoding == "quoted-printable")
        for line in body.encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(line.utf8.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 })
            // Trailing white space could be stripped in transit, so quoted-printable encodes it.
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
        }
        let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        #expect(MailText.decodeQuotedPrintable(body.encoded) == expected + "\n")
    }
}
