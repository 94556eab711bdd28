import DatelineCore
import Foundation
import Mustache

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
    /// Twitter's card kind; "summary" as stories have no image.
    let twitterCard = "summary"

    init(story: Story, storyURL: String, siteName: String) {
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
extension SocialMetaView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "type": return type
        case "title": return title
        case "description": return description
        case "url": return url
        case "siteName": return siteName
        case "publishedTime": return publishedTime
        case "modifiedTime": return modifiedTime
        case "section": return section
        case "tags": return tags
        case "twitterCard": return twitterCard
        default: return nil
        }
    }
}
