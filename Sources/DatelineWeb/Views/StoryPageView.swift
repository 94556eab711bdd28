import DatelineCore
import DatelineMarkup
import Foundation

/// Everything the story page shows, in the order a reader meets it on the seed page: headline,
/// Story Highlights with "Next Article in <Section> »", font controls, dateline and body with
/// "Don't Miss" set into it, "All About" topics, and the Save and Print tools.
struct StoryPageView: PageView {
    static let template = PageTemplate.story

    /// After this many paragraphs the "Don't Miss" box is set into the body, as the seed page did.
    static let dontMissAfterParagraph = 4

    /// How wide the lead image shows: the story header's 52rem on wide screens, else the page's width.
    static let leadImageSizes = "(min-width: 54rem) 52rem, calc(100vw - 2rem)"

    let chrome: PageChrome
    let slug: String
    let headline: String
    /// The lead image under the headline, with its caption and credit; nil when the story has none.
    let leadImage: PictureView?
    let sectionName: String
    let sectionURL: String
    let byline: String?
    /// The credited authors, each linked to their page; empty for a free-text byline.
    let authors: [CreditView]
    let hasAuthors: Bool
    /// When the story went live; nil on a preview of a story that is not live, which must not
    /// claim a publication time.
    let published: TimeView?
    /// The newsroom's preview banner ("Preview: not published (draft)"); nil on reader pages.
    let previewNotice: String?
    /// Set when the story changed noticeably after publication.
    let updated: TimeView?
    let highlights: [String]
    let hasHighlights: Bool
    let nextArticle: NextArticleView?
    /// "KUALA LUMPUR, Malaysia (AP) --", printed in bold before the first paragraph.
    let dateline: String?
    /// The first block's inline HTML when it is a plain paragraph, which then carries the dateline.
    let leadParagraph: SanitizedHTML?
    /// The first block's HTML when it is not a plain paragraph (a list, a heading).
    let leadBlock: SanitizedHTML?
    /// The blocks before and after the "Don't Miss" box, as sanitised HTML (see ``MarkdownBody``).
    let paragraphsBeforeDontMiss: [SanitizedHTML]
    let paragraphsAfterDontMiss: [SanitizedHTML]
    /// Dated correction notes, oldest first.
    let corrections: [CorrectionView]
    let hasCorrections: Bool
    let dontMiss: [LinkView]
    let hasDontMiss: Bool
    let topics: [LinkView]
    let hasTopics: Bool
    /// True when the reader has saved this story, so the tool offers "Remove" instead of "Save".
    let isSaved: Bool
    let printURL: String
    /// The "E-mail to a friend" form; nil when the site has no mail server, which hides the tool.
    let emailURL: String?
    /// Font controls: whether each direction can still move.
    let canDecreaseFont: Bool
    let canEnlargeFont: Bool

    /// A correction as the story page prints it.
    struct CorrectionView: Sendable {
        let note: String
        let time: TimeView
    }

    /// The "Next Article in World »" link.
    struct NextArticleView: Sendable {
        let url: String
        let sectionName: String
        let headline: String
    }

    init(
        story: Story, next: Story?, related: [Story], chrome: PageChrome, session: ReaderSession, clock: StoryClock,
        corrections: [Correction] = [], canEmail: Bool = false, isPreview: Bool = false, images: StoryImageSet = .empty,
        bodyBlocks: [SanitizedHTML]? = nil
    ) {
        self.chrome = chrome
        slug = story.slug.rawValue
        headline = story.headline
        leadImage = images.lead(of: story).map { PictureView(item: $0, sizes: Self.leadImageSizes) }
        sectionName = story.section.name
        sectionURL = SitePaths.section(story.section.slug)
        byline = story.byline
        authors = CreditView.links(for: story.authors)
        hasAuthors = !story.authors.isEmpty
        let publishedAt = story.publishedAt ?? story.createdAt
        let isLive = story.status.isPublic
        published = isPreview && !isLive ? nil : TimeView(publishedAt, clock: clock)
        if isPreview && !isLive {
            let when =
                story.status == .scheduled ? story.publishedAt.map { " for " + TimeView($0, clock: clock).text } : nil
            previewNotice = "Preview: not published (\(story.status.rawValue)\(when ?? ""))."
        } else {
            previewNotice = isPreview ? "Preview: this story is live; readers see the saved version." : nil
        }
        // Storing a story stamps updatedAt too, so only an edit after storing (and after going
        // live) counts as an update; an archive import from 2008 must not read "Updated today".
        let editedAfterStoring = story.updatedAt.timeIntervalSince(story.createdAt) > 60
        let editedAfterPublishing = story.updatedAt.timeIntervalSince(publishedAt) > 5 * 60
        updated = editedAfterStoring && editedAfterPublishing ? TimeView(story.updatedAt, clock: clock) : nil
        highlights = story.highlights
        hasHighlights = !story.highlights.isEmpty
        nextArticle = next.map {
            NextArticleView(url: SitePaths.story($0.slug), sectionName: story.section.name, headline: $0.headline)
        }
        dateline = story.dateline.isEmpty ? nil : story.dateline.printed
        // The reader's story page passes the blocks its model keeps; the newsroom preview renders them.
        let blocks = bodyBlocks ?? MarkdownBody.html(story.body, images: images)
        leadParagraph = blocks.first.flatMap(MarkdownBody.paragraphContent)
        leadBlock = leadParagraph == nil ? blocks.first : nil
        let rest = Array(blocks.dropFirst())
        let split = min(max(Self.dontMissAfterParagraph - 1, 0), rest.count)
        paragraphsBeforeDontMiss = Array(rest[..<split])
        paragraphsAfterDontMiss = Array(rest[split...])
        dontMiss = related.map { LinkView(text: $0.headline, url: SitePaths.story($0.slug)) }
        hasDontMiss = !related.isEmpty
        self.corrections = corrections.map { CorrectionView(note: $0.note, time: TimeView($0.createdAt, clock: clock)) }
        hasCorrections = !corrections.isEmpty
        topics = story.topics.map { LinkView(text: $0.name, url: SitePaths.topic($0.slug)) }
        hasTopics = !story.topics.isEmpty
        isSaved = session.saved.contains(story.slug)
        printURL = SitePaths.printView(story.slug)
        emailURL = canEmail ? SitePaths.emailStory(story.slug) : nil
        canDecreaseFont = session.fontStep.canDecrease
        canEnlargeFont = session.fontStep.canEnlarge
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension StoryPageView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "chrome": return chrome.templateValue
        case "slug": return slug.templateValue
        case "headline": return headline.templateValue
        case "leadImage": return leadImage.templateValue
        case "sectionName": return sectionName.templateValue
        case "sectionURL": return sectionURL.templateValue
        case "byline": return byline.templateValue
        case "authors": return authors.templateValue
        case "hasAuthors": return hasAuthors.templateValue
        case "published": return published.templateValue
        case "previewNotice": return previewNotice.templateValue
        case "updated": return updated.templateValue
        case "highlights": return highlights.templateValue
        case "hasHighlights": return hasHighlights.templateValue
        case "nextArticle": return nextArticle.templateValue
        case "dateline": return dateline.templateValue
        case "leadParagraph": return leadParagraph.templateValue
        case "leadBlock": return leadBlock.templateValue
        case "paragraphsBeforeDontMiss": return paragraphsBeforeDontMiss.templateValue
        case "paragraphsAfterDontMiss": return paragraphsAfterDontMiss.templateValue
        case "corrections": return corrections.templateValue
        case "hasCorrections": return hasCorrections.templateValue
        case "dontMiss": return dontMiss.templateValue
        case "hasDontMiss": return hasDontMiss.templateValue
        case "topics": return topics.templateValue
        case "hasTopics": return hasTopics.templateValue
        case "isSaved": return isSaved.templateValue
        case "printURL": return printURL.templateValue
        case "emailURL": return emailURL.templateValue
        case "canDecreaseFont": return canDecreaseFont.templateValue
        case "canEnlargeFont": return canEnlargeFont.templateValue
        default: return .missing
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension StoryPageView.CorrectionView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "note": return note.templateValue
        case "time": return time.templateValue
        default: return .missing
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension StoryPageView.NextArticleView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "url": return url.templateValue
        case "sectionName": return sectionName.templateValue
        case "headline": return headline.templateValue
        default: return .missing
        }
    }
}
