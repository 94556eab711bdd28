import DatelineCore
import DatelineMarkup
import DatelineStore
import Foundation

/// A list's archive (`/newsletters/{list}`) and an issue's web version
/// (`/newsletters/{list}/{number}`): what was sent, as it was sent, readable without images.
struct NewsletterIssuePageView: PageView {
    static let template = PageTemplate.newsletterIssue

    struct IssueLink: Sendable {
        let path: String
        let subject: String
        let storyCount: String
    }

    struct StoryView: Sendable {
        let storyID: String
        let headline: String
        let path: String
        let sectionName: String?
        let highlights: [String]
        let hasHighlights: Bool
        let imagePath: String?
        let imageAlt: String
        let imageWidth: String?
        let imageHeight: String?
    }

    let chrome: PageChrome
    let isArchive: Bool
    let isIssue: Bool
    let listName: String
    let listSlug: String
    let description: String?
    let archivePath: String
    let issues: [IssueLink]
    let hasIssues: Bool
    let number: String
    let subject: String
    let hasNote: Bool
    let noteParagraphs: [String]
    let stories: [StoryView]

    /// The archive of `list`.
    init(archive list: Newsletter, issues: [NewsletterIssue], chrome: PageChrome) {
        self.chrome = chrome
        isArchive = true
        isIssue = false
        listName = list.name
        listSlug = list.slug.rawValue
        description = list.description.isEmpty ? nil : list.description
        archivePath = SitePaths.newsletterArchive(list.slug)
        self.issues = issues.map {
            IssueLink(
                path: SitePaths.newsletterIssue(list.slug, number: $0.number), subject: $0.subject,
                storyCount: $0.stories.count == 1 ? "1 story" : "\($0.stories.count) stories")
        }
        hasIssues = !issues.isEmpty
        number = ""
        subject = ""
        hasNote = false
        noteParagraphs = []
        stories = []
    }

    /// The web version of `issue`.
    init(issue: NewsletterIssue, of list: Newsletter, chrome: PageChrome) {
        self.chrome = chrome
        isArchive = false
        isIssue = true
        listName = list.name
        listSlug = list.slug.rawValue
        description = nil
        archivePath = SitePaths.newsletterArchive(list.slug)
        issues = []
        hasIssues = false
        number = String(issue.number)
        subject = issue.subject
        noteParagraphs = issue.editorNote.components(separatedBy: "\n").filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        hasNote = !noteParagraphs.isEmpty
        stories = issue.stories.map {
            StoryView(
                storyID: String($0.storyID), headline: $0.headline, path: $0.path,
                sectionName: $0.sectionName.isEmpty ? nil : $0.sectionName, highlights: $0.highlights,
                hasHighlights: !$0.highlights.isEmpty, imagePath: $0.imagePath, imageAlt: $0.imageAlt ?? "",
                imageWidth: $0.imageWidth.map(String.init), imageHeight: $0.imageHeight.map(String.init))
        }
    }
}
