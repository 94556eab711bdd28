import Foundation
import Testing

@testable import DatelineMail

@Suite struct MailMessageTests {
    var site: Mailbox {
        get throws { try Mailbox("news@dateline.example", displayName: "Dateline") }
    }

    func message(
        subject: String = "A story for you", body: String = "Hello.\n", to: [Mailbox]? = nil, cc: [Mailbox] = [],
        headers: [MailHeader] = []
    ) throws -> MailMessage {
        try MailMessage(
            from: try site, to: to ?? [Mailbox("friend@example.org", displayName: "Friend")], cc: cc,
            subject: subject, body: body, additionalHeaders: headers)
    }

    @Test func rendersTheRequiredHeadersInOrder() throws {
        let rendered = try message().rendered()
        let names = MailText.headers(of: rendered).map(\.name)
        #expect(
            names == [
                "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding",
            ])
        let fields = Dictionary(uniqueKeysWithValues: MailText.headers(of: rendered).map { ($0.name, $0.value) })
        #expect(fields["From"] == "Dateline <news@dateline.example>")
        #expect(fields["To"] == "Friend <friend@example.org>")
        #expect(fields["MIME-Version"] == "1.0")
        #expect(fields["Content-Type"] == "text/plain; charset=utf-8")
        #expect(fields["Content-Transfer-Encoding"] == "7bit")
    }

    @Test func usesOnlyCRLFAndShortASCIILines() throws {
        let rendered = try message(
            subject: String(repeating: "Kosovo declares independence from Serbia ", count: 5),
            body: "Zoë wrote: " + String(repeating: "déjà vu ", count: 40) + "\nsecond line\rthird\r\n"
        ).rendered()
        #expect(rendered.utf8.allSatisfy { $0 < 0x80 })
        let bytes = Array(rendered.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at byte \(index)")
        }
        for (index, byte) in bytes.enumerated() where byte == 0x0D {
            #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at byte \(index)")
        }
        for line in rendered.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "line too long: \(line)")
        }
    }

    @Test func foldsLongASCIISubjectsWithoutChangingThem() throws {
        let subject = String(repeating: "Kosovo declares independence from Serbia ", count: 5).trimmingCharacters(
            in: .whitespaces)
        let rendered = try message(subject: subject).rendered()
        #expect(rendered.contains("Subject: Kosovo"))
        let unfolded = MailText.headers(of: rendered).first { $0.name == "Subject" }?.value
        #expect(unfolded == subject)
    }

    @Test(arguments: [
        "Zoë’s story: Prishtina celebrates", "日本語のニュース", "Émeute à Paris — " + String(repeating: "é", count: 90),
    ])
    func encodesNonASCIISubjectsAsEncodedWords(_ subject: String) throws {
        let rendered = try message(subject: subject).rendered()
        let value = try #require(MailText.headers(of: rendered).first { $0.name == "Subject" }?.value)
        #expect(value.hasPrefix("=?utf-8?B?"))
        #expect(MailText.decodeEncodedWords(value) == subject)
        for word in value.split(separator: " ") { #expect(word.count <= 75) }
    }

    @Test func plainSubjectThatLooksEncodedIsEncoded() throws {
        let subject = "=?utf-8?B?SGk=?= is not what it seems"
        let value = try #require(
            MailText.headers(of: try message(subject: subject).rendered()).first { $0.name == "Subject" }?.value)
        #expect(MailText.decodeEncodedWords(value) == subject)
    }

    @Test(arguments: [
        ("Dateline", "Dateline <news@dateline.example>"),
        ("Smith, John", "\"Smith, John\" <news@dateline.example>"),
        ("O\"Neil \\ Co", "\"O\\\"Neil \\\\ Co\" <news@dateline.example>"),
    ])
    func rendersASCIIDisplayNames(_ name: String, _ expected: String) throws {
        let from = try Mailbox("news@dateline.example", displayName: name)
        let rendered = try MailMessage(
            from: from, to: [Mailbox("a@example.org")], subject: "s", body: "b"
        ).rendered()
        #expect(MailText.headers(of: rendered).first { $0.name == "From" }?.value == expected)
    }

    @Test func encodesNonASCIIDisplayNames() throws {
        let from = try Mailbox("news@dateline.example", displayName: "Zoë Šimić via Dateline")
        let rendered = try MailMessage(from: from, to: [Mailbox("a@example.org")], subject: "s", body: "b").rendered()
        let value = try #require(MailText.headers(of: rendered).first { $0.name == "From" }?.value)
        #expect(value.hasSuffix(" <news@dateline.example>"))
        let phrase = String(value.dropLast(" <news@dateline.example>".count))
        #expect(MailText.decodeEncodedWords(phrase) == "Zoë Šimić via Dateline")
    }

    @Test func listsSeveralRecipientsWithCommas() throws {
        let to = try [
            Mailbox("a@example.org", displayName: "Ann"), Mailbox("b@example.org"),
            Mailbox("c@example.org", displayName: "Cé"),
        ]
        let msg = try message(to: to, cc: [Mailbox("a@example.org")])
        let fields = MailText.headers(of: msg.rendered())
        let value = try #require(fields.first { $0.name == "To" }?.value)
        #expect(value.hasPrefix("Ann <a@example.org>, b@example.org, =?utf-8?B?"))
        #expect(fields.first { $0.name == "Cc" }?.value == "a@example.org")
        #expect(msg.recipients.map(\.string) == ["a@example.org", "b@example.org", "c@example.org"])
    }

    @Test(arguments: [
        "x\r\nBcc: victim@example.org", "x\nBcc: victim@example.org", "x\rBcc: victim@example.org", "x\u{0}y",
        "x\u{2028}Bcc: victim@example.org", "x\u{2029}y", "x\u{85}y", "x\u{0B}y", "x\u{0C}y", "x\ty",
    ])
    func rejectsHeaderInjectionInTheSubject(_ subject: String) {
        #expect {
            try message(subject: subject)
        } throws: { error in
            if case .unsafeHeader(let field, let reason) = error as? MailError {
                return field == "Subject" && reason.contains("never allowed")
            }
            return false
        }
    }

    @Test func rejectsOverlongSubjectsAndMissingRecipients() throws {
        #expect(throws: MailError.self) {
            try message(subject: String(repeating: "s", count: MailMessage.maximumSubjectLength + 1))
        }
        #expect(throws: MailError.self) { try MailMessage(from: try site, to: [], subject: "s", body: "b") }
        let many = try (0...MailMessage.maximumRecipients).map { try Mailbox("r\($0)@example.org") }
        #expect(throws: MailError.self) { try message(to: many) }
    }

    @Test func formatsTheDateInUTC() throws {
        let msg = try MailMessage(
            from: try site, to: [Mailbox("a@example.org")], subject: "s", body: "b",
            date: Date(timeIntervalSince1970: 1_203_289_200))  // 2008-02-17 23:00 UTC, a Sunday
        let date = MailText.headers(of: msg.rendered()).first { $0.name == "Date" }?.value
        #expect(date == "Sun, 17 Feb 2008 23:00:00 +0000")
    }

    @Test func generatesUniqueMessageIDsOnTheSendersDomain() throws {
        let first = try message()
        let second = try message()
        #expect(first.messageID != second.messageID)
        #expect(first.messageID.hasPrefix("<") && first.messageID.hasSuffix("@dateline.example>"))
        #expect(MailText.headers(of: first.rendered()).first { $0.name == "Message-ID" }?.value == first.messageID)
    }

    @Test func validatesCustomMessageIDs() throws {
        let good = try MailMessage(
            from: try site, to: [Mailbox("a@example.org")], subject: "s", body: "b",
            messageID: "<story-42.1@dateline.example>")
        #expect(good.messageID == "<story-42.1@dateline.example>")
        for bad in ["story@x", "<a b@x>", "<a@x>\r\nBcc: v@example.org", "<@x>", "<a@@x>"] {
            #expect(throws: MailError.self) {
                try MailMessage(
                    from: try self.site, to: [Mailbox("a@example.org")], subject: "s", body: "b", messageID: bad)
            }
        }
    }

    @Test func encodesNonASCIIBodiesAsQuotedPrintable() throws {
        let body = "Zoë said: “independence” — " + String(repeating: "long line ", count: 12) + "\nend = done \n"
        let rendered = try message(body: body).rendered()
        #expect(
            MailText.headers(of: rendered).first { $0.name == "Content-Transfer-Encoding" }?.value == "quoted-printable"
        )
        #expect(MailText.decodeQuotedPrintable(MailText.body(of: rendered)) == body)
    }

    @Test func keepsShortASCIIBodiesReadable() throws {
        let rendered = try message(body: "Line one\n.starts with a dot\n\nLast").rendered()
        #expect(MailText.body(of: rendered) == "Line one\r\n.starts with a dot\r\n\r\nLast\r\n")
    }

    @Test func writesExtraHeadersAfterItsOwn() throws {
        let rendered = try message(headers: [MailHeader(name: "X-Dateline-Story", value: "kosovo-independence")])
            .rendered()
        let fields = MailText.headers(of: rendered)
        #expect(fields.last?.name == "X-Dateline-Story")
        #expect(fields.last?.value == "kosovo-independence")
    }
}
