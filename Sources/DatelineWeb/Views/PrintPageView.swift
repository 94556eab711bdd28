import DatelineCore
import DatelineMarkup

/// The print view of a story: the text and where it lives, without navigation or tools.
struct PrintPageView: PageView {
    static let template = PageTemplate.print

    let chrome: PageChrome
    let headline: String
    /// The lead image, kept on paper with its caption and credit.
    let leadImage: PictureView?
    let sectionName: String
    let byline: String?
    let published: TimeView
    let highlights: [String]
    let hasHighlights: Bool
    let dateline: String?
    let leadParagraph: String
    let paragraphs: [String]
    let topics: [String]
    let hasTopics: Bool
    /// The story's absolute address, printed so a paper copy leads back to it.
    let storyURL: String
    /// The story page, for the "Back to the story" link.
    let storyPath: String

    init(story: Story, chrome: PageChrome, storyURL: String, clock: StoryClock, images: StoryImageSet = .empty) {
        self.chrome = chrome
        headline = story.headline
        leadImage = images.lead(of: story).map { PictureView(item: $0, sizes: "40rem", maximumWidth: 1280) }
        sectionName = story.section.name
        byline = story.byline
        published = TimeView(story.publishedAt ?? story.createdAt, clock: clock)
        highlights = story.highlights
        hasHighlights = !story.highlights.isEmpty
        dateline = story.dateline.isEmpty ? nil : story.dateline.printed
        // Blocks that only place images are not text to print.
        let text = story.body.filter { StoryImages.figures(in: $0) == nil }
        leadParagraph = text.first ?? ""
        paragraphs = Array(text.dropFirst())
        topics = story.topics.map(\.name)
        hasTopics = !story.topics.isEmpty
        self.storyURL = storyURL
        storyPath = SitePaths.story(story.slug)
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension PrintPageView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "chrome": return chrome.templateValue
        case "headline": return headline.templateValue
        case "leadImage": return leadImage.templateValue
        case "sectionName": return sectionName.templateValue
        case "byline": return byline.templateValue
        case "published": return published.templateValue
        case "highlights": return highlights.templateValue
        case "hasHighlights": return hasHighlights.templateValue
        case "dateline": return dateline.templateValue
        case "leadParagraph": return leadParagraph.templateValue
        case "paragraphs": return paragraphs.templateValue
        case "topics": return topics.templateValue
        case "hasTopics": return hasTopics.templateValue
        case "storyURL": return storyURL.templateValue
        case "storyPath": return storyPath.templateValue
        default: return .missing
        }
    }
}
