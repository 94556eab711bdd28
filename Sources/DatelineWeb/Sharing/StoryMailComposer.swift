import DatelineCore
import DatelineMail
import Foundation

/// Writes the one message template the "E-mail to a friend" tool sends: the story's headline,
/// highlights and link, who sent it, and their note. Nothing else a reader types reaches the
/// message, and the From address is always the site's.
struct StoryMailComposer: Sendable {
    let siteName: String
    let from: Mailbox

    /// One message per recipient, so no friend sees the others' addresses.
    func messages(for story: Story, storyURL: String, request: StoryMailForm.Checked, date: Date) throws(MailError)
        -> [MailMessage]
    {
        let replyTo = try Mailbox(request.sender, displayName: request.name)
        let subject = Self.subject(name: request.name, headline: story.headline)
        let body = self.body(for: story, storyURL: storyURL, request: request)
        return try request.recipients.map { address throws(MailError) in
            try MailMessage(
                from: from, to: [Mailbox(address)], replyTo: replyTo, subject: subject, body: body, date: date,
                additionalHeaders: [
                    try MailHeader(name: "Auto-Submitted", value: "auto-generated"),
                    try MailHeader(name: "X-Dateline-Story", value: story.slug.rawValue),
                ])
        }
    }

    /// "Ann Lee sent you a story: Kosovo declares independence", cut to fit a subject line.
    static func subject(name: String, headline: String) -> String {
        let text = "\(name) sent you a story: \(headline)"
        let limit = 200
        return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    func body(for story: Story, storyURL: String, request: StoryMailForm.Checked) -> String {
        var lines: [String] = []
        lines.append("\(request.name) (\(request.sender.string)) thought you would like this story from \(siteName).")
        lines.append("")
        lines.append(story.headline)
        lines.append("")
        if !story.highlights.isEmpty {
            lines.append("Story Highlights")
            for highlight in story.highlights { lines.append("  * \(highlight)") }
            lines.append("")
        }
        lines.append("Read the story: \(storyURL)")
        if let note = request.note {
            lines.append("")
            lines.append("\(request.name) wrote:")
            for line in note.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("> \(line)") }
        }
        lines.append("")
        lines.append("-- ")
        lines.append(
            "A reader of \(siteName) asked us to send you this story and gave the name and address above, "
                + "which we have not checked. We have not kept your address and will not write to you again "
                + "unless someone sends you another story. Replies go to the reader, not to us.")
        return lines.joined(separator: "\n")
    }
}
