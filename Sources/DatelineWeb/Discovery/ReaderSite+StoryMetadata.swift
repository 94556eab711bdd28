import DatelineCore
import Hummingbird

extension ReaderSite {
    /// Adds what search engines, social sites and feed readers read about a story page: its
    /// section's feeds, Open Graph and Twitter card tags, and `NewsArticle` JSON-LD.
    func describe(
        _ story: Story, in chrome: inout PageChrome, request: Request, corrections: [Correction] = [],
        images: StoryImageSet = .empty
    ) throws {
        let origin = origin(for: request)
        let sectionPath = SitePaths.section(story.section.slug)
        chrome.feeds += FeedLinkView.links(
            basePath: sectionPath, title: "\(configuration.siteName): \(story.section.name)")
        let lead = images.lead(of: story)
        chrome.social = SocialMetaView(
            story: story, storyURL: chrome.canonicalURL, siteName: configuration.siteName,
            image: lead.map { SocialMetaView.Image(item: $0, origin: origin) })
        chrome.linkedData =
            try NewsArticleLinkedData(
                story: story, storyURL: chrome.canonicalURL, siteName: configuration.siteName,
                siteURL: origin + SitePaths.home, logoURL: origin + assets.url(for: SitePaths.logoAsset),
                corrections: corrections, images: lead.map { NewsArticleLinkedData.images(of: $0, origin: origin) }
            ).scriptSafeJSON().text
    }
}
