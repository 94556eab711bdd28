import Foundation
import Testing

@testable import DatelineMail

@Suite struct MailHeaderTests {
    @Test func acceptsCustomFields() throws {
        let header = try MailHeader(name: "List-Id", value: "Dateline stories <stories.dateline.example>")
        #expect(header.name == "List-Id")
    }

    @Test(arguments: ["Bcc", "bcc", "From", "TO", "Subject", "Content-Type", "Message-ID", "Return-Path"])
    func refusesFieldsTheMessageOwns(_ name: String) {
        #expect(throws: MailError.self) { try MailHeader(name: name, value: "x@example.org") }
    }

    @Test(arguments: ["X Bad", "X:Bad", "X-Bad\r\nBcc", "", "X-Ünicode", "X-Bad\u{0}"])
    func refusesMalformedNames(_ name: String) {
        #expect(throws: MailError.self) { try MailHeader(name: name, value: "v") }
    }

    @Test(arguments: ["v\r\nBcc: x@example.org", "v\u{0}", "v\u{2028}w", "v\nw"])
    func refusesUnsafeValues(_ value: String) {
        #expect(throws: MailError.self) { try MailHeader(name: "X-Note", value: value) }
    }
}
