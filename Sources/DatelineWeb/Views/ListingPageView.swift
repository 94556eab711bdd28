import DatelineMarkup

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

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension ListingPageView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "chrome": return chrome.templateValue
        case "heading": return heading.templateValue
        case "summary": return summary.templateValue
        case "stories": return stories.templateValue
        case "hasStories": return hasStories.templateValue
        case "showsSection": return showsSection.templateValue
        case "pagination": return pagination.templateValue
        default: return .missing
        }
    }
}
