import Crypto
import DatelineCore
import Foundation
import Hummingbird

/// A page's ETag, computed from what the page is made of (stories with their update times, the
/// reader's cookie state, the site build) before rendering, so a browser revalidating an
/// unchanged page gets a 304 without the page being rendered again.
struct EntityTag: Hashable, Sendable {
    /// The quoted tag as sent in the `ETag` header.
    let headerValue: String
    /// The newest change among the stories the page shows, for `Last-Modified`; nil when the
    /// page shows reader state, whose changes no date records.
    var lastModified: Date? = nil
    /// True when the page shows the reader's own cookies, so only their browser may keep it.
    var isPersonal: Bool = true

    /// Builds the tag from the parts that shape a page.
    struct Builder {
        private var hasher = SHA256()
        private var newest: Date?
        private var showsReader = false

        /// Starts a tag for one kind of page rendered by one build of the site.
        init(page: String, siteVersion: String) {
            add(page)
            add(siteVersion)
        }

        /// Adds a piece of text; each piece is length-prefixed so parts cannot run together.
        mutating func add(_ text: String) {
            let bytes = Array(text.utf8)
            hasher.update(data: Array("\(bytes.count):".utf8))
            hasher.update(data: bytes)
        }

        /// Adds a story by identity and last change: any edit gives a new tag.
        mutating func add(_ story: Story) {
            add("\(story.id)@\(story.updatedAt.timeIntervalSince1970)")
            newest = max(newest ?? story.updatedAt, story.updatedAt)
        }

        /// Adds the reader state every page shows (text size, saved list, form token).
        mutating func add(_ session: ReaderSession) {
            // The shared copy for a text size is the same for every reader of that size.
            guard !session.isAnonymous else {
                add("font:\(session.fontStep.value)")
                return
            }
            showsReader = true
            add(String(session.fontStep.value))
            add(session.saved.cookieValue)
            add(session.csrfToken.value)
        }

        /// The finished tag.
        func finish() -> EntityTag {
            let digest = hasher.finalize().prefix(16).lowercaseHex
            return EntityTag(
                headerValue: "\"\(digest)\"", lastModified: showsReader ? nil : newest, isPersonal: showsReader)
        }
    }

    /// How long caches may keep the page.
    var policy: CachePolicy { isPersonal ? .personal : .shared }

    /// True when the request's `If-None-Match` names this tag (or "*"), or, when it sends no
    /// `If-None-Match` (which would take precedence, RFC 9110 §13.2.2), when its
    /// `If-Modified-Since` is no older than ``lastModified``.
    func isMatched(by request: Request) -> Bool {
        guard let header = request.headers[.ifNoneMatch] else {
            guard let lastModified, let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse) else {
                return false
            }
            return lastModified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
        }
        return header.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == headerValue
        }
    }
}
