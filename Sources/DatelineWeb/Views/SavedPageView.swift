import DatelineMarkup

/// The reader's saved stories, most recently saved first, each with a Remove button.
struct SavedPageView: PageView {
    static let template = PageTemplate.saved

    let chrome: PageChrome
    let stories: [StorySummaryView]
    let hasStories: Bool
    /// Said when saved stories have since been taken down, so the reader knows why the list shrank.
    let unavailableNotice: String?

    init(chrome: PageChrome, stories: [StorySummaryView], unavailableCount: Int) {
        self.chrome = chrome
        self.stories = stories
        hasStories = !stories.isEmpty
        switch unavailableCount {
        case ...0: unavailableNotice = nil
        case 1: unavailableNotice = "One saved story is no longer available, so it is not shown."
        default: unavailableNotice = "\(unavailableCount) saved stories are no longer available, so they are not shown."
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SavedPageView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "chrome": return chrome.templateValue
        case "stories": return stories.templateValue
        case "hasStories": return hasStories.templateValue
        case "unavailableNotice": return unavailableNotice.templateValue
        default: return .missing
        }
    }
}
