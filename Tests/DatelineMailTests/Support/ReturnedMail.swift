/// Returned mail written for these tests, following the structure RFC 3464 (delivery status
/// notifications) and RFC 5965 (abuse reports) lay down: a multipart/report with a human part,
/// the machine-readable part, and the original message or its header.
enum ReturnedMail {
    /// A delivery status notification with one per-recipient group per `(recipient, action, status)`.
    static func deliveryReport(
        recipients: [(address: String, action: String, status: String)], original: String? = nil,
        boundary: String = "dsn-7Q2x", lineEnd: String = "\r\n"
    ) -> String {
        var groups = ""
        for recipient in recipients {
            groups += lineEnd
            if let original { groups += "Original-Recipient: rfc822;\(original)\(lineEnd)" }
            groups += """
                Final-Recipient: rfc822; \(recipient.address)\(lineEnd)\
                Action: \(recipient.action)\(lineEnd)\
                Status: \(recipient.status)\(lineEnd)\
                Diagnostic-Code: smtp; 550 5.1.1 <\(recipient.address)>: Recipient address rejected\(lineEnd)
                """
        }
        return [
            "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
            "To: <bounces@news.example.test>",
            "Subject: Undelivered Mail Returned to Sender",
            "Date: Thu, 03 Dec 2026 09:15:00 +0000",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status;",
            "\tboundary=\"\(boundary)\"",
            "",
            "This is a MIME-encapsulated message.",
            "",
            "--\(boundary)",
            "Content-Description: Notification",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "I'm sorry to have to inform you that your message could not",
            "be delivered to one or more recipients.",
            "",
            "--\(boundary)",
            "Content-Description: Delivery report",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx.example.net",
            "Arrival-Date: Thu,  3 Dec 2026 09:14:58 +0000 (UTC)",
            groups,
            "--\(boundary)",
            "Content-Description: Undelivered Message Headers",
            "Content-Type: text/rfc822-headers",
            "",
            "From: Dateline <news@news.example.test>",
            "Subject: Confirm your subscription",
            "",
            "--\(boundary)--",
            "",
        ].joined(separator: lineEnd)
    }

    /// An ARF abuse report; `rcptTo` nil leaves Original-Rcpt-To out, as many providers do.
    static func complaint(
        type: String = "abuse", rcptTo: String?, originalTo: String = "Reader <reader@example.org>"
    ) -> String {
        var feedback = ["Feedback-Type: \(type)", "User-Agent: ExampleFBL/1.0", "Version: 1"]
        if let rcptTo { feedback.append("Original-Rcpt-To: <\(rcptTo)>") }
        let lines: [String] =
            [
                "From: <fbl@isp.example.net>",
                "To: <abuse@news.example.test>",
                "Subject: FW: Morning Briefing",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=feedback-report; boundary=\"arf-1\"",
                "",
                "--arf-1",
                "Content-Type: text/plain",
                "",
                "This is an e-mail abuse report.",
                "",
                "--arf-1",
                "Content-Type: message/feedback-report",
                "",
            ] + feedback
            + [
                "",
                "--arf-1",
                "Content-Type: message/rfc822",
                "",
                "From: Morning Briefing <briefing@news.example.test>",
                "To: \(originalTo)",
                "Subject: Morning Briefing",
                "",
                "Today's stories.",
                "",
                "--arf-1--",
                "",
            ]
        return lines.joined(separator: "\r\n")
    }
}
