import DatelineCore
import DatelineStore
import Foundation

/// A story as schema.org `NewsArticle` JSON-LD, the structured data search engines read.
/// `image` lists the lead image's JPEG renditions as ImageObjects (widest first; Google asks for
/// one at least 1200 px wide), and is left out for a story without one.
struct NewsArticleLinkedData: Encodable, Sendable {
    let context = "https://schema.org"
    let type = "NewsArticle"
    let headline: String
    let description: String?
    let datePublished: String
    let dateModified: String
    let author: Credit
    let publisher: Party
    let articleSection: String
    let keywords: [String]?
    let url: String
    let mainEntityOfPage: WebPage
    let isAccessibleForFree = true
    /// The story's corrections as schema.org `CorrectionComment`s; left out when there are none.
    let correction: [CorrectionComment]?
    /// The lead image's renditions; left out when the story has none.
    let image: [ImageObject]?

    enum CodingKeys: String, CodingKey {
        case context = "@context"
        case type = "@type"
        case headline, description, datePublished, dateModified, author, publisher, articleSection, keywords, url
        case mainEntityOfPage, isAccessibleForFree, correction, image
    }

    /// A dated correction note.
    struct CorrectionComment: Encodable, Sendable {
        let type = "CorrectionComment"
        let text: String
        let datePublished: String

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case text, datePublished
        }
    }

    /// A person or organization (author, publisher).
    struct Party: Encodable, Sendable {
        let type: String
        let name: String
        let url: String?
        let logo: ImageObject?

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case name, url, logo
        }
    }

    /// The `author` value: one party, or the story's authors in credit order.
    enum Credit: Encodable, Sendable {
        case one(Party)
        case several([Party])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .one(let party): try container.encode(party)
            case .several(let parties): try container.encode(parties)
            }
        }
    }

    /// An image by URL, with its size when known and, for a story image, its caption and credit.
    struct ImageObject: Encodable, Sendable {
        let type = "ImageObject"
        let url: String
        var width: Int? = nil
        var height: Int? = nil
        var caption: String? = nil
        var creditText: String? = nil

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case url, width, height, caption, creditText
        }
    }

    /// The JPEG renditions of `item` a search engine may pick from: at least 1200 px wide where
    /// the original allows (else its widest), then one 640 px wide; widest first.
    static func images(of item: MediaItem, origin: String) -> [ImageObject] {
        var seen = Set<Int>()
        return [1200, 640].compactMap { wanted in
            let rendition = StoryImageSet.jpeg(of: item, atLeast: wanted)
            guard seen.insert(rendition.width).inserted else { return nil }
            return ImageObject(
                url: origin + rendition.path, width: rendition.width, height: rendition.height,
                caption: item.details.caption?.nilIfEmpty, creditText: item.details.credit?.nilIfEmpty)
        }
    }

    /// The page the article is the main thing on.
    struct WebPage: Encodable, Sendable {
        let type = "WebPage"
        let id: String

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case id = "@id"
        }
    }

    /// The structured data for `story` at `storyURL`, published by `siteName` with its logo.
    init(
        story: Story, storyURL: String, siteName: String, siteURL: String, logoURL: String,
        corrections: [Correction] = [], images: [ImageObject]? = nil
    ) {
        image = images?.isEmpty == false ? images : nil
        // Google limits headlines to 110 characters.
        headline = String(story.headline.prefix(110))
        description = FeedSummary.shareDescription(of: story)
        let published = story.publishedAt ?? story.createdAt
        datePublished = published.ISO8601Format()
        dateModified = max(story.updatedAt, published).ISO8601Format()
        let publisher = Party(type: "Organization", name: siteName, url: siteURL, logo: ImageObject(url: logoURL))
        if !story.authors.isEmpty {
            // Each author is a Person with their page, so search engines can tell writers apart.
            let origin = siteURL.hasSuffix("/") ? String(siteURL.dropLast()) : siteURL
            author = .several(
                story.authors.map {
                    Party(type: "Person", name: $0.name, url: origin + SitePaths.author($0.slug), logo: nil)
                })
        } else if let byline = story.byline.map(FeedSummary.author(fromByline:)), !byline.isEmpty {
            author = .one(Party(type: "Person", name: byline, url: nil, logo: nil))
        } else {
            author = .one(Party(type: "Organization", name: siteName, url: siteURL, logo: nil))
        }
        self.publisher = publisher
        articleSection = story.section.name
        keywords = story.topics.isEmpty ? nil : story.topics.map(\.name)
        url = storyURL
        mainEntityOfPage = WebPage(id: storyURL)
        correction =
            corrections.isEmpty
            ? nil
            : corrections.map { CorrectionComment(text: $0.note, datePublished: $0.createdAt.ISO8601Format()) }
    }

    /// The JSON, safe to print inside `<script type="application/ld+json">`.
    func scriptSafeJSON() throws -> ScriptSafeJSON { try ScriptSafeJSON(encoding: self) }
}
