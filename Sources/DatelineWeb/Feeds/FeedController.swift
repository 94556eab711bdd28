import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// RSS 2.0 and Atom feeds of the latest published stories: the whole site (`/feeds/rss.xml`),
/// each section (`/section/world/atom.xml`), each topic (`/topic/kosovo/rss.xml`) and each author
/// (`/author/jane-arden/rss.xml`).
struct FeedController: Sendable {
    /// Stories per feed: enough for a reader who checks daily.
    static let storiesPerFeed = 30

    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        for format in FeedFormat.allCases {
            let frontPage = RouterPath(stringLiteral: "\(SitePaths.feeds)/\(format.fileName)")
            router.get(frontPage) { request, context in try await home(format, request: request, context: context) }
            router.refuseWrites(at: frontPage)
            let sectionFeed = RouterPath(stringLiteral: "/section/{slug}/\(format.fileName)")
            router.get(sectionFeed) { request, context in
                try await section(format, request: request, context: context)
            }
            router.refuseWrites(at: sectionFeed)
            let topicFeed = RouterPath(stringLiteral: "/topic/{slug}/\(format.fileName)")
            router.get(topicFeed) { request, context in try await topic(format, request: request, context: context) }
            router.refuseWrites(at: topicFeed)
            let authorFeed = RouterPath(stringLiteral: "/author/{slug}/\(format.fileName)")
            router.get(authorFeed) { request, context in try await author(format, request: request, context: context) }
            router.refuseWrites(at: authorFeed)
        }
    }

    private func home(_ format: FeedFormat, request: Request, context: ReaderRequestContext) async throws -> Response {
        let name = site.configuration.siteName
        return try await respond(
            format, title: name, subtitle: "The latest stories from \(name).", pagePath: SitePaths.home,
            feedBase: SitePaths.feeds, query: StoryQuery(), request: request)
    }

    private func section(_ format: FeedFormat, request: Request, context: ReaderRequestContext) async throws
        -> Response
    {
        let slug = try context.slugParameter()
        guard let section = try await site.store.section(slug: slug) else {
            throw ReaderError.notFound("There is no section at this address.")
        }
        let path = SitePaths.section(section.slug)
        return try await respond(
            format, title: "\(site.configuration.siteName): \(section.name)",
            subtitle: "The latest \(section.name) stories.", pagePath: path, feedBase: path,
            query: StoryQuery(section: section.slug), request: request)
    }

    private func topic(_ format: FeedFormat, request: Request, context: ReaderRequestContext) async throws -> Response {
        let slug = try context.slugParameter()
        guard let topic = try await site.store.topic(slug: slug) else {
            throw ReaderError.notFound("There is no topic at this address.")
        }
        let path = SitePaths.topic(topic.slug)
        return try await respond(
            format, title: "\(site.configuration.siteName): All About \(topic.name)",
            subtitle: "Every story about \(topic.name).", pagePath: path, feedBase: path,
            query: StoryQuery(topic: topic.slug), request: request)
    }

    private func author(_ format: FeedFormat, request: Request, context: ReaderRequestContext) async throws
        -> Response
    {
        let slug = try context.slugParameter()
        guard let profile = try await AuthorController.profile(slug, site: site) else {
            if let moved = try await AuthorController.moved(slug, suffix: "/\(format.fileName)", site: site) {
                return moved
            }
            throw ReaderError.notFound("There is no author at this address.")
        }
        let author = profile.author
        let path = SitePaths.author(author.slug)
        return try await respond(
            format, title: "\(site.configuration.siteName): \(author.name)",
            subtitle: "The latest stories by \(author.name).", pagePath: path, feedBase: path,
            query: StoryQuery(author: author.slug), request: request)
    }

    /// The feed of the stories `query` selects, or a 304 when the reader already has it.
    private func respond(
        _ format: FeedFormat, title: String, subtitle: String, pagePath: String, feedBase: String,
        query: StoryQuery, request: Request
    ) async throws -> Response {
        var query = query
        query.limit = Self.storiesPerFeed
        let stories = try await site.store.publishedStories(query)
        let origin = site.origin(for: request)

        var builder = EntityTag.Builder(page: "feed:\(format.rawValue):\(feedBase)", siteVersion: site.version)
        builder.add(origin)
        builder.add(title)
        for story in stories { builder.add(story) }
        let images = try await site.images(for: stories)
        images.add(to: &builder)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }

        let updated = stories.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0)
        let feed = FeedDocumentView(
            title: title.xmlSafe, subtitle: subtitle.xmlSafe, pageURL: origin + pagePath,
            selfURL: "\(origin)\(feedBase)/\(format.fileName)", stylesheetURL: site.assets.url(for: "feed.css"),
            siteName: site.configuration.siteName.xmlSafe,
            updatedRFC822: HTTPDate.format(updated), updatedISO: updated.ISO8601Format(),
            entries: try stories.map { try entry(for: $0, origin: origin, images: images) })
        let text: String
        switch format {
        case .rss: text = try site.renderer.render(RSSDocumentView(feed: feed))
        case .atom: text = try site.renderer.render(AtomDocumentView(feed: feed))
        }
        return .document(text, contentType: format.contentType, tag: tag, policy: .shared)
    }

    /// One story as a feed entry.
    private func entry(for story: Story, origin: String, images: StoryImageSet) throws -> FeedDocumentView.Entry {
        let published = story.publishedAt ?? story.createdAt
        let summary = FeedSummary.text(of: story).xmlSafe
        let content = try site.renderer.render(
            FeedHighlightsView(
                highlights: story.highlights.map(\.xmlSafe), hasHighlights: !story.highlights.isEmpty,
                summary: summary.isEmpty ? nil : summary))
        var entry = FeedDocumentView.Entry(
            title: story.headline.xmlSafe, url: origin + SitePaths.story(story.slug),
            author: story.byline.map(FeedSummary.author(fromByline:))?.xmlSafe,
            publishedRFC822: HTTPDate.format(published), publishedISO: published.ISO8601Format(),
            updatedISO: story.updatedAt.ISO8601Format(),
            categories: story.topics.map {
                FeedDocumentView.Category(
                    name: $0.name.xmlSafe, slug: $0.slug.rawValue, url: origin + SitePaths.topic($0.slug))
            },
            contentHTML: content.trimmingCharacters(in: .whitespacesAndNewlines), summary: summary)
        if let item = images.lead(of: story) {
            let rendition = StoryImageSet.jpeg(of: item, atLeast: 1200)
            entry.image = FeedDocumentView.Image(
                url: origin + rendition.path, width: rendition.width, height: rendition.height,
                credit: item.details.credit?.xmlSafe, description: item.details.altText?.xmlSafe)
        }
        return entry
    }
}
