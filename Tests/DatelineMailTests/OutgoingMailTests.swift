import Foundation
import Testing

@testable import DatelineMail

@Suite struct OutgoingMailTests {
    @Test func takesTheEnvelopeFromTheMessage() throws {
        let message = try MailMessage(
            from: Mailbox("news@dateline.example", displayName: "Dateline"),
            to: [Mailbox("a@example.org"), Mailbox("b@example.org")], cc: [Mailbox("a@example.org")],
            subject: "s", body: "b")
        let mail = OutgoingMail(message)
        #expect(mail.sender.string == "news@dateline.example")
        #expect(mail.recipients.map(\.string) == ["a@example.org", "b@example.org"])
        #expect(mail.messageID == message.messageID)
        #expect(mail.content == message.rendered())
        let bounce = try EmailAddress("bounces@dateline.example")
        #expect(OutgoingMail(message, sender: bounce).sender == bounce)
    }

    @Test func survivesStorageAsJSONAndValidatesOnTheWayBack() throws {
        let message = try MailMessage(
            from: Mailbox("news@dateline.example"), to: [Mailbox("a@example.org")], subject: "s", body: "b")
        let mail = OutgoingMail(message)
        let data = try JSONEncoder().encode(mail)
        #expect(try JSONDecoder().decode(OutgoingMail.self, from: data) == mail)

        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["recipients"] = [String]()
        let noRecipients = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(OutgoingMail.self, from: noRecipients) }
        object["recipients"] = ["a@example.org\r\nRCPT TO:<victim@example.org>"]
        let injected = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(OutgoingMail.self, from: injected) }
    }
}
