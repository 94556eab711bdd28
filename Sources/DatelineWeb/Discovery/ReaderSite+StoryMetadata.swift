import DatelineCore
import Hummingbird
import Synchronization

extension ReaderSite {
    /// Adds what search engines, social sites and feed readers read about a story page: its
    /// section's feeds, Open Graph and Twitter card tags, and `NewsArticle` JSON-LD. With a
    /// `memo` (the story page model's), they are made once per model and origin, not per page.
    func describe(
        _ story: Story, in chrome: inout PageChrome, request: Request, corrections: [Correction] = [],
        images: StoryImageSet = .empty, memo: StoryMetadataMemo? = nil
    ) throws {
        let origin = origin(for: request)
        let storyURL = chrome.canonicalURL
        let make = { () throws -> StoryMetadata in
            let lead = images.lead(of: story)
            return StoryMetadata(
                sectionFeeds: FeedLinkView.links(
                    basePath: SitePaths.section(story.section.slug),
                    title: "\(configuration.siteName): \(story.section.name)"),
                social: SocialMetaView(
                    story: story, storyURL: storyURL, siteName: configuration.siteName,
                    image: lead.map { SocialMetaView.Image(item: $0, origin: origin) }),
                linkedData: try NewsArticleLinkedData(
                    story: story, storyURL: storyURL, siteName: configuration.siteName,
                    siteURL: origin + SitePaths.home, logoURL: origin + assets.url(for: SitePaths.logoAsset),
                    corrections: corrections, images: lead.map { NewsArticleLinkedData.images(of: $0, origin: origin) }
                ).scriptSafeJSON().text)
        }
        let metadata = try memo?.value(for: origin + " " + storyURL, make: make) ?? make()
        chrome.feeds += metadata.sectionFeeds
        chrome.social = metadata.social
        chrome.linkedData = metadata.linkedData
    }
}

/// What search engines and share cards read about one story page.
struct StoryMetadata: Sendable {
    let sectionFeeds: [FeedLinkView]
    let social: SocialMetaView
    let linkedData: String
}

/// A story page model's ``StoryMetadata``, by origin and address: a site normally answers at one
/// origin, so this holds one entry (bounded, so `Host` headers cannot make it grow). The model it
/// belongs to is replaced when the story changes, which is what keeps it current.
typealias StoryMetadataMemo = BoundedMemo<String, StoryMetadata>

extension StoryMetadataMemo {
    /// A memo for one story page model.
    static func forStoryPage() -> StoryMetadataMemo { StoryMetadataMemo(limit: 4) }
}
