import Foundation

extension MailMessage {
    /// The message as `multipart/alternative`: its plain-text ``body`` first, then `html`, so a
    /// client that shows HTML shows the second part and every other client the first.
    ///
    /// `verbatimHeaders` are written as they are, unfolded and never encoded: for fields whose
    /// value is a URL or an identifier that an encoded-word would break (`List-Unsubscribe`,
    /// `List-Id`). Each value must be printable ASCII; anything else throws and nothing is rendered.
    public func renderedAlternative(html: String, verbatimHeaders: [MailHeader] = []) throws(MailError) -> String {
        for header in verbatimHeaders where !HeaderText.isPrintableASCII(header.value) {
            throw .unsafeHeader(field: header.name, reason: "this field must be printable ASCII")
        }
        let text = MailBody(text: body)
        let markup = MailBody(text: html)
        // A boundary made from the Message-ID cannot occur in either body: both are 7bit or
        // quoted-printable, and neither encoding produces "=_" followed by this random part.
        let boundary = "=_dateline_" + messageID.filter { $0.isLetter || $0.isNumber }.prefix(40)
        var fields = envelopeFields()
        fields.append(
            HeaderField(name: "Content-Type", tokens: ["multipart/alternative;", "boundary=\"\(boundary)\""]))
        fields += additionalHeaders.map { HeaderField(name: $0.name, tokens: HeaderField.unstructuredTokens($0.value)) }
        var output = fields.map { $0.rendered() }.joined()
        output += verbatimHeaders.map { "\($0.name): \($0.value)\r\n" }.joined()
        output += "\r\nThis is a multipart message in MIME format.\r\n"
        output += "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\n"
        output += "Content-Transfer-Encoding: \(text.transferEncoding)\r\n\r\n" + text.encoded
        output += "--\(boundary)\r\nContent-Type: text/html; charset=utf-8\r\n"
        output += "Content-Transfer-Encoding: \(markup.transferEncoding)\r\n\r\n" + markup.encoded
        output += "--\(boundary)--\r\n"
        return output
    }
}

extension OutgoingMail {
    /// `message` rendered with an HTML alternative (see ``MailMessage/renderedAlternative(html:verbatimHeaders:)``),
    /// sent from `sender` (default: the message's From address) to its recipients.
    public init(
        _ message: MailMessage, html: String, verbatimHeaders: [MailHeader] = [], sender: EmailAddress? = nil
    ) throws(MailError) {
        try self.init(
            sender: sender ?? message.from.address, recipients: message.recipients, messageID: message.messageID,
            content: message.renderedAlternative(html: html, verbatimHeaders: verbatimHeaders))
    }
}
