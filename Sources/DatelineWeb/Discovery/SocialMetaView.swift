import DatelineCore
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
    /// Twitter's card kind; "summary" as stories have no image.
    let twitterCard = "summary"

    init(story: Story, storyURL: String, siteName: String) {
        title = story.headline
        description = FeedSummary.description(of: story)
        url = storyURL
        self.siteName = siteName
        let published = story.publishedAt ?? story.createdAt
        publishedTime = published.ISO8601Format()
        modifiedTime = max(story.updatedAt, published).ISO8601Format()
        section = story.section.name
        tags = story.topics.map(\.name)
    }
}
