import Foundation
import Testing

@testable import DatelineMail

@Suite struct MIMEPartTests {
    @Test("a message made by MailMessage reads back: header fields, encoded subject, quoted-printable body")
    func readsOwnMessages() throws {
        let message = try MailMessage(
            from: Mailbox("news@news.example.test", displayName: "Dateline"), to: [Mailbox("bob@example.com")],
            subject: "Zoë's story — “Ferries”", body: "Café opens at nine.\nSee you there.")
        let part = try MIMEPart(parsing: Array(message.rendered().utf8))
        #expect(part.header.decoded("Subject") == "Zoë's story — “Ferries”")
        #expect(part.header["to"] == "bob@example.com")
        #expect(part.contentType.mediaType == "text/plain")
        #expect(part.text.replacingOccurrences(of: "\r\n", with: "\n") == "Café opens at nine.\nSee you there.\n")
    }

    @Test("multipart/alternative with base64 HTML, a folded Content-Type and LF line ends")
    func multipartAlternative() throws {
        let html = "<p>Hello <b>reader</b></p>"
        let base64 = "PHA+SGVsbG8gPGI+cmVhZGVyPC9iPjwvcD4="
        let text = [
            "From: a@example.com", "Subject: =?utf-8?q?Caf=C3=A9_news?= =?utf-8?b?IHRvZGF5?=", "MIME-Version: 1.0",
            "Content-Type: multipart/alternative;", "  boundary=\"b=1; x\"", "", "preamble", "--b=1; x",
            "Content-Type: text/plain; charset=utf-8", "", "Hello reader", "--b=1; x",
            "Content-Type: text/html; charset=\"utf-8\"", "Content-Transfer-Encoding: base64", "", base64,
            "--b=1; x--", "epilogue",
        ].joined(separator: "\n")
        let part = try MIMEPart(parsing: Array(text.utf8))
        #expect(part.header.decoded("Subject") == "Café news today")
        #expect(part.contentType.parameters["boundary"] == "b=1; x")
        #expect(part.parts.map(\.contentType.mediaType) == ["text/plain", "text/html"])
        #expect(part.parts[0].text == "Hello reader")
        #expect(part.parts[1].text == html)
        #expect(part.firstPart(ofType: "text/html")?.text == html)
    }

    @Test("transfer decodings: quoted-printable soft breaks, Latin-1, base64 without padding")
    func decodings() {
        #expect(
            TransferEncoding.quotedPrintableDecoded(Array("caf=C3=A9 =\r\nau lait=3D".utf8), underscoreIsSpace: false)
                == Array("café au lait=".utf8))
        #expect(TransferEncoding.base64Decoded(Array("aGk".utf8)) == Array("hi".utf8))
        #expect(TransferEncoding.base64Decoded(Array("a".utf8)) == nil)
        #expect(Charset.decode([0x63, 0x61, 0x66, 0xE9], charset: "ISO-8859-1") == "café")
        #expect(EncodedWord.decode("=?iso-8859-1?q?caf=E9?= ok") == "café ok")
        #expect(EncodedWord.decode("=?broken") == "=?broken")
    }

    @Test(
        "malformed and hostile messages are refused with a reason, never a crash",
        arguments: [
            ("Content-Type: multipart/mixed\r\n\r\nbody", "has no boundary parameter"),
            ("Content-Type: multipart/mixed; boundary=zz\r\n\r\nno delimiter here", "never uses its boundary"),
            ("", "no header fields"),
            ("just some text without a header", "no header fields"),
        ])
    func refusals(text: String, reason: String) {
        #expect {
            try MIMEPart(parsing: Array(text.utf8))
        } throws: { error in
            (error as? MailParseError)?.reason.contains(reason) == true
        }
    }

    @Test("limits: size, nesting depth and part count")
    func limits() {
        let big = Array(("Subject: x\r\n\r\n" + String(repeating: "y", count: 2_000)).utf8)
        #expect(throws: MailParseError.self) { try MIMEPart(parsing: big, limits: MIMELimits(maximumBytes: 1_000)) }

        var nested = "Subject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
        for level in 1...30 {
            nested += "--b\(level - 1)\r\nContent-Type: multipart/mixed; boundary=b\(level)\r\n\r\n"
        }
        #expect {
            try MIMEPart(parsing: Array(nested.utf8))
        } throws: { error in
            (error as? MailParseError)?.reason.contains("nested more than") == true
        }

        let many =
            "Subject: many\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n"
            + String(repeating: "--m\r\n\r\nx\r\n", count: 600) + "--m--\r\n"
        #expect {
            try MIMEPart(parsing: Array(many.utf8))
        } throws: { error in
            (error as? MailParseError)?.reason.contains("more than 500 parts") == true
        }
    }
}
