import DatelineCore
import DatelineStore
import Foundation

/// The newsroom's story list with its filters (status, section, author, text).
struct StoryListPageView: NewsroomView {
    static let template = NewsroomTemplate.stories

    /// One row of the list.
    struct Row: Sendable {
        let editURL: String
        let headline: String
        let status: String
        let sectionName: String
        let ownerName: String
        let updated: TimeView
        let publishedAt: TimeView?
    }

    /// One choice in a filter's `<select>`.
    struct Choice: Sendable {
        let value: String
        let label: String
        let isSelected: Bool
    }

    /// The story just moved to the trash, with an "Undo" for editors.
    struct Trashed: Sendable {
        let headline: String
        let canRestore: Bool
        let restoreURL: String
    }

    let header: NewsroomHeader
    var trashed: Trashed?
    let rows: [Row]
    let hasRows: Bool
    let statuses: [Choice]
    let sections: [Choice]
    let authors: [Choice]
    let showsAuthorFilter: Bool
    let text: String

    init(
        header: NewsroomHeader, entries: [NewsroomStoryEntry], clock: StoryClock, status: StoryStatus?, section: Slug?,
        author: Int64?, text: String, users: [User], sections: [Section], showsAuthorFilter: Bool
    ) {
        self.header = header
        rows = entries.map { entry in
            Row(
                editURL: NewsroomPaths.story(entry.story.id), headline: entry.story.headline,
                status: entry.story.status.rawValue, sectionName: entry.story.section.name,
                ownerName: entry.ownerName ?? "—", updated: TimeView(entry.story.updatedAt, clock: clock),
                publishedAt: entry.story.publishedAt.map { TimeView($0, clock: clock) })
        }
        hasRows = !entries.isEmpty
        statuses =
            [Choice(value: "", label: "Any status", isSelected: status == nil)]
            + StoryStatus.allCases.map {
                Choice(value: $0.rawValue, label: $0.rawValue.capitalized, isSelected: $0 == status)
            }
        self.sections =
            [Choice(value: "", label: "Any section", isSelected: section == nil)]
            + sections.map { Choice(value: $0.slug.rawValue, label: $0.name, isSelected: $0.slug == section) }
        authors =
            [Choice(value: "", label: "Anyone", isSelected: author == nil)]
            + users.map { Choice(value: String($0.id), label: $0.name, isSelected: $0.id == author) }
        self.showsAuthorFilter = showsAuthorFilter
        self.text = text
    }
}
