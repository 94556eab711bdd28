import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import Hummingbird
import Logging

/// The reader side of newsletters: `/newsletters` lists them and takes the subscribe form; the
/// confirmation link, the preference page and one-click unsubscribe (RFC 8058) live under it.
///
/// Every secret link is checked for shape before the store is asked, and every answer to the
/// subscribe form is the same whatever became of the address, so the form tells nobody whether
/// someone else subscribes.
struct NewsletterController: Sendable {
    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get("/newsletters", use: list)
        router.post("/newsletters", use: subscribe)
        router.refuse([.put, .delete, .patch], at: "/newsletters", allowing: [.get, .head, .post])
        router.get("/newsletters/check-email", use: checkEmail)
        router.get("/newsletters/confirm/{token}", use: confirmForm)
        router.post("/newsletters/confirm/{token}", use: confirm)
        router.get("/newsletters/preferences/{token}", use: preferences)
        router.post("/newsletters/preferences/{token}", use: savePreferences)
        router.get("/newsletters/unsubscribe/{token}", use: unsubscribeForm)
        router.post("/newsletters/unsubscribe/{token}", use: unsubscribe)
        router.get("/newsletters/{list}", use: archive)
        router.get("/newsletters/{list}/{issue}", use: issue)
    }

    private var store: (any NewsletterStore)? { site.store as? any NewsletterStore }

    private func requireStore() throws(ReaderError) -> any NewsletterStore {
        guard let store else { throw .notFound("This site has no newsletters.") }
        return store
    }

    // MARK: Subscribing

    @Sendable func list(request: Request, context: ReaderRequestContext) async throws -> Response {
        let store = try requireStore()
        let lists = try await store.newsletters()
        let email = try context.query.single("email") ?? ""
        var chosen = Set<Int64>()
        if let from = try context.query.single("from") {
            chosen = try await self.lists(matching: from, in: lists)
        }
        for slug in context.query.pairs where slug.name == "newsletters" {
            if let list = lists.first(where: { $0.slug.rawValue == slug.value }) { chosen.insert(list.id) }
        }
        let form = NewsletterPageView.SubscribeForm(
            email: String(email.prefix(NewsletterConsent.maximumEmailLength)), chosen: chosen, error: nil)
        return try await render(.subscribe(lists, form), request: request, context: context)
    }

    @Sendable func subscribe(request: Request, context: ReaderRequestContext) async throws -> Response {
        let store = try requireStore()
        var request = request
        let fields = try await request.formFields(limit: context.maxUploadSize)
        try context.session.verifyFormToken(in: fields)
        let lists = try await store.newsletters()
        let typed = try fields.single("email") ?? ""
        let slugs = fields.pairs.filter { $0.name == "newsletters" }.map(\.value)
        let chosen = lists.filter { slugs.contains($0.slug.rawValue) }
        func refuse(_ message: String) async throws -> Response {
            let form = NewsletterPageView.SubscribeForm(
                email: String(typed.prefix(NewsletterConsent.maximumEmailLength)), chosen: Set(chosen.map(\.id)),
                error: message)
            return try await render(
                .subscribe(lists, form), status: .unprocessableContent, request: request, context: context)
        }
        guard let mail = site.mail else {
            throw ReaderError.notFound(
                "Newsletters cannot be subscribed to on this site yet: no mail server is configured.")
        }
        let trimmed = typed.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= NewsletterConsent.maximumEmailLength, !trimmed.contains(","),
            let address = try? EmailAddress(trimmed), NewsletterRulesForWeb.isPlain(address.string)
        else {
            return try await refuse("Enter one e-mail address, like name@example.com.")
        }
        guard !chosen.isEmpty else {
            return try await refuse(
                slugs.isEmpty ? "Choose at least one newsletter." : "That newsletter no longer exists; choose another.")
        }
        let now = mail.now()
        if let client = context.remoteAddress {
            let quota = SendQuota(key: "newsletter-client:\(client)", limit: NewsletterConsent.perClient)
            if try await mail.store.acquireSendQuota(
                [quota], since: now.addingTimeInterval(-NewsletterConsent.clientWindow), now: now) != nil
            {
                throw ReaderError.tooManyRequests(
                    "This connection has asked for as many subscriptions as we allow in an hour. Please try again later."
                )
            }
        }
        let token = NewsletterConsent.newToken()
        let outcome = try await store.requestSubscription(
            email: address.string, newsletterIDs: chosen.map(\.id), confirmationDigest: NewsletterConsent.digest(token),
            now: now, expiresAt: now.addingTimeInterval(NewsletterConsent.confirmationLifetime))
        if case .sendConfirmation = outcome {
            let link = site.absoluteURL(SitePaths.newsletterConfirmation(token), for: request)
            let message = try NewsletterConsent.confirmationMessage(
                to: address, lists: chosen, link: link, siteName: site.configuration.siteName,
                fallbackFrom: mail.composer.from, date: now)
            try await mail.queue.enqueue(message)
        }
        context.logger.info("newsletter subscription asked", metadata: ["newsletters": "\(chosen.count)"])
        guard let destination = ReturnPath(validating: "/newsletters/check-email") else {
            throw ReaderError.badRequest("The page address is not valid.")
        }
        return .seeOther(destination)
    }

    @Sendable func checkEmail(request: Request, context: ReaderRequestContext) async throws -> Response {
        _ = try requireStore()
        return try await render(.checkEmail, request: request, context: context)
    }

    // MARK: Confirming

    private func token(_ context: ReaderRequestContext) throws(ReaderError) -> String {
        guard let token = context.parameters.get("token"), NewsletterConsent.isWellFormed(token) else {
            throw .notFound(
                "This link is not one of ours, or it was copied only in part. Check the address in the e-mail.")
        }
        return token
    }

    @Sendable func confirmForm(request: Request, context: ReaderRequestContext) async throws -> Response {
        _ = try requireStore()
        let token = try token(context)
        // Opening the link only shows a button: mail scanners follow links, and must not subscribe anyone.
        return try await render(
            .confirm(action: SitePaths.newsletterConfirmation(token)), request: request, context: context)
    }

    @Sendable func confirm(request: Request, context: ReaderRequestContext) async throws -> Response {
        let store = try requireStore()
        let token = try token(context)
        var request = request
        let fields = try await request.formFields(limit: context.maxUploadSize)
        try context.session.verifyFormToken(in: fields)
        guard
            let subscriber = try await store.confirmSubscription(
                digest: NewsletterConsent.digest(token), now: site.mail?.now() ?? Date())
        else {
            throw ReaderError.notFound(
                "This confirmation link has been used already or has expired. Subscribe again on the newsletters page to get a new one."
            )
        }
        return try await render(
            .confirmed(preferences: SitePaths.newsletterPreferences(subscriber.preferenceToken)), request: request,
            context: context)
    }

    // MARK: Preferences

    @Sendable func preferences(request: Request, context: ReaderRequestContext) async throws -> Response {
        let store = try requireStore()
        let subscriber = try await subscriber(store, context)
        let done = try context.query.single("done")
        return try await render(
            .preferences(
                try await store.newsletters(), subscriber, notice: done == "saved" ? "Your choices are saved." : nil),
            request: request, context: context)
    }

    @Sendable func savePreferences(request: Request, context: ReaderRequestContext) async throws -> Response {
        let store = try requireStore()
        let token = try token(context)
        var request = request
        let fields = try await request.formFields(limit: context.maxUploadSize)
        try context.session.verifyFormToken(in: fields)
        let lists = try await store.newsletters()
        let now = site.mail?.now() ?? Date()
        let updated: NewsletterSubscriber?
        if try fields.single("action") == "leave" {
            updated = try await store.unsubscribe(preferenceToken: token, newsletterID: nil, now: now)
        } else {
            let slugs = fields.pairs.filter { $0.name == "newsletters" }.map(\.value)
            let ids = lists.filter { slugs.contains($0.slug.rawValue) }.map(\.id)
            updated = try await store.updatePreferences(
                preferenceToken: token, newsletterIDs: ids, paused: try fields.single("paused") == "on", now: now)
        }
        guard let updated else { throw Self.unknownLink }
        if updated.status == .left {
            return try await render(.left, request: request, context: context)
        }
        guard let destination = ReturnPath(validating: SitePaths.newsletterPreferences(token) + "?done=saved") else {
            throw ReaderError.badRequest("The page address is not valid.")
        }
        return .seeOther(destination)
    }

    // MARK: One-click unsubscribe

    @Sendable func unsubscribeForm(request: Request, context: ReaderRequestContext) async throws -> Response {
        let store = try requireStore()
        let subscriber = try await subscriber(store, context)
        let list = try await listParameter(store, context)
        var action = SitePaths.newsletterUnsubscribe(subscriber.preferenceToken)
        if let list { action += "?list=\(list.slug.rawValue)" }
        return try await render(
            .unsubscribe(
                action: action, listName: list?.name,
                preferences: SitePaths.newsletterPreferences(subscriber.preferenceToken)),
            request: request, context: context)
    }

    /// RFC 8058: a mail client posts `List-Unsubscribe=One-Click` to the message's link with no
    /// cookie and no form token; the secret in the link is the authority, as it is for the person.
    @Sendable func unsubscribe(request: Request, context: ReaderRequestContext) async throws -> Response {
        let store = try requireStore()
        let token = try token(context)
        let list = try await listParameter(store, context)
        guard
            try await store.unsubscribe(
                preferenceToken: token, newsletterID: list?.id, now: site.mail?.now() ?? Date()) != nil
        else { throw Self.unknownLink }
        context.logger.info("newsletter unsubscribe", metadata: ["newsletter": "\(list?.slug.rawValue ?? "all")"])
        return try await render(.left, request: request, context: context)
    }

    // MARK: Archive and web version

    private func issueStore() throws(ReaderError) -> any NewsletterIssueStore {
        guard let issues = site.store as? any NewsletterIssueStore else {
            throw .notFound("This site has no newsletters.")
        }
        return issues
    }

    private func listFromPath(_ store: any NewsletterStore, _ context: ReaderRequestContext) async throws -> Newsletter
    {
        guard let text = context.parameters.get("list"), let slug = Slug(validating: text),
            let list = try await store.newsletter(slug: slug)
        else {
            throw ReaderError.notFound(
                "There is no such newsletter. The newsletters page lists every one we send.")
        }
        return list
    }

    @Sendable func archive(request: Request, context: ReaderRequestContext) async throws -> Response {
        let store = try requireStore()
        let issues = try issueStore()
        let list = try await listFromPath(store, context)
        let past = try await issues.newsletterIssues(newsletterID: list.id, limit: 200, offset: 0)
        let chrome = await site.chrome(
            title: list.name, description: list.description.isEmpty ? nil : list.description,
            canonicalPath: SitePaths.newsletterArchive(list.slug), sections: try await site.sections(),
            currentPath: nil, request: request, session: context.session)
        var response = try site.respond(with: NewsletterIssuePageView(archive: list, issues: past, chrome: chrome))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func issue(request: Request, context: ReaderRequestContext) async throws -> Response {
        let store = try requireStore()
        let issues = try issueStore()
        let list = try await listFromPath(store, context)
        guard let text = context.parameters.get("issue"), text.count <= 9, let number = Int(text), number > 0,
            let issue = try await issues.newsletterIssue(newsletterID: list.id, number: number)
        else {
            throw ReaderError.notFound(
                "\(list.name) has no issue with that number. Past issues are listed on its archive page.")
        }
        let chrome = await site.chrome(
            title: issue.subject, canonicalPath: SitePaths.newsletterIssue(list.slug, number: issue.number),
            sections: try await site.sections(), currentPath: nil, request: request, session: context.session)
        var response = try site.respond(with: NewsletterIssuePageView(issue: issue, of: list, chrome: chrome))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    // MARK: Helpers

    static let unknownLink = ReaderError.notFound(
        "This link does not match any subscriber. If you copied it from an e-mail, check that the whole address was copied."
    )

    private func subscriber(_ store: any NewsletterStore, _ context: ReaderRequestContext) async throws
        -> NewsletterSubscriber
    {
        guard let subscriber = try await store.subscriber(preferenceToken: token(context)) else {
            throw Self.unknownLink
        }
        return subscriber
    }

    private func listParameter(_ store: any NewsletterStore, _ context: ReaderRequestContext) async throws
        -> Newsletter?
    {
        guard let text = try context.query.single("list") else { return nil }
        guard let slug = Slug(validating: text), let list = try await store.newsletter(slug: slug) else {
            throw ReaderError.notFound("There is no newsletter “\(text.prefix(60))” any more.")
        }
        return list
    }

    /// The lists a page's subscribe form points at: the front page's, a section's, a topic's,
    /// or a story's section.
    private func lists(matching path: String, in lists: [Newsletter]) async throws -> Set<Int64> {
        let parts = path.split(separator: "?").first.map { $0.split(separator: "/").map(String.init) } ?? []
        var source: NewsletterSource?
        switch parts.count {
        case 0: source = .front
        case 2 where parts[0] == "section": source = Slug(validating: parts[1]).map(NewsletterSource.section)
        case 2 where parts[0] == "topic": source = Slug(validating: parts[1]).map(NewsletterSource.topic)
        case 2 where parts[0] == "story":
            if let slug = Slug(validating: parts[1]), let story = try await site.store.story(slug: slug),
                story.status.isPublic
            {
                source = .section(story.section.slug)
            }
        default: break
        }
        guard let source else { return [] }
        let matching = lists.filter { $0.source == source }
        // A story or section without a list of its own offers the daily briefing.
        return Set((matching.isEmpty ? lists.filter { $0.source == .front } : matching).map(\.id))
    }

    private func render(
        _ mode: NewsletterPageView.Mode, status: HTTPResponse.Status = .ok, request: Request,
        context: ReaderRequestContext
    ) async throws -> Response {
        let sections = try await site.sections()
        let chrome = await site.chrome(
            title: mode.title, canonicalPath: SitePaths.newsletters, sections: sections, currentPath: nil,
            request: request, session: context.session)
        var response = try site.respond(
            with: NewsletterPageView(mode: mode, chrome: chrome, canSubscribe: site.mail != nil), status: status)
        // Pages carry a reader's own links and form token: never shared, never stored.
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// The address rules the web layer adds to ``EmailAddress``: plain ASCII, since look-alike
/// letters would let one person hold several entries (the store refuses them too).
enum NewsletterRulesForWeb {
    static func isPlain(_ address: String) -> Bool {
        address.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }
    }
}
