import DatelineCore
import Foundation

/// Checks and cleaning of input that every backend applies the same way: draft validation and
/// limits (through ``StoryDraft/validated()``), publication times, accounts, LIKE patterns. Both
/// stores call these; neither calls the other.
enum StoreInput {
    /// A named thing's name and its address, as authors and newsletters both take them: the name
    /// collapsed, present, at most `limit` characters and free of control characters; the
    /// address the one asked for (else made from the name), never one of `reserved`. `thing`
    /// names it in messages ("the author"), `prefix` is its address's path ("/author/").
    static func nameAndSlug(
        name text: String, slug wanted: String?, limit: Int, thing: String, prefix: String, reserved: Set<String>
    ) throws(StoreError) -> (name: String, slug: Slug) {
        func refuse(_ field: String, _ message: String) -> StoreError {
            .invalid(StoryValidationError(problems: [.init(field: field, message: message)]))
        }
        let name = text.collapsingWhitespace()
        guard !name.isEmpty else { throw refuse("name", "give \(thing) a name") }
        guard name.count <= limit else { throw refuse("name", "keep the name under \(limit) characters") }
        if let problem = name.controlCharacterProblem() { throw refuse("name", "the name " + problem) }
        let slug: Slug
        if let wanted = wanted?.trimmingWhitespace(), !wanted.isEmpty {
            guard let made = Slug(validating: wanted.lowercased()) ?? Slug(from: wanted) else {
                throw refuse("slug", "the address needs letters or digits")
            }
            slug = made
        } else {
            guard let made = Slug(from: name) else {
                throw refuse("name", "give \(thing) a name with letters or digits")
            }
            slug = made
        }
        guard !reserved.contains(slug.rawValue) else {
            throw refuse("slug", "\(prefix)\(slug.rawValue) is reserved for the site; choose another address")
        }
        return (name, slug)
    }

    /// Earliest and latest publication times the store accepts.
    ///
    /// Times are kept as text that sorts in time order only for four-digit years.
    static let publicationTimes: ClosedRange<Date> = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let earliest = calendar.date(from: DateComponents(year: 1000, month: 1, day: 1)) ?? .distantPast
        let latest = calendar.date(from: DateComponents(year: 9999, month: 12, day: 31)) ?? .distantFuture
        return earliest...latest
    }()

    /// An imported page's draft as the store keeps it, with its source: ``validate(_:)`` plus the
    /// URL and checksum of the page, without which a re-run could not find the story again.
    static func validateImport(_ draft: StoryDraft) throws(StoreError) -> (draft: StoryDraft, source: StorySource) {
        let draft = try validate(draft)
        guard let source = draft.source, !source.url.trimmingWhitespace().isEmpty,
            !source.checksum.trimmingWhitespace().isEmpty
        else {
            throw .invalid(
                StoryValidationError(problems: [
                    .init(field: "source", message: "an imported story needs the URL and checksum of its page")
                ]))
        }
        return (draft, source)
    }

    /// The draft as the store keeps it, or ``StoreError/invalid(_:)`` naming every problem.
    static func validate(_ draft: StoryDraft) throws(StoreError) -> StoryDraft {
        let valid: StoryDraft
        do {
            valid = try draft.validated()
        } catch {
            throw .invalid(error)
        }
        if let publishedAt = valid.publishedAt { try checkPublicationTime(publishedAt) }
        return valid
    }

    /// Rejects publication times outside ``publicationTimes``.
    static func checkPublicationTime(_ date: Date) throws(StoreError) {
        guard publicationTimes.contains(date) else {
            throw .invalid(
                StoryValidationError(problems: [
                    .init(
                        field: "publishedAt", message: "the publication time must fall between the years 1000 and 9999")
                ]))
        }
    }

    /// The account's address normalised and its name tidied, or every problem by field.
    static func account(email: String, name: String) throws(StoreError) -> (email: String, name: String) {
        let email = User.normalizedEmail(email)
        let name = name.collapsingWhitespace()
        var problems: [StoryValidationError.Problem] = []
        if let message = name.controlCharacterProblem() {
            problems.append(.init(field: "name", message: "the name \(message)"))
        }
        if !User.isPlausibleEmail(email) {
            problems.append(.init(field: "email", message: "enter an e-mail address such as jane@example.com"))
        }
        if name.isEmpty || name.count > StoryLimits.creditLength {
            problems.append(
                .init(field: "name", message: "enter a name of 1 to \(StoryLimits.creditLength) characters"))
        }
        guard problems.isEmpty else { throw .invalid(StoryValidationError(problems: problems)) }
        return (email, name)
    }

    /// `text` with LIKE's wildcards and the backslash taken literally, for `LIKE … ESCAPE '\'`
    /// (PostgreSQL's default escape character is the backslash too).
    static func likePattern(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
