import DatelineCore
import DatelineMarkup
import DatelineStore

/// A story as listed on the front page, a section or topic page, or the saved list.
struct StorySummaryView: Sendable {
    /// The story's slug, for forms (Remove from saved).
    let slug: String
    /// The story's page.
    let url: String
    /// The headline.
    let headline: String
    /// The section it runs in, and its page.
    let sectionName: String
    let sectionURL: String
    /// The highlights, shown for lead stories.
    let highlights: [String]
    let hasHighlights: Bool
    /// When it was published (falling back to when it was stored).
    let published: TimeView
    /// A small picture of the lead image; nil when the story has none.
    let thumbnail: PictureView?

    /// How wide listing thumbnails show (site.css), and the widest rendition they offer.
    static let thumbnailSizes = "8rem"
    static let thumbnailMaximumWidth = 480

    init(_ story: Story, clock: StoryClock, withHighlights: Bool = false, images: StoryImageSet = .empty) {
        slug = story.slug.rawValue
        url = SitePaths.story(story.slug)
        headline = story.headline
        sectionName = story.section.name
        sectionURL = SitePaths.section(story.section.slug)
        highlights = withHighlights ? story.highlights : []
        hasHighlights = withHighlights && !story.highlights.isEmpty
        published = TimeView(dateOnly: story.publishedAt ?? story.createdAt, clock: clock)
        thumbnail = images.lead(of: story).map(Self.thumbnail)
    }

    /// The listing thumbnail of a lead image.
    static func thumbnail(_ item: MediaItem) -> PictureView {
        PictureView(item: item, sizes: thumbnailSizes, maximumWidth: thumbnailMaximumWidth)
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension StorySummaryView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "slug": return slug.templateValue
        case "url": return url.templateValue
        case "headline": return headline.templateValue
        case "sectionName": return sectionName.templateValue
        case "sectionURL": return sectionURL.templateValue
        case "highlights": return highlights.templateValue
        case "hasHighlights": return hasHighlights.templateValue
        case "published": return published.templateValue
        case "thumbnail": return thumbnail.templateValue
        default: return .missing
        }
    }
}
