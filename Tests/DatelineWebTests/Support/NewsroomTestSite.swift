import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import HTTPTypes
import HummingbirdBcrypt
import NIOCore
import Synchronization
import Testing

@testable import DatelineWeb

/// A clock tests move by hand, so expiry and throttling windows pass without waiting.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

/// A reader site with the newsroom switched on: cheap bcrypt, a hand-moved clock, and the
/// client address taken from `X-Forwarded-For` so tests can play several clients.
final class NewsroomTestSite: Sendable {
    let site: ReaderTestSite
    let clock: TestClock
    /// The password every test account gets.
    static let password = "correct horse battery"

    /// With `mail`, account mail (reset links, invitations) is queued in the store's outbox to an
    /// SMTP server nobody listens on; tests read the outbox. With `catchesMail`, mail goes to the
    /// development mail catcher instead.
    init(
        https: Bool = true, mail: Bool = false, catchesMail: Bool = false,
        configure: (inout NewsroomConfiguration) -> Void = { _ in }
    ) throws {
        let clock = TestClock()
        self.clock = clock
        var configuration = WebConfiguration(
            publicBaseURL: URL(string: https ? "https://news.example.test" : "http://news.example.test"))
        configuration.newsroom = NewsroomConfiguration(
            bcryptCost: 4, trustsForwardedFor: true, now: { clock.now })
        configure(&configuration.newsroom)
        if mail {
            configuration.mail = StoryMailConfiguration(
                smtp: try SMTPConfiguration(url: "smtp://127.0.0.1:9?from=news@news.example.test&name=Dateline"),
                from: try Mailbox("news@news.example.test", displayName: "Dateline"))
        }
        if catchesMail {
            configuration.mail = StoryMailConfiguration(
                delivery: .catcher(keep: 50), from: try Mailbox("news@news.example.test", displayName: "Dateline"))
        }
        site = try ReaderTestSite(configuration: configuration)
    }

    var store: SQLiteStoryStore { site.store }

    /// Adds an account with ``password``.
    @discardableResult
    func account(_ role: Role, email: String? = nil) async throws -> User {
        try await store.createUser(
            email: email ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8))@example.com", name: role.title + " Person",
            role: role, passwordHash: Bcrypt.hash(Self.password, cost: 4))
    }

    func withBrowser<T: Sendable>(_ body: @Sendable (inout Browser) async throws -> T) async throws -> T {
        try await site.withBrowser(body)
    }
}

extension Browser {
    /// Signs in through the form, as a person would; returns the response to the post.
    @discardableResult
    mutating func signIn(
        _ email: String, password: String = NewsroomTestSite.password, from address: String = "192.0.2.1"
    ) async throws -> Page {
        let form = try await get(NewsroomPaths.login)
        // Already signed in, the page redirects; the form's token is the site's double-submit cookie.
        let token = try #require(form.formToken ?? cookies[ReaderCookies.csrfName])
        return try await post(
            NewsroomPaths.login, form: [("csrf_token", token), ("email", email), ("password", password)],
            from: address)
    }

    /// POSTs a URL-encoded form as if from the client at `address` (the test site trusts the header).
    @discardableResult
    mutating func post(_ path: String, form fields: [(String, String)], from address: String) async throws -> Page {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[HTTPField.Name("X-Forwarded-For")!] = address  // a valid field name, so never nil
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        let body = fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        return try await send(path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// The session-bound form token from a newsroom page.
    mutating func newsroomToken(from path: String = NewsroomPaths.root) async throws -> String {
        try #require(try await get(path).formToken)
    }
}
