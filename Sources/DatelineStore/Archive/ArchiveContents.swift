import DatelineArchive
import DatelineCore
import Foundation

/// An archive's records sorted by kind and checked before anything is written: a known header
/// first, well-formed values, unique keys, and every reference pointing at a record present.
struct ArchiveContents: Sendable {
    var sections: [ArchiveRecord.Section] = []
    var topics: [ArchiveRecord.Topic] = []
    var users: [ArchiveRecord.User] = []
    var authors: [ArchiveRecord.Author] = []
    var stories: [ArchiveRecord.Story] = []
    var revisions: [ArchiveRecord.Revision] = []
    var corrections: [ArchiveRecord.Correction] = []
    var apiTokens: [ArchiveRecord.APIToken] = []
    var mail: [ArchiveRecord.Mail] = []
    var media: [ArchiveRecord.Media] = []
    var sources: [ArchiveRecord.Source] = []
    var newsletters: [ArchiveRecord.Newsletter] = []
    var subscribers: [ArchiveRecord.Subscriber] = []
    var suppressions: [ArchiveRecord.Suppression] = []
    var departures: [ArchiveRecord.Departure] = []
    var newsletterIssues: [ArchiveRecord.NewsletterIssue] = []
    var deliveries: [ArchiveRecord.Delivery] = []
    var wireItems: [ArchiveRecord.WireItem] = []
    var counts = ArchiveCounts()

    /// Sorts and checks `records`. A trailer may end them (its counts must match what came
    /// before it); the byte digest is the ``ArchiveReader``'s to check, since records carry no bytes.
    init(_ records: [ArchiveRecord]) throws(StoreError) {
        guard case .header(let header)? = records.first else {
            throw .failed("the archive does not start with a header record; it is not a Dateline archive")
        }
        try Self.check(header)
        for (index, record) in records.enumerated().dropFirst() {
            counts.count(record)
            switch record {
            case .header: throw .failed("record \(index + 1) is a second header; archives cannot be joined")
            case .section(let value): sections.append(value)
            case .topic(let value): topics.append(value)
            case .user(let value): users.append(value)
            case .author(let value): authors.append(value)
            case .story(let value): stories.append(value)
            case .revision(let value): revisions.append(value)
            case .correction(let value): corrections.append(value)
            case .apiToken(let value): apiTokens.append(value)
            case .mail(let value): mail.append(value)
            case .media(let value): media.append(value)
            case .source(let value): sources.append(value)
            case .newsletter(let value): newsletters.append(value)
            case .subscriber(let value): subscribers.append(value)
            case .suppression(let value): suppressions.append(value)
            case .departure(let value): departures.append(value)
            case .newsletterIssue(let value): newsletterIssues.append(value)
            case .delivery(let value): deliveries.append(value)
            case .wireItem(let value): wireItems.append(value)
            case .trailer(let trailer):
                guard index == records.count - 1 else {
                    throw .failed(
                        "record \(index + 1) is a trailer but \(records.count - 1 - index) records follow it; "
                            + "an archive ends with its one trailer")
                }
                let differences = counts.differences(fromTrailer: trailer.counts)
                guard differences.isEmpty else {
                    throw .failed(
                        "the archive holds \(differences.joined(separator: ", ")); "
                            + "records were removed or added after export")
                }
            }
        }
        try checkReferences()
    }

    /// Refuses archives of another format or version.
    static func check(_ header: ArchiveRecord.Header) throws(StoreError) {
        if let refusal = header.refusal { throw .failed(refusal) }
    }

    private func checkReferences() throws(StoreError) {
        func unique<T: Hashable>(_ values: [T], _ what: String) throws(StoreError) -> Set<T> {
            try Self.unique(values, what)
        }
        func slug(_ text: String, _ what: String) throws(StoreError) {
            guard Slug(validating: text) != nil else { throw .failed("the archive holds \(what) '\(text)'") }
        }
        for section in sections { try slug(section.slug, "the malformed section slug") }
        for topic in topics { try slug(topic.slug, "the malformed topic slug") }
        let sectionIDs = try unique(sections.map(\.id), "section id")
        let sectionSlugs = try unique(sections.map(\.slug), "section slug")
        let topicIDs = try unique(topics.map(\.id), "topic id")
        let topicSlugs = try unique(topics.map(\.slug), "topic slug")
        let userIDs = try unique(users.map(\.id), "user id")
        _ = try unique(users.map(\.email), "user e-mail")
        for user in users where Role(rawValue: user.role) == nil {
            throw .failed("user \(user.id) has the unknown role '\(user.role)'")
        }
        let authorIDs = try unique(authors.map(\.id), "author id")
        _ = try unique(authors.flatMap { [$0.slug] + $0.oldSlugs }, "author address")
        for author in authors {
            try slug(author.slug, "the malformed author slug")
            for old in author.oldSlugs { try slug(old, "the malformed old author slug") }
            if let user = author.userID, !userIDs.contains(user) {
                throw .failed("author \(author.id) is linked to the account \(user), which is not in the archive")
            }
        }
        let storyIDs = try unique(stories.map(\.id), "story id")
        _ = try unique(stories.map(\.slug), "story slug")
        for story in stories {
            func broken(_ what: String) -> StoreError { .failed("story \(story.id) has \(what)") }
            guard Slug(validating: story.slug) != nil else { throw broken("the malformed slug '\(story.slug)'") }
            guard StoryStatus(rawValue: story.status) != nil else {
                throw broken("the unknown status '\(story.status)'")
            }
            guard SuggestionOrigin(rawValue: story.highlightsOrigin) != nil,
                SuggestionOrigin(rawValue: story.topicsOrigin) != nil
            else { throw broken("an unknown highlights or topics origin") }
            guard sectionSlugs.contains(story.section) else {
                throw broken("the section '\(story.section)', which the archive lacks")
            }
            for topic in story.topics where !topicSlugs.contains(topic) {
                throw broken("the topic '\(topic)', which the archive lacks")
            }
            guard Set(story.topics).count == story.topics.count else { throw broken("a topic twice") }
            for author in story.authors ?? [] where !authorIDs.contains(author) {
                throw broken("the author \(author), who is not in the archive")
            }
            guard Set(story.authors ?? []).count == (story.authors ?? []).count else { throw broken("an author twice") }
            if let owner = story.ownerID, !userIDs.contains(owner) {
                throw broken("the owner \(owner), who is not in the archive")
            }
        }
        _ = try unique(revisions.map(\.id), "revision id")
        _ = try unique(revisions.map { "\($0.storyID)#\($0.number)" }, "revision number")
        for revision in revisions {
            guard storyIDs.contains(revision.storyID) else {
                throw .failed("revision \(revision.id) belongs to story \(revision.storyID), which the archive lacks")
            }
            if let author = revision.authorID, !userIDs.contains(author) {
                throw .failed("revision \(revision.id) names the author \(author), who is not in the archive")
            }
            guard (try? JSONDecoder().decode(StoryDraft.self, from: Data(revision.content.utf8))) != nil else {
                throw .failed("revision \(revision.id) holds content that is not a story")
            }
        }
        _ = try unique(corrections.map(\.id), "correction id")
        for correction in corrections {
            guard storyIDs.contains(correction.storyID) else {
                throw .failed(
                    "correction \(correction.id) belongs to story \(correction.storyID), which the archive lacks")
            }
            if let author = correction.authorID, !userIDs.contains(author) {
                throw .failed("correction \(correction.id) names the author \(author), who is not in the archive")
            }
        }
        _ = try unique(apiTokens.map(\.id), "API token id")
        _ = try unique(apiTokens.map(\.digest), "API token digest")
        for token in apiTokens where !userIDs.contains(token.userID) {
            throw .failed("API token \(token.id) belongs to user \(token.userID), who is not in the archive")
        }
        _ = try unique(mail.map(\.id), "mail id")
        for message in mail where UUID(uuidString: message.id) == nil {
            throw .failed("the mail id '\(message.id)' is not a UUID")
        }
        _ = try unique(media.map(\.id), "media id")
        _ = try unique(media.map(\.sha256), "media digest")
        for item in media {
            if let problem = item.problem() { throw .failed("media item \(item.id) has \(problem)") }
            if let uploader = item.uploadedBy, !userIDs.contains(uploader) {
                throw .failed("media item \(item.id) names the uploader \(uploader), who is not in the archive")
            }
            for story in item.usedBy where !storyIDs.contains(story) {
                throw .failed("media item \(item.id) is used by story \(story), which the archive lacks")
            }
        }
        _ = try unique(sources.map(\.id), "source id")
        _ = try unique(sources.map(\.url), "source address")
        for source in sources {
            // The same rules as `sources add`, so an archive cannot bring in what could not be followed.
            let asked = NewFeedSource(
                url: source.url, section: source.section, intervalMinutes: source.intervalMinutes,
                allowPrivate: source.allowPrivate)
            guard (try? SourceRules.checked(asked)) == asked, source.name?.controlCharacterProblem() == nil else {
                throw .failed("source \(source.id) (\(source.url.prefix(80))) cannot be followed as it is")
            }
        }
        try checkNewsletters(sectionIDs: sectionIDs, topicIDs: topicIDs, storyIDs: storyIDs)
    }

    /// The message refusing an import into a database that is not empty, or nil when it is.
    static func refusal(
        stories: Int, users: Int, sections: Int, topics: Int, media: Int = 0, newsletters: Int = 0,
        subscribers: Int = 0, wireItems: Int = 0, what: String = "an archive is imported"
    ) -> String? {
        guard stories + users + sections + topics + media + newsletters + subscribers + wireItems > 0 else {
            return nil
        }
        let pictures = media > 0 ? ", \(media) media items" : ""
        let others = [(newsletters, "newsletters"), (subscribers, "newsletter subscribers"), (wireItems, "wire items")]
            .filter { $0.0 > 0 }.map { ", \($0.0) \($0.1)" }.joined()
        return
            "the database already holds \(stories) stories, \(users) accounts, \(sections) sections\(pictures)\(others) "
            + "and \(topics) topics; \(what) only into a new, empty database, so nothing was written"
    }
}
