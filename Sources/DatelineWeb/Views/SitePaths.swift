import DatelineCore

/// The site's URL scheme in one place, so templates, redirects and tests agree on it.
enum SitePaths {
    static let home = "/"
    static let saved = "/saved"
    /// The saved stories as JSON, for the offline worker.
    static let savedList = "/saved.json"
    /// The service worker that keeps saved stories for reading offline; at the root, so it may
    /// answer for every page.
    static let offlineWorker = "/sw.js"
    static let corrections = "/corrections"
    static let fontPreference = "/preferences/font"

    /// "/story/serbia-defiant".
    static func story(_ slug: Slug) -> String { "/story/\(slug.rawValue)" }
    /// "/story/serbia-defiant/print".
    static func printView(_ slug: Slug) -> String { "/story/\(slug.rawValue)/print" }
    /// "/story/serbia-defiant/email": the "E-mail to a friend" form.
    static func emailStory(_ slug: Slug) -> String { "/story/\(slug.rawValue)/email" }
    /// "/story/serbia-defiant/email/sent": where the form leads once the message is queued.
    static func emailStorySent(_ slug: Slug) -> String { "/story/\(slug.rawValue)/email/sent" }
    /// "/section/world".
    static func section(_ slug: Slug) -> String { "/section/\(slug.rawValue)" }
    /// "/topic/kosovo".
    static func topic(_ slug: Slug) -> String { "/topic/\(slug.rawValue)" }
    /// "/author/jane-arden".
    static func author(_ slug: Slug) -> String { "/author/\(slug.rawValue)" }
}

extension SitePaths {
    /// The newsletters page and subscribe form.
    static let newsletters = "/newsletters"
    /// "/newsletters/confirm/<token>": the link in a confirmation mail.
    static func newsletterConfirmation(_ token: String) -> String { "/newsletters/confirm/\(token)" }
    /// "/newsletters/preferences/<token>": a subscriber's own page.
    static func newsletterPreferences(_ token: String) -> String { "/newsletters/preferences/\(token)" }
    /// "/newsletters/<list>": the list's archive of past issues.
    static func newsletterArchive(_ list: Slug) -> String { "/newsletters/\(list.rawValue)" }
    /// "/newsletters/<list>/<number>": an issue's web version.
    static func newsletterIssue(_ list: Slug, number: Int) -> String { "/newsletters/\(list.rawValue)/\(number)" }
    /// "/newsletters/unsubscribe/<token>": the one-click unsubscribe address (RFC 8058).
    static func newsletterUnsubscribe(_ token: String) -> String { "/newsletters/unsubscribe/\(token)" }
}
