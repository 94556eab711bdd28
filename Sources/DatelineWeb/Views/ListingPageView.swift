/// A section page or an "All About" topic page: a heading and a page of stories, newest first.
struct ListingPageView: PageView {
    static let template = PageTemplate.listing

    let chrome: PageChrome
    /// "World" or "All About Kosovo".
    let heading: String
    /// A line under the heading ("Every story about Kosovo, newest first").
    let summary: String
    let stories: [StorySummaryView]
    let hasStories: Bool
    /// Show each story's section (on topic pages, which cross sections).
    let showsSection: Bool
    let pagination: PaginationView
}
