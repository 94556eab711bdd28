import DatelineMarkup

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
extension HomePageView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "chrome": return chrome.templateValue
        case "blocks": return blocks.templateValue
        case "hasStories": return hasStories.templateValue
        default: return .missing
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension HomePageView.SectionBlockView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "name": return name.templateValue
        case "url": return url.templateValue
        case "headingID": return headingID.templateValue
        case "lead": return lead.templateValue
        case "headlines": return headlines.templateValue
        case "hasHeadlines": return hasHeadlines.templateValue
        default: return .missing
        }
    }
}
