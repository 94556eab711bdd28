import DatelineCore
import DatelineStore
import Hummingbird

extension ReaderSite {
    /// What differs between a section page and a topic page.
    struct Listing {
        /// "section" or "topic", for ETags and messages.
        let kind: String
        let heading: String
        let summary: String
        let path: String
        let query: StoryQuery
        let showsSection: Bool
        /// The masthead entry to mark as current.
        let currentNavigationPath: String?
    }

    /// Renders one page of a section or topic listing, refusing pages past the end with a 404.
    func respondWithListing(
        _ listing: Listing, page: PageNumber, request: Request, context: ReaderRequestContext
    ) async throws -> Response {
        let pageSize = configuration.storiesPerPage
        var query = listing.query
        query.limit = pageSize
        query.offset = page.offset(pageSize: pageSize)
        let load = { [query] () async throws -> ListingModel in
            let total = try await store.countPublished(query)
            if page.value > 1, query.offset >= total {
                throw ReaderError.notFound("This \(listing.kind) has no page \(page.value); its stories end sooner.")
            }
            let stories = try await store.publishedStories(query)
            return ListingModel(
                total: total, stories: stories, sections: try await store.sections(),
                images: try await self.images(for: stories))
        }
        let key = "\(listing.kind):\(listing.path):\(page.value):\(pageSize)"
        let model: ListingModel
        if let models { model = try await models.value(key) { try await load() } } else { model = try await load() }
        let (total, stories, sections, images) = (model.total, model.stories, model.sections, model.images)

        var builder = await tagBuilder(page: "\(listing.kind):\(listing.path):\(page.value)", session: context.session)
        builder.add(listing.heading)
        builder.add(listing.summary)
        builder.add(String(total))
        for section in sections { builder.add(section.name) }
        for story in stories { builder.add(story) }
        images.add(to: &builder)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag) }

        let canonical = page.value == 1 ? listing.path : "\(listing.path)?page=\(page.value)"
        let title = page.value == 1 ? listing.heading : "\(listing.heading), page \(page.value)"
        var chrome = await chrome(
            title: title, description: listing.summary, canonicalPath: canonical, sections: sections,
            currentPath: listing.currentNavigationPath, request: request, session: context.session)
        chrome.feeds += FeedLinkView.links(
            basePath: listing.path, title: "\(configuration.siteName): \(listing.heading)")
        let view = ListingPageView(
            chrome: chrome, heading: listing.heading, summary: listing.summary,
            stories: stories.enumerated().map {
                StorySummaryView($1, clock: clock, withHighlights: $0 == 0, images: images)
            },
            hasStories: !stories.isEmpty, showsSection: listing.showsSection,
            pagination: PaginationView(page: page.value, pageSize: pageSize, total: total, basePath: listing.path))
        return try respond(with: view, tag: tag)
    }
}

/// What one page of a section or topic listing shows from the store.
struct ListingModel: Sendable {
    let total: Int
    let stories: [Story]
    let sections: [Section]
    let images: StoryImageSet
}
