import DatelineCore
import DatelineStore
import Hummingbird

/// The front page: the latest stories grouped by section, the freshest section first.
struct HomeController: Sendable {
    /// Stories per section block: one lead and the rest as headlines.
    static let storiesPerSection = 5

    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get("/", use: home)
        router.refuseWrites(at: "/")
    }

    /// What the front page shows from the store.
    struct Model: Sendable {
        let sections: [Section]
        let blocks: [(section: Section, stories: [Story])]
        let images: StoryImageSet
    }

    private func loadModel() async throws -> Model {
        // The sections and their newest stories in one read (one statement on PostgreSQL).
        let fronts = try await site.store.sectionFronts(storiesPerSection: Self.storiesPerSection)
        let sections = fronts.map(\.section)
        var blocks = fronts.filter { !$0.stories.isEmpty }.map { (section: $0.section, stories: $0.stories) }
        blocks.sort { lhs, rhs in
            let left = lhs.stories[0].publishedAt ?? lhs.stories[0].createdAt
            let right = rhs.stories[0].publishedAt ?? rhs.stories[0].createdAt
            return left != right ? left > right : lhs.section.name < rhs.section.name
        }
        // Each section's lead story shows its lead image.
        let images = try await site.images(for: blocks.map { $0.stories[0] })
        return Model(sections: sections, blocks: blocks, images: images)
    }

    @Sendable func home(request: Request, context: ReaderRequestContext) async throws -> Response {
        let model: Model
        if let models = site.models {
            model = try await models.value("home") { try await loadModel() }
        } else {
            model = try await loadModel()
        }
        let (sections, blocks, images) = (model.sections, model.blocks, model.images)

        var builder = await site.tagBuilder(page: "home", session: context.session)
        for section in sections { builder.add(section.name) }
        for block in blocks { for story in block.stories { builder.add(story) } }
        images.add(to: &builder)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag) }

        let chrome = await site.chrome(
            title: nil, description: "The latest stories from \(site.configuration.siteName), by section.",
            canonicalPath: SitePaths.home, sections: sections, currentPath: SitePaths.home, request: request,
            session: context.session)
        let view = HomePageView(
            chrome: chrome,
            blocks: blocks.map { block in
                let summaries = block.stories.map { StorySummaryView($0, clock: site.clock) }
                return HomePageView.SectionBlockView(
                    name: block.section.name, url: SitePaths.section(block.section.slug),
                    headingID: "section-\(block.section.slug.rawValue)",
                    lead: StorySummaryView(
                        block.stories[0], clock: site.clock, withHighlights: true, images: images),
                    headlines: Array(summaries.dropFirst()), hasHeadlines: summaries.count > 1)
            },
            hasStories: !blocks.isEmpty)
        return try site.respond(with: view, tag: tag)
    }
}
