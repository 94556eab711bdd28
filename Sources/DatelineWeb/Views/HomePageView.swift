/// The front page: the latest stories, one block per section, freshest section first.
struct HomePageView: PageView {
    static let template = PageTemplate.home

    let chrome: PageChrome
    let blocks: [SectionBlockView]
    let hasStories: Bool

    /// One section's block: a lead story with its highlights, then headlines.
    struct SectionBlockView: Sendable {
        let name: String
        let url: String
        /// A fragment-safe id for `aria-labelledby`.
        let headingID: String
        let lead: StorySummaryView
        let headlines: [StorySummaryView]
        let hasHeadlines: Bool
    }
}
