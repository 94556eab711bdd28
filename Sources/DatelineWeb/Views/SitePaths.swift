import DatelineCore

/// The site's URL scheme in one place, so templates, redirects and tests agree on it.
enum SitePaths {
    static let home = "/"
    static let saved = "/saved"
    static let fontPreference = "/preferences/font"

    /// "/story/serbia-defiant".
    static func story(_ slug: Slug) -> String { "/story/\(slug.rawValue)" }
    /// "/story/serbia-defiant/print".
    static func printView(_ slug: Slug) -> String { "/story/\(slug.rawValue)/print" }
    /// "/section/world".
    static func section(_ slug: Slug) -> String { "/section/\(slug.rawValue)" }
    /// "/topic/kosovo".
    static func topic(_ slug: Slug) -> String { "/topic/\(slug.rawValue)" }
}
