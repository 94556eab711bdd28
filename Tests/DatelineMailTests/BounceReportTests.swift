import Foundation
import Testing

@testable import DatelineMail

@Suite struct BounceReportTests {
    private func report(_ text: String) throws -> BounceReport {
        try BounceReport(Array(text.utf8))
    }

    @Test("a permanent failure is a hard bounce, a temporary one or a delay soft, a delivery no action")
    func classification() throws {
        let text = ReturnedMail.deliveryReport(recipients: [
            ("gone@example.org", "failed", "5.1.1"),
            ("full@example.org", "failed", "4.2.2 (mailbox full)"),
            ("slow@example.org", "delayed", "4.4.7"),
            ("fine@example.org", "delivered", "2.0.0"),
        ])
        let found = try report(text)
        #expect(
            found.findings.map(\.address.string) == [
                "gone@example.org", "full@example.org", "slow@example.org", "fine@example.org",
            ])
        #expect(found.findings.map(\.outcome) == [.hardBounce, .softBounce, .softBounce, .noAction])
        #expect(found.findings.first?.detail == "5.1.1")
        #expect(found.problems.isEmpty)
    }

    @Test("LF line ends, Original-Recipient preferred over a forwarded Final-Recipient")
    func originalRecipient() throws {
        let text = ReturnedMail.deliveryReport(
            recipients: [("forwarded@elsewhere.example", "failed", "5.2.1")], original: "subscriber@example.org",
            lineEnd: "\n")
        let found = try report(text)
        #expect(found.findings.map(\.address.string) == ["subscriber@example.org"])
        #expect(found.findings.map(\.outcome) == [.hardBounce])
    }

    @Test("a recipient group without a Status is skipped with the reason; the others are read")
    func partlyBroken() throws {
        var text = ReturnedMail.deliveryReport(recipients: [
            ("one@example.org", "failed", "5.1.1"), ("two@example.org", "failed", "5.1.2"),
        ])
        text = text.replacingOccurrences(of: "Status: 5.1.2\r\n", with: "")
        let found = try report(text)
        #expect(found.findings.map(\.address.string) == ["one@example.org"])
        #expect(found.problems == ["recipient 2: no Status field"])
    }

    @Test(
        "reports that cannot be read are refused with the reason",
        arguments: [
            ("Status: 5.1.1\r\n", "Status: five\r\n", "is not a code such as 5.1.1"),
            ("Final-Recipient: rfc822; gone@example.org\r\n", "", "no Final-Recipient field"),
            (
                "Final-Recipient: rfc822; gone@example.org", "Final-Recipient: x400; c=gb;a=;p=x",
                "not an rfc822 address"
            ),
            ("Action: failed", "Action: exploded", "unknown Action"),
            ("Content-Type: message/delivery-status", "Content-Type: text/plain", "no message/delivery-status part"),
            ("report-type=delivery-status", "report-type=disposition-notification", "neither delivery-status"),
            ("multipart/report", "multipart/mixed", "not a bounce or complaint report"),
        ])
    func refusals(replacing: String, with replacement: String, reason: String) {
        let text = ReturnedMail.deliveryReport(recipients: [("gone@example.org", "failed", "5.1.1")])
            .replacingOccurrences(of: replacing, with: replacement)
        #expect {
            try report(text)
        } throws: { error in
            (error as? MailParseError)?.reason.contains(reason) == true
        }
    }

    @Test("an ARF abuse report is a complaint by Original-Rcpt-To, else by the returned message's To")
    func complaints() throws {
        let byRcpt = try report(ReturnedMail.complaint(rcptTo: "reader@example.org", originalTo: "x@example.net"))
        #expect(byRcpt.findings.map(\.address.string) == ["reader@example.org"])
        #expect(byRcpt.findings.map(\.outcome) == [.complaint])
        let byTo = try report(ReturnedMail.complaint(rcptTo: nil))
        #expect(byTo.findings.map(\.address.string) == ["reader@example.org"])
        let notSpam = try report(ReturnedMail.complaint(type: "not-spam", rcptTo: "reader@example.org"))
        #expect(notSpam.findings.map(\.outcome) == [.noAction])
        #expect {
            try report(ReturnedMail.complaint(rcptTo: nil, originalTo: "redacted"))
        } throws: { error in
            (error as? MailParseError)?.reason.contains("does not say who complained") == true
        }
    }

    @Test("status codes")
    func statusCodes() {
        #expect(DeliveryStatusCode("5.1.1")?.statusClass == 5)
        #expect(DeliveryStatusCode(" 4.7.0 (greylisted)")?.description == "4.7.0")
        #expect(DeliveryStatusCode("3.1.1") == nil)
        #expect(DeliveryStatusCode("5.1") == nil)
        #expect(DeliveryStatusCode("5.1.1234") == nil)
    }
}
