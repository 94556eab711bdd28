import DatelineMarkup

/// A page for a refused request: what went wrong in plain words and a way back, nothing internal.
struct ErrorPageView: PageView {
    static let template = PageTemplate.error

    let chrome: PageChrome
    /// The status code, shown small for people who report problems.
    let status: Int
    /// "Page not found", "Form expired", …
    let heading: String
    /// What happened and what to do.
    let message: String
    /// True for the expired-form page, which offers to go back and reload.
    let suggestsReload: Bool
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension ErrorPageView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "chrome": return chrome.templateValue
        case "status": return status.templateValue
        case "heading": return heading.templateValue
        case "message": return message.templateValue
        case "suggestsReload": return suggestsReload.templateValue
        default: return .missing
        }
    }
}
