import DatelineCore
import DatelineMarkup
import DatelineStore
import Foundation

/// Stories, sections and topics as the APIs show them: JSONSerialization-ready dictionaries with
/// snake_case keys, dates in ISO 8601 (UTC), and the body both as Markdown paragraphs and as
/// sanitised HTML.
enum APIStoryJSON {
    /// A published story for the content API.
    static func story(_ story: Story, origin: String, images: StoryImageSet = .empty) -> [String: Any] {
        [
            "id": Int(story.id),
            "slug": story.slug.rawValue,
            "url": origin + SitePaths.story(story.slug),
            "headline": story.headline,
            "section": section(story.section),
            "byline": nullable(story.byline),
            "authors": story.authors.map(author),
            "dateline": dateline(story.dateline),
            "highlights": story.highlights,
            "topics": story.topics.map(topic),
            "body": story.body,
            "body_html": MarkdownBody.html(story.body, images: images).map(\.sanitizedHTML).joined(separator: "\n"),
            "lead_image": story.leadImage.map { Int($0) as Any } ?? NSNull(),
            "published_at": date(story.publishedAt ?? story.createdAt),
            "updated_at": date(story.updatedAt),
        ]
    }

    /// Any story for the admin API: the public fields plus its workflow state.
    static func adminStory(_ story: Story, origin: String, images: StoryImageSet = .empty) -> [String: Any] {
        var object = self.story(story, origin: origin, images: images)
        object["url"] = nullable(story.status == .published ? origin + SitePaths.story(story.slug) : nil)
        object["status"] = story.status.rawValue
        object["published_at"] = nullable(story.publishedAt.map(date))
        object["created_at"] = date(story.createdAt)
        object["seo_title"] = nullable(story.seoTitle)
        object["seo_description"] = nullable(story.seoDescription)
        return object
    }

    /// An author as stories list them.
    static func author(_ author: Author) -> [String: Any] {
        ["id": Int(author.id), "name": author.name, "slug": author.slug.rawValue]
    }

    /// An author profile for the admin API.
    static func authorProfile(_ profile: AuthorProfile, origin: String) -> [String: Any] {
        [
            "id": Int(profile.author.id), "name": profile.author.name, "slug": profile.author.slug.rawValue,
            "url": origin + SitePaths.author(profile.author.slug), "bio": nullable(profile.bio),
            "user_id": profile.userID.map { Int($0) as Any } ?? NSNull(), "story_count": profile.storyCount,
            "published_count": profile.publishedCount,
        ]
    }

    static func section(_ section: Section) -> [String: Any] {
        ["slug": section.slug.rawValue, "name": section.name]
    }

    static func topic(_ topic: Topic) -> [String: Any] {
        ["slug": topic.slug.rawValue, "name": topic.name]
    }

    static func dateline(_ dateline: Dateline) -> [String: Any] {
        ["place": nullable(dateline.place), "source": nullable(dateline.source)]
    }

    static func revision(_ revision: Revision) -> [String: Any] {
        let content = revision.content
        return [
            "id": Int(revision.id),
            "number": revision.number,
            "author": nullable(revision.authorName),
            "created_at": date(revision.createdAt),
            "headline": content.headline,
            "section": nullable(content.section),
            "byline": nullable(content.byline),
            "dateline": dateline(content.dateline),
            "highlights": content.highlights,
            "topics": content.topics,
            "body": content.body,
        ]
    }

    /// A story in the trash as the admin API lists it.
    static func trashEntry(_ entry: TrashedStory) -> [String: Any] {
        [
            "id": Int(entry.story.id), "headline": entry.story.headline, "section": entry.story.section.name,
            "status_before": entry.statusBefore.rawValue, "trashed_by": nullable(entry.trashedByName),
            "trashed_at": date(entry.trashedAt), "purge_at": date(entry.purgeAt),
        ]
    }

    /// An API token as lists show it (never the secret).
    static func token(_ token: APIToken) -> [String: Any] {
        [
            "id": Int(token.id), "name": token.name, "prefix": token.prefix, "created_at": date(token.createdAt),
            "last_used_at": nullable(token.lastUsedAt.map(date)),
        ]
    }

    /// The text, or JSON null.
    static func nullable(_ text: String?) -> Any {
        if let text { return text }
        return NSNull()
    }

    /// RFC 3339 in UTC, whole seconds.
    static func date(_ date: Date) -> String {
        date.ISO8601Format()
    }

    /// Reads an RFC 3339 date-time (`2026-03-01T09:30:00Z`, offsets and fractions allowed) or a
    /// plain date (`2026-03-01`, midnight UTC); nil for anything else.
    static func parseDate(_ text: String) -> Date? {
        ISO8601Text.date(text)
    }
}
