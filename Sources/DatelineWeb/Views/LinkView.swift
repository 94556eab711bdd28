import DatelineMarkup

/// A link as templates print it: text and a site path.
struct LinkView: Sendable {
    /// The link text.
    let text: String
    /// The path it points to ("/topic/kosovo").
    let url: String
    /// True for the link to the page being shown, marked `aria-current="page"`.
    let isCurrent: Bool

    init(text: String, url: String, isCurrent: Bool = false) {
        self.text = text
        self.url = url
        self.isCurrent = isCurrent
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension LinkView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "text": return text.templateValue
        case "url": return url.templateValue
        case "isCurrent": return isCurrent.templateValue
        default: return .missing
        }
    }
}
