import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// What every newsroom handler shares: the store, the sign-in rules, the templates, and the
/// reader site (whose story page the preview reuses). Built once at start-up; a plain value.
struct NewsroomDesk: Sendable {
    let store: any NewsroomStore
    let configuration: NewsroomConfiguration
    let hasher: PasswordHasher
    let cookies: NewsroomCookies
    let renderer: NewsroomRenderer
    let site: ReaderSite

    /// The account a session token signs in, ending the session when idle or too old, or when
    /// its account has been turned off (read afresh on every request, never cached).
    func signedInUser(for token: SessionToken) async throws -> User? {
        let digest = token.digest
        guard let session = try await store.session(digest: digest) else { return nil }
        let now = configuration.now()
        if now.timeIntervalSince(session.lastSeenAt) > configuration.sessionIdleLimit
            || now.timeIntervalSince(session.createdAt) > configuration.sessionAbsoluteLimit
        {
            try await store.deleteSession(digest: digest)
            return nil
        }
        guard let user = try await store.user(id: session.userID) else { return nil }
        guard user.isActive else {
            try await store.deleteSession(digest: digest)
            return nil
        }
        // Writing on every request would serialise page views; a minute's precision is plenty.
        if now.timeIntervalSince(session.lastSeenAt) > 60 { try await store.touchSession(digest: digest, at: now) }
        return user
    }

    /// What a sign-in attempt came to.
    enum SignInOutcome: Sendable {
        case signedIn(User)
        case refused
        case throttled
        /// The password matched, but an admin has turned the account off.
        case deactivated
    }

    /// Checks a sign-in, counting failures per account name and per client address.
    ///
    /// Unknown addresses and wrong passwords take the same path: bcrypt runs either way, the
    /// failure is recorded either way, and the caller shows one message for both.
    func signIn(email: String, password: String, clientAddress: String) async throws -> SignInOutcome {
        let now = configuration.now()
        let failures = try await store.loginFailures(
            account: email, clientAddress: clientAddress, since: now.addingTimeInterval(-configuration.failureWindow))
        if failures.account >= configuration.accountFailureLimit
            || failures.clientAddress >= configuration.addressFailureLimit
        {
            return .throttled
        }
        let credentials = try await store.credentials(email: email)
        let matches = await hasher.verify(password, against: credentials?.passwordHash)
        guard matches, let user = credentials?.user else {
            try await store.recordLoginFailure(account: email, clientAddress: clientAddress, at: now)
            return .refused
        }
        try await store.clearLoginFailures(account: email)
        guard user.isActive else { return .deactivated }
        return .signedIn(user)
    }

    /// Starts a fresh session for `user` (never reusing one the browser brought) and returns its cookie.
    func startSession(for user: User) async throws -> (SessionToken, Cookie) {
        let token = SessionToken.random()
        let now = configuration.now()
        try await store.createSession(
            NewsroomSession(digest: token.digest, userID: user.id, createdAt: now, lastSeenAt: now))
        try await store.deleteExpiredSessions(
            idleLimit: configuration.sessionIdleLimit, absoluteLimit: configuration.sessionAbsoluteLimit, now: now)
        return (token, cookies.session(token, lifetime: Int(configuration.sessionAbsoluteLimit)))
    }

    /// Renders a newsroom page.
    func respond(with view: some NewsroomView, status: HTTPResponse.Status = .ok) throws -> Response {
        var response = Response.page(utf8: try renderer.renderUTF8(view), status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The page header every signed-in page shows.
    func header(for account: SignedInAccount, current: String) -> NewsroomHeader {
        NewsroomHeader(
            siteName: site.configuration.siteName, userName: account.user.name, roleTitle: account.user.role.title,
            formToken: account.formToken, stylesheetURL: site.assets.url(for: "site.css"),
            newsroomStylesheetURL: site.assets.url(for: "newsroom.css"),
            newsroomScriptURL: site.assets.url(for: "newsroom.js"),
            isAdmin: account.user.role == .admin, isEditor: account.user.role >= .editor, current: current)
    }

    /// A header for pages seen before signing in.
    func anonymousHeader() -> NewsroomHeader {
        NewsroomHeader(
            siteName: site.configuration.siteName, userName: nil, roleTitle: nil, formToken: nil,
            stylesheetURL: site.assets.url(for: "site.css"),
            newsroomStylesheetURL: site.assets.url(for: "newsroom.css"),
            newsroomScriptURL: site.assets.url(for: "newsroom.js"),
            isAdmin: false, isEditor: false, current: "")
    }
}

/// The bar at the top of every newsroom page. Mustache reads stored properties only.
///
/// The bar keeps to one line on a laptop: the pages a writer uses all day are links; the desk's
/// settings (sections, topics, authors, trash, tokens, accounts) sit in a "Desk" menu, a
/// `<details>` element that opens without JavaScript; the person's name links to their account.
struct NewsroomHeader: Sendable {
    /// One entry of the bar or the Desk menu.
    struct Link: Sendable {
        let label: String
        let href: String
        let isCurrent: Bool
    }

    let siteName: String
    let userName: String?
    let roleTitle: String?
    /// The session-bound token for the sign-out form; nil before sign-in.
    let formToken: String?
    let stylesheetURL: String
    let newsroomStylesheetURL: String
    /// The desk's small script: unsaved-change warning, Ctrl/Cmd+S, word count, who else is here.
    let newsroomScriptURL: String
    let isAdmin: Bool
    /// Editors and admins: they see the trash.
    let isEditor: Bool
    /// The bar's own links, in order.
    let links: [Link]
    /// The Desk menu's links for this person's role, in order.
    let deskLinks: [Link]
    let hasDeskLinks: Bool
    /// True when the page shown is one of the Desk menu's, so the menu's label is marked too.
    let deskIsCurrent: Bool
    /// The person's own account page is the current page.
    let isAccount: Bool

    init(
        siteName: String, userName: String?, roleTitle: String?, formToken: String?, stylesheetURL: String,
        newsroomStylesheetURL: String, newsroomScriptURL: String, isAdmin: Bool, isEditor: Bool, current: String
    ) {
        self.siteName = siteName
        self.userName = userName
        self.roleTitle = roleTitle
        self.formToken = formToken
        self.stylesheetURL = stylesheetURL
        self.newsroomStylesheetURL = newsroomStylesheetURL
        self.newsroomScriptURL = newsroomScriptURL
        self.isAdmin = isAdmin
        self.isEditor = isEditor
        func link(_ label: String, _ href: String, _ key: String) -> Link {
            Link(label: label, href: href, isCurrent: key == current)
        }
        links = [
            link("Dashboard", "/newsroom/dashboard", "dashboard"),
            link("Stories", "/newsroom", "stories"),
            link("Wire", "/newsroom/wire", "wire"),
            link("New story", "/newsroom/stories/new", "new"),
            link("Media", "/newsroom/media", "media"),
            link("Upload a page", "/newsroom/stories/upload", "upload"),
        ]
        var desk: [Link] = []
        if isEditor {
            desk += [
                link("Sections", "/newsroom/sections", "sections"),
                link("Topics", "/newsroom/topics", "topics"),
                link("Sources", "/newsroom/sources", "sources"),
                link("Authors", "/newsroom/authors", "authors"),
                link("Newsletters", "/newsroom/newsletters", "newsletters"),
                link("Mail catcher", "/newsroom/mail", "mail"),
                link("Trash", "/newsroom/trash", "trash"),
            ]
        }
        desk.append(link("API tokens", "/newsroom/tokens", "tokens"))
        if isAdmin { desk.append(link("Accounts", "/newsroom/users", "users")) }
        deskLinks = desk
        hasDeskLinks = !desk.isEmpty
        deskIsCurrent = desk.contains(where: \.isCurrent)
        isAccount = current == "account"
    }
}
