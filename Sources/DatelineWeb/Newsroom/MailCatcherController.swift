import DatelineMail
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/mail`: the development mail catcher's messages, newest first, for editors and
/// admins. A message's HTML part is never part of a newsroom page: it is served on its own
/// address with a sandboxing Content-Security-Policy (no script, no same-origin access) and shown
/// in a sandboxed frame, and its source is shown escaped.
struct MailCatcherController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("mail", use: list)
        router.post("mail/clear", use: clear)
        router.get("mail/{id}", use: message)
        router.get("mail/{id}/html", use: html)
    }

    /// The policy of a message's HTML part: a sandbox without scripts or same-origin access, only
    /// inline styles and embedded or same-site images, framed only by the newsroom.
    static let htmlPartPolicy =
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; "
        + "form-action 'none'; base-uri 'none'"

    private func store() throws(NewsroomError) -> any MailCatcherStore {
        guard let store = desk.store as? any MailCatcherStore else {
            throw .notFound("This database does not keep caught mail.")
        }
        return store
    }

    private var catcherState: MailCatcherPageView.State {
        switch desk.site.mail?.configuration.delivery {
        case .catcher(let keep)?: .on(keep: keep)
        case .smtp?: .smtp
        case nil: .noMail
        }
    }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let messages = try await store().caughtMail(limit: CaughtMail.maximumKeep)
        let notice = try context.query.single("done") == "cleared" ? "The catcher is empty." : nil
        let view = MailCatcherPageView(
            header: desk.header(for: account, current: "mail"), messages: messages, state: catcherState,
            clock: desk.site.clock, notice: notice)
        return try desk.respond(with: view)
    }

    @Sendable func clear(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        _ = try await account.postedFields(of: request)
        try await store().clearCaughtMail()
        return .seeOtherPath(NewsroomPaths.mail + "?done=cleared")
    }

    @Sendable func message(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let mail = try await caught(context)
        let view = CaughtMessagePageView(
            header: desk.header(for: account, current: "mail"), mail: mail, clock: desk.site.clock)
        var response = try desk.respond(with: view)
        // The page frames the message's own HTML address; nothing else may be framed.
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware<NewsroomRequestContext>
            .contentSecurityPolicy(frameSources: ["'self'"])
        return response
    }

    @Sendable func html(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let mail = try await caught(context)
        guard let part = CaughtMessagePageView.htmlPart(of: mail) else {
            throw NewsroomError.notFound("This message has no HTML part.")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = Self.htmlPartPolicy
        headers[.xFrameOptions] = "SAMEORIGIN"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: part.text)))
    }

    private func caught(_ context: NewsroomRequestContext) async throws -> CaughtMail {
        guard let id = context.parameters.get("id").flatMap(Int64.init),
            let mail = try await store().caughtMail(id: id)
        else {
            throw NewsroomError.notFound(
                "There is no caught message at this address; the catcher keeps only the newest ones.")
        }
        return mail
    }
}

/// The catcher's list.
struct MailCatcherPageView: NewsroomView {
    static let template = NewsroomTemplate.mail

    /// Where the site's mail goes now.
    enum State: Sendable {
        case on(keep: Int)
        case smtp
        case noMail
    }

    struct Row: Sendable {
        let url: String
        let subject: String
        let sender: String
        let recipients: String
        let caught: TimeView
        let size: String
    }

    let header: NewsroomHeader
    let notice: String?
    let status: String
    let rows: [Row]
    let hasRows: Bool

    init(header: NewsroomHeader, messages: [CaughtMailSummary], state: State, clock: StoryClock, notice: String?) {
        self.header = header
        self.notice = notice
        switch state {
        case .on(let keep):
            status =
                "The mail catcher is on: mail this site sends is kept here instead of being sent. "
                + "The newest \(keep) messages are kept."
        case .smtp:
            status = "Mail goes to the SMTP server, so nothing new arrives here. Messages caught before are listed."
        case .noMail:
            status = "This server sends no mail. Start it with --mail-catcher (./scripts/run does) to catch mail here."
        }
        rows = messages.map {
            Row(
                url: NewsroomPaths.caughtMessage($0.id), subject: $0.subject.isEmpty ? "(no subject)" : $0.subject,
                sender: $0.sender, recipients: $0.recipients.joined(separator: ", "),
                caught: TimeView($0.caughtAt, clock: clock), size: ByteCount.text($0.size))
        }
        hasRows = !rows.isEmpty
    }
}

/// One caught message: envelope, header fields, the plain text, and the HTML part framed in a sandbox.
struct CaughtMessagePageView: NewsroomView {
    static let template = NewsroomTemplate.mailMessage

    struct Field: Sendable {
        let name: String
        let value: String
    }

    struct Attachment: Sendable {
        let type: String
        let name: String
        let size: String
    }

    let header: NewsroomHeader
    let subject: String
    let sender: String
    let recipients: String
    let caught: TimeView
    let fields: [Field]
    let plainText: String?
    let htmlURL: String?
    let htmlSource: String?
    let attachments: [Attachment]
    let hasAttachments: Bool
    let problem: String?
    let source: String
    let listURL = NewsroomPaths.mail

    init(header: NewsroomHeader, mail: CaughtMail, clock: StoryClock) {
        self.header = header
        subject = mail.summary.subject.isEmpty ? "(no subject)" : mail.summary.subject
        sender = mail.summary.sender
        recipients = mail.summary.recipients.joined(separator: ", ")
        caught = TimeView(mail.summary.caughtAt, clock: clock)
        source = mail.content
        let parsed: MIMEPart?
        do {
            parsed = try MIMEPart(parsing: Array(mail.content.utf8))
            problem = nil
        } catch {
            parsed = nil
            problem = "The message cannot be read as MIME (\(error.reason)); its source is below."
        }
        fields = (parsed?.header.fields ?? []).map {
            Field(name: $0.name, value: $0.decodedValue)
        }
        let leaves = (parsed?.allParts ?? []).filter { $0.parts.isEmpty }
        let plain = leaves.first { $0.contentType.mediaType == "text/plain" && !Self.isAttachment($0) }
        plainText = plain?.text
        let html = Self.htmlPart(of: mail)
        htmlURL = html == nil ? nil : NewsroomPaths.caughtMessage(mail.id) + "/html"
        htmlSource = html?.text
        attachments = leaves.filter { $0 != plain && $0 != html }.map {
            Attachment(
                type: $0.contentType.mediaType,
                name: $0.contentType.parameters["name"] ?? "", size: ByteCount.text($0.decodedBody.count))
        }
        hasAttachments = !attachments.isEmpty
    }

    /// The message's first HTML part that is not an attachment.
    static func htmlPart(of mail: CaughtMail) -> MIMEPart? {
        (try? MIMEPart(parsing: Array(mail.content.utf8)))?.allParts.first {
            $0.parts.isEmpty && $0.contentType.mediaType == "text/html" && !isAttachment($0)
        }
    }

    private static func isAttachment(_ part: MIMEPart) -> Bool {
        part.header["Content-Disposition"]?.lowercased().hasPrefix("attachment") == true
    }
}

/// Sizes as people read them.
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) bytes" : bytes < 1024 * 1024 ? "\(bytes / 1024) KB" : "\(bytes / (1024 * 1024)) MB"
    }
}
