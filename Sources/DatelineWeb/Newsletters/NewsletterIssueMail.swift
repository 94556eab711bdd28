import DatelineCore
import DatelineMail
import DatelineMarkup
import DatelineStore
import Foundation

/// One subscriber's copy of an issue: multipart plain text and HTML, with the RFC 8058 one-click
/// unsubscribe fields, `List-Id` and the preference link in every copy.
///
/// The HTML is made for mail clients: one layout table, inline styles only, no script, no
/// external style sheet, and every image carries its alt text and is never the only place
/// something is said, so the message reads whole with images off.
struct NewsletterIssueMail: Sendable {
    /// The site's address, without a trailing slash ("https://news.example.com").
    let origin: String
    let siteName: String

    /// The subject: the list's name and the issue's date in the list's time zone.
    static func subject(list: Newsletter, date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: list.timeZone) ?? .gmt
        let parts = calendar.dateComponents([.day, .month, .year], from: date)
        let month = Self.months[min(11, max(0, (parts.month ?? 1) - 1))]
        return "\(list.name) – \(parts.day ?? 1) \(month) \(parts.year ?? 2000)"
    }

    /// English month names, fixed: the system's symbols depend on the locale data installed.
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The web version's address.
    func webVersionURL(list: Newsletter, issue: NewsletterIssue) -> String {
        origin + SitePaths.newsletterIssue(list.slug, number: issue.number)
    }

    /// The one-click unsubscribe address for this list (RFC 8058 wants it https in production).
    func unsubscribeURL(list: Newsletter, token: String) -> String {
        origin + SitePaths.newsletterUnsubscribe(token) + "?list=\(list.slug.rawValue)"
    }

    /// `<slug.host>`: the list's identity for filters (RFC 2919).
    func listID(_ list: Newsletter) -> String {
        let host =
            URL(string: origin)?.host() ?? list.fromAddress.split(separator: "@").last.map(String.init) ?? "local"
        return "<\(list.slug.rawValue).\(host)>"
    }

    /// What every subscriber's copy of one issue shares, made once per issue so that queuing
    /// 100,000 copies renders the stories once, not 100,000 times.
    struct Shared: Sendable {
        let from: Mailbox
        let webVersion: String
        let listID: String
        let archive: String
        /// The plain text and the HTML up to the footer, whose links are the subscriber's own.
        let textTop: String
        let htmlTop: String
    }

    /// The parts of `issue`'s copies that do not depend on the subscriber.
    func shared(issue: NewsletterIssue, list: Newsletter) throws(MailError) -> Shared {
        Shared(
            from: try Mailbox(list.fromAddress, displayName: list.fromName),
            webVersion: webVersionURL(list: list, issue: issue), listID: listID(list),
            archive: "<\(origin + SitePaths.newsletterArchive(list.slug))>", textTop: textTop(issue: issue),
            htmlTop: htmlTop(issue: issue))
    }

    /// The copy for `recipient`, ready for the outbox. The Message-ID names the issue and the
    /// subscriber, so the send-time check can find the delivery.
    func message(issue: NewsletterIssue, list: Newsletter, to recipient: NewsletterRecipient, date: Date)
        throws(MailError) -> OutgoingMail
    {
        try message(shared(issue: issue, list: list), issue: issue, list: list, to: recipient, date: date)
    }

    /// The copy for `recipient`, from the issue's shared parts.
    func message(
        _ shared: Shared, issue: NewsletterIssue, list: Newsletter, to recipient: NewsletterRecipient, date: Date
    ) throws(MailError) -> OutgoingMail {
        let to = try Mailbox(recipient.email)
        let random = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let messageID =
            "<i\(issue.id).s\(recipient.subscriberID).\(random)\(Self.messageIDMarker)\(shared.from.address.domain)>"
        let preferences = origin + SitePaths.newsletterPreferences(recipient.preferenceToken)
        let unsubscribe = unsubscribeURL(list: list, token: recipient.preferenceToken)
        let links = Links(webVersion: shared.webVersion, preferences: preferences, unsubscribe: unsubscribe)
        let message = try MailMessage(
            from: shared.from, to: [to], subject: issue.subject,
            body: shared.textTop + textFooter(list: list, links: links), date: date, messageID: messageID,
            additionalHeaders: [try MailHeader(name: "Auto-Submitted", value: "auto-generated")])
        return try OutgoingMail(
            message, html: shared.htmlTop + htmlFooter(list: list, links: links),
            verbatimHeaders: [
                try MailHeader(name: "List-Unsubscribe", value: "<\(unsubscribe)>"),
                try MailHeader(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click"),
                try MailHeader(name: "List-Id", value: shared.listID),
                try MailHeader(name: "List-Archive", value: shared.archive),
                try MailHeader(name: "Precedence", value: "bulk"),
            ])
    }

    /// What ends a newsletter Message-ID's left half, so the send-time check skips other mail.
    static let messageIDMarker = ".newsletter@"

    struct Links {
        let webVersion: String
        let preferences: String
        let unsubscribe: String
    }

    /// The plain-text part.
    func text(issue: NewsletterIssue, list: Newsletter, links: Links?) -> String {
        textTop(issue: issue) + textFooter(list: list, links: links)
    }

    /// The plain text up to the footer: subject, editor's note and the stories.
    func textTop(issue: NewsletterIssue) -> String {
        var lines = [issue.subject, ""]
        if !issue.editorNote.isEmpty { lines += [issue.editorNote, ""] }
        for story in issue.stories {
            lines.append(story.headline)
            if !story.sectionName.isEmpty { lines.append(story.sectionName) }
            for highlight in story.highlights { lines.append("  * \(highlight)") }
            lines.append("Read the story: \(origin + story.path)")
            lines.append("")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plain text's footer, with the subscriber's own links.
    func textFooter(list: Newsletter, links: Links?) -> String {
        var lines = ["--"]
        if let links {
            lines.append("Read this in your browser: \(links.webVersion)")
            lines.append("You get \(list.name) from \(siteName) because you subscribed.")
            lines.append("Change your newsletters or pause them: \(links.preferences)")
            lines.append("Unsubscribe from \(list.name): \(links.unsubscribe)")
        } else {
            lines.append("\(list.name) from \(siteName)")
        }
        return lines.joined(separator: "\n")
    }

    /// The HTML part: escaped throughout, styled inline, laid out in tables (a 600-pixel column
    /// that narrows on phones; Outlook for Windows, which ignores `max-width`, gets a fixed-width
    /// table of its own in a conditional comment). `tests/browser/email_lint.py` checks it against
    /// what the common mail clients drop.
    func html(issue: NewsletterIssue, list: Newsletter, links: Links?) -> String {
        htmlTop(issue: issue) + htmlFooter(list: list, links: links)
    }

    /// The HTML up to the footer: the head, the editor's note and the stories.
    func htmlTop(issue: NewsletterIssue) -> String {
        let e = HTMLEscaping.escape
        let font = "font-family:Georgia,'Times New Roman',serif;color:#1a1a1a"
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width,initial-scale=1">
            <title>\(e(issue.subject))</title></head>
            <body style="margin:0;padding:0;background:#f4f4f1">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f4f1">
            <tr><td align="center" style="padding:16px 8px">
            <!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff">
            <tr><td style="padding:24px;text-align:left;\(font)">
            <p style="margin:0 0 4px;font-size:14px;color:#555555">\(e(siteName))</p>
            <h1 style="margin:0 0 16px;font-size:24px;line-height:1.25">\(e(issue.subject))</h1>

            """
        if !issue.editorNote.isEmpty {
            let paragraphs = issue.editorNote.components(separatedBy: "\n").filter {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            out += "<div style=\"margin:0 0 24px;padding:12px 16px;border-left:4px solid #b3261e;background:#faf7f2\">"
            out += "<p style=\"margin:0 0 4px;font-size:13px;font-weight:bold\">Editor&#39;s note</p>"
            for paragraph in paragraphs { out += "<p style=\"margin:0 0 8px;font-size:16px\">\(e(paragraph))</p>" }
            out += "</div>\n"
        }
        for story in issue.stories {
            let link = e(origin + story.path)
            out += "<div style=\"margin:0 0 28px\">\n"
            if let image = story.imagePath {
                // The attribute sizes it in Outlook for Windows; the style lets it (and, with pictures
                // blocked, its alternative text's box) narrow to a phone's column.
                let width = story.imageWidth.map { min($0, 552) } ?? 552
                out +=
                    "<a href=\"\(link)\"><img src=\"\(e(origin + image))\" width=\"\(width)\" "
                    + "alt=\"\(e(story.imageAlt ?? ""))\" style=\"display:block;width:100%;max-width:\(width)px;"
                    + "height:auto;border:0;margin:0 0 8px\"></a>\n"
            }
            if !story.sectionName.isEmpty {
                out +=
                    "<p style=\"margin:0 0 4px;font-size:13px;text-transform:uppercase;color:#8a1c16\">\(e(story.sectionName))</p>\n"
            }
            out +=
                "<h2 style=\"margin:0 0 8px;font-size:20px;line-height:1.3\"><a href=\"\(link)\" style=\"color:#1a1a1a\">\(e(story.headline))</a></h2>\n"
            if !story.highlights.isEmpty {
                out += "<ul style=\"margin:0 0 8px;padding-left:20px;font-size:16px;line-height:1.5\">"
                for highlight in story.highlights { out += "<li style=\"margin:0 0 4px\">\(e(highlight))</li>" }
                out += "</ul>\n"
            }
            out +=
                "<p style=\"margin:0;font-size:15px\"><a href=\"\(link)\" style=\"color:#8a1c16\">Read the story</a></p>\n"
            out += "</div>\n"
        }
        out += "<hr style=\"border:0;border-top:1px solid #dddddd;margin:24px 0 12px\">\n"
        return out
    }

    /// The HTML's footer, with the subscriber's own links, and the closing of the layout tables.
    func htmlFooter(list: Newsletter, links: Links?) -> String {
        let e = HTMLEscaping.escape
        var out = "<p style=\"margin:0 0 8px;font-size:13px;color:#555555\">"
        if let links {
            out += "You get \(e(list.name)) from \(e(siteName)) because you subscribed. "
            out += "<a href=\"\(e(links.webVersion))\" style=\"color:#555555\">Read this in your browser</a> · "
            out += "<a href=\"\(e(links.preferences))\" style=\"color:#555555\">Change your newsletters or pause</a> · "
            out += "<a href=\"\(e(links.unsubscribe))\" style=\"color:#555555\">Unsubscribe</a>"
        } else {
            out += "\(e(list.name)) from \(e(siteName))"
        }
        out += "</p>\n</td></tr></table>\n<!--[if mso]></td></tr></table><![endif]-->\n"
        out += "</td></tr></table>\n</body></html>\n"
        return out
    }
}
