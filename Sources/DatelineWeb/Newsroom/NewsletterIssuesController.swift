import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import Hummingbird
import Logging

/// `/newsroom/newsletters/{id}/issues`: for editors, the next issue of a list (its editor's note,
/// a preview of the message, "Send test to me", "Send now") and every past issue with how its
/// deliveries stand (queued, sent, deferred, failed, cancelled, in doubt), with "Send again" for
/// the deliveries in doubt.
struct NewsletterIssuesController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("newsletters/{id}/issues", use: page)
        router.get("newsletters/{id}/preview", use: preview)
        router.post("newsletters/{id}/note", use: saveNote)
        router.post("newsletters/{id}/test", use: sendTest)
        router.post("newsletters/{id}/send", use: sendNow)
        router.post("newsletters/{id}/issues/{number}/resend", use: resendInDoubt)
    }

    private func stores() throws(NewsroomError) -> NewsletterSender.Store {
        guard let store = desk.store as? NewsletterSender.Store else {
            throw .notFound("This database does not keep newsletters.")
        }
        return store
    }

    private func list(_ context: NewsroomRequestContext, _ store: NewsletterSender.Store) async throws -> Newsletter {
        guard let id = context.parameters.get("id").flatMap(Int64.init), let list = try await store.newsletter(id: id)
        else { throw NewsroomError.notFound("There is no newsletter with this key; it may have been deleted.") }
        return list
    }

    private func sender(_ store: NewsletterSender.Store) -> NewsletterSender {
        NewsletterSender(
            store: store, origin: desk.site.origin.canonical, siteName: desk.site.configuration.siteName,
            logger: Logger(label: "dateline.newsletters"))
    }

    static func path(_ id: Int64) -> String { NewsroomPaths.newsletters + "/\(id)/issues" }

    /// What an editor reads in the State column: an issue whose messages are all stored is
    /// "sending" while any is queued or deferred, and "done" after.
    static func stateLabel(_ state: NewsletterIssueState, _ progress: NewsletterProgress) -> String {
        switch state {
        case .queued: progress.queued + progress.deferred > 0 ? "sending" : "done"
        case .queuing: "queuing"
        case .cancelled: "cancelled"
        }
    }

    @Sendable func page(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let store = try stores()
        let list = try await list(context, store)
        var notice: String?
        switch try context.query.single("done") {
        case "note": notice = "The editor's note for the next issue is saved."
        case "test": notice = "A test copy of the next issue is on its way to \(account.user.email)."
        case "empty": notice = "No stories were published since the last issue: nothing was made or sent."
        case "made": notice = "An issue was made for this moment already; nothing more was sent."
        case let value? where value.hasPrefix("sent-"):
            notice = "The issue was made and \(value.dropFirst(5)) messages were queued."
        case let value? where value.hasPrefix("resent-"):
            let count = Int(value.dropFirst(7)) ?? 0
            notice =
                count == 1
                ? "1 message in doubt is queued to be sent again."
                : "\(count) messages in doubt are queued to be sent again."
        default: break
        }
        let next = try await sender(store).preview(of: list, now: Date())
        var rows: [NewsletterIssuesPageView.IssueRow] = []
        for issue in try await store.newsletterIssues(newsletterID: list.id, limit: 50, offset: 0) {
            let progress = try await store.newsletterIssueProgress(issueID: issue.id)
            rows.append(
                NewsletterIssuesPageView.IssueRow(
                    number: String(issue.number), subject: issue.subject,
                    webPath: SitePaths.newsletterIssue(list.slug, number: issue.number),
                    state: Self.stateLabel(issue.state, progress), stateNote: issue.stateNote,
                    queued: String(progress.queued), sent: String(progress.sent),
                    deferred: String(progress.deferred), failed: String(progress.failed),
                    cancelled: String(progress.cancelled), inDoubt: progress.inDoubt,
                    resendAction: Self.path(list.id) + "/\(issue.number)/resend"))
        }
        let view = NewsletterIssuesPageView(
            header: desk.header(for: account, current: "newsletters"), name: list.name, id: String(list.id),
            notice: notice, note: next.editorNote, nextStoryCount: next.stories.count,
            canMail: desk.site.mail != nil, issues: rows)
        return try desk.respond(with: view)
    }

    /// The next issue's HTML message as a subscriber would get it, without their personal links.
    @Sendable func preview(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let store = try stores()
        let list = try await list(context, store)
        let issue = try await sender(store).preview(of: list, now: Date())
        let html = sender(store).mail.html(issue: issue, list: list, links: nil)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // The message has no script; the preview forbids any, and loads images from this site only.
        headers[.contentSecurityPolicy] =
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    @Sendable func saveNote(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let store = try stores()
        let list = try await list(context, store)
        let fields = try await account.postedFields(of: request)
        let note = try fields.single("note") ?? ""
        let result: Result<Bool, StoreError>
        do {
            result = .success(try await store.setNextNewsletterIssueNote(newsletterID: list.id, note: note))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success: return .seeOtherPath(Self.path(list.id) + "?done=note")
        case .failure(.invalid(let error)):
            throw NewsroomError.badRequest(
                (error.problems.first?.message ?? "the note cannot be saved").capitalizedFirst + ".")
        case .failure(let other): throw other
        }
    }

    @Sendable func sendTest(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let store = try stores()
        let list = try await list(context, store)
        _ = try await account.postedFields(of: request)
        guard let mail = desk.site.mail else {
            throw NewsroomError.badRequest("No mail server is configured, so no test can be sent.")
        }
        let sender = sender(store)
        let issue = try await sender.preview(of: list, now: mail.now())
        // The test goes to the editor with links that work but belong to nobody: the preference
        // and unsubscribe links carry a token no subscriber has.
        let recipient = NewsletterRecipient(
            subscriberID: 0, email: account.user.email, preferenceToken: NewsletterConsent.newToken())
        var copy = issue
        copy.subject = "[Test] " + issue.subject
        let outgoing = try sender.mail.message(issue: copy, list: list, to: recipient, date: mail.now())
        try await mail.queue.enqueue(outgoing)
        return .seeOtherPath(Self.path(list.id) + "?done=test")
    }

    @Sendable func sendNow(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let store = try stores()
        let list = try await list(context, store)
        _ = try await account.postedFields(of: request)
        guard desk.site.mail != nil else {
            throw NewsroomError.badRequest("No mail server is configured, so the issue cannot be sent.")
        }
        switch try await sender(store).sendNow(list) {
        case .queued(_, let count): return .seeOtherPath(Self.path(list.id) + "?done=sent-\(count)")
        case .noNewStories: return .seeOtherPath(Self.path(list.id) + "?done=empty")
        case .alreadyMade: return .seeOtherPath(Self.path(list.id) + "?done=made")
        case .noList: throw NewsroomError.notFound("The newsletter was deleted meanwhile.")
        }
    }

    /// Sends an issue's in-doubt deliveries again (see ``MailCounts/inDoubt``).
    @Sendable func resendInDoubt(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let store = try stores()
        let list = try await list(context, store)
        _ = try await account.postedFields(of: request)
        guard let number = context.parameters.get("number").flatMap(Int.init),
            let issue = try await store.newsletterIssue(newsletterID: list.id, number: number)
        else { throw NewsroomError.notFound("This newsletter has no issue with that number.") }
        guard let mail = desk.site.mail else {
            throw NewsroomError.badRequest("No mail server is configured, so nothing can be sent again.")
        }
        let count = try await store.resendInDoubtNewsletterDeliveries(issueID: issue.id, now: mail.now())
        if count > 0 { await mail.queue.wakeUp() }
        return .seeOtherPath(Self.path(list.id) + "?done=resent-\(count)")
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// The issues page of one newsletter.
struct NewsletterIssuesPageView: NewsroomView {
    static let template = NewsroomTemplate.newsletterIssues

    struct IssueRow: Sendable {
        let number: String
        let subject: String
        let webPath: String
        let state: String
        let stateNote: String?
        let queued: String
        let sent: String
        let deferred: String
        let failed: String
        let cancelled: String
        let inDoubtCount: String
        let inDoubtLabel: String?
        let resendAction: String

        init(
            number: String, subject: String, webPath: String, state: String, stateNote: String?, queued: String,
            sent: String, deferred: String, failed: String, cancelled: String, inDoubt: Int, resendAction: String
        ) {
            self.number = number
            self.subject = subject
            self.webPath = webPath
            self.state = state
            self.stateNote = stateNote
            self.queued = queued
            self.sent = sent
            self.deferred = deferred
            self.failed = failed
            self.cancelled = cancelled
            self.inDoubtCount = String(inDoubt)
            self.inDoubtLabel =
                inDoubt == 0
                ? nil
                : inDoubt == 1
                    ? "Send the 1 message in doubt of issue \(number) again"
                    : "Send the \(inDoubt) messages in doubt of issue \(number) again"
            self.resendAction = resendAction
        }
    }

    let header: NewsroomHeader
    let name: String
    let notice: String?
    let note: String
    let nextSummary: String
    let previewPath: String
    let noteAction: String
    let testAction: String
    let sendAction: String
    let canMail: Bool
    let issues: [IssueRow]
    let hasIssues: Bool
    let hasInDoubt: Bool

    init(
        header: NewsroomHeader, name: String, id: String, notice: String?, note: String, nextStoryCount: Int,
        canMail: Bool, issues: [IssueRow]
    ) {
        self.header = header
        self.name = name
        self.notice = notice
        self.note = note
        switch nextStoryCount {
        case 0: nextSummary = "No story has been published since the last issue, so none would be made now."
        case 1: nextSummary = "The next issue would carry 1 story."
        default: nextSummary = "The next issue would carry \(nextStoryCount) stories."
        }
        let base = NewsroomPaths.newsletters + "/\(id)"
        previewPath = base + "/preview"
        noteAction = base + "/note"
        testAction = base + "/test"
        sendAction = base + "/send"
        self.canMail = canMail
        self.issues = issues
        hasIssues = !issues.isEmpty
        hasInDoubt = issues.contains { $0.inDoubtLabel != nil }
    }
}
