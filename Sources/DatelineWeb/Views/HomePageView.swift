import Mustache

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

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension HomePageView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "chrome": return chrome
        case "blocks": return blocks
        case "hasStories": return hasStories
        default: return nil
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension HomePageView.SectionBlockView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": return name
        case "url": return url
        case "headingID": return headingID
        case "lead": return lead
        case "headlines": return headlines
        case "hasHeadlines": return hasHeadlines
        default: return nil
        }
    }
}
