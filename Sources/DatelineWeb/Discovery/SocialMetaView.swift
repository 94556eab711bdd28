import DatelineCore
import DatelineMarkup
import DatelineStore
import Foundation

/// Open Graph and Twitter card tags for a story, so shared links show a proper card.
struct SocialMetaView: Sendable {
    let type = "article"
    let title: String
    let description: String?
    let url: String
    let siteName: String
    let publishedTime: String
    let modifiedTime: String
    let section: String
    let tags: [String]
    /// The lead image for the card; nil when the story has none.
    let image: Image?
    /// Twitter's card kind: a large image when the story has a lead image, else "summary".
    let twitterCard: String

    /// A share card's image: a JPEG rendition of at least 1200 px where the original allows.
    struct Image: Sendable {
        let url: String
        let width: Int
        let height: Int
        let alt: String?

        init(item: MediaItem, origin: String) {
            let rendition = StoryImageSet.jpeg(of: item, atLeast: 1200)
            url = origin + rendition.path
            width = rendition.width
            height = rendition.height
            alt = item.details.altText?.nilIfEmpty
        }
    }

    init(story: Story, storyURL: String, siteName: String, image: Image? = nil) {
        self.image = image
        twitterCard = image == nil ? "summary" : "summary_large_image"
        title = FeedSummary.shareTitle(of: story)
        description = FeedSummary.shareDescription(of: story)
        url = storyURL
        self.siteName = siteName
        let published = story.publishedAt ?? story.createdAt
        publishedTime = published.ISO8601Format()
        modifiedTime = max(story.updatedAt, published).ISO8601Format()
        section = story.section.name
        tags = story.topics.map(\.name)
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SocialMetaView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "type": return type.templateValue
        case "title": return title.templateValue
        case "description": return description.templateValue
        case "url": return url.templateValue
        case "siteName": return siteName.templateValue
        case "publishedTime": return publishedTime.templateValue
        case "modifiedTime": return modifiedTime.templateValue
        case "section": return section.templateValue
        case "tags": return tags.templateValue
        case "twitterCard": return twitterCard.templateValue
        case "image": return image.templateValue
        default: return .missing
        }
    }
}

extension SocialMetaView.Image: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "url": return url.templateValue
        case "width": return width.templateValue
        case "height": return height.templateValue
        case "alt": return alt.templateValue
        default: return .missing
        }
    }
}
