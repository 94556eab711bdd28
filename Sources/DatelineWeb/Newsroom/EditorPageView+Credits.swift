import DatelineCore
import DatelineStore
import Foundation

extension EditorPageView {
    /// One "Author n" choice: a select listing every profile, the credited one selected.
    struct AuthorSlot: Sendable {
        let id: String
        let name: String
        let label: String
        let options: [AuthorOption]
    }

    struct AuthorOption: Sendable {
        let value: String
        let name: String
        let isSelected: Bool
    }

    /// The search and share fields and the card they make.
    struct Sharing: Sendable {
        let title: FieldView
        let description: FieldView
        let card: ShareCard
    }

    /// How a link to the story looks when shared: what the page's Open Graph and Twitter tags
    /// say, drawn from the same fallbacks as the reader page.
    struct ShareCard: Sendable {
        let siteName: String
        let host: String
        let title: String
        let description: String?
        let usesHeadline: Bool
        /// The lead image, as the reader page's `og:image` names it; nil without one.
        let image: SocialMetaView.Image?
    }

    /// Adds the author choices (in credit order, with a few empty ones to add more) and the SEO
    /// fields with their share-card preview.
    mutating func addCredits(
        form: StoryForm, authors: [AuthorProfile], problems: [StoryValidationError.Problem],
        leadImage: MediaItem? = nil,
        siteName: String, host: String
    ) {
        var messages: [String: String] = [:]
        for problem in problems {
            messages[problem.field] =
                messages[problem.field].map { "\($0) \(problem.message)." }
                ?? problem.message.prefix(1).uppercased() + problem.message.dropFirst() + "."
        }
        let slots = min(AuthorLimits.perStory, max(3, form.authorIDs.count + 2))
        authorSlots = (1...slots).map { number in
            let chosen = number <= form.authorIDs.count ? form.authorIDs[number - 1] : nil
            let options =
                [AuthorOption(value: "", name: "No author", isSelected: chosen == nil)]
                + authors.map {
                    AuthorOption(
                        value: String($0.author.id), name: $0.author.name, isSelected: $0.author.id == chosen)
                }
            return AuthorSlot(
                id: "author-\(number)", name: "author_\(number)",
                label: number == 1 ? "Author 1 (lead)" : "Author \(number)", options: options)
        }
        hasAuthorProfiles = !authors.isEmpty
        authorsError = messages["authors"]
        let draft = form.draft()
        let cleanTitle = MarkdownText.plain(form.seoTitle).collapsingWhitespace()
        let cleanDescription = MarkdownText.plain(form.seoDescription).collapsingWhitespace()
        let highlights = draft.highlights.map { MarkdownText.plain($0).collapsingWhitespace() }.filter { !$0.isEmpty }
        let fallback =
            highlights.isEmpty
            ? nil
            : highlights.map { $0.hasSuffix(".") || $0.hasSuffix("!") || $0.hasSuffix("?") ? $0 : $0 + "." }
                .joined(separator: " ")
        sharing = Sharing(
            title: FieldView(
                name: "seo_title", label: "SEO title", value: form.seoTitle, error: messages["seoTitle"],
                hint: "Shown in search results and share cards instead of the headline; "
                    + "up to \(SEOLimits.titleLength) characters, about 60 show. Leave empty to use the headline.",
                id: "seo-title"),
            description: FieldView(
                name: "seo_description", label: "SEO description", value: form.seoDescription,
                error: messages["seoDescription"],
                hint: "Plain text, up to \(SEOLimits.descriptionLength) characters (about 160 show). "
                    + "Leave empty to use the highlights.", id: "seo-description"),
            card: ShareCard(
                siteName: siteName, host: host,
                title: cleanTitle.isEmpty ? form.headline.collapsingWhitespace() : cleanTitle,
                description: cleanDescription.isEmpty ? fallback : cleanDescription,
                usesHeadline: cleanTitle.isEmpty,
                image: leadImage.map { SocialMetaView.Image(item: $0, origin: "") }))
    }
}
