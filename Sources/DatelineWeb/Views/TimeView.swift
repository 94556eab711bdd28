import DatelineMarkup
import Foundation

/// A moment as a page prints it: words for readers, ISO 8601 for `<time datetime>`.
struct TimeView: Sendable {
    /// "5:32 p.m. GMT, Fri February 15, 2008".
    let text: String
    /// "2008-02-15T17:32:00Z".
    let iso: String

    init(_ date: Date, clock: StoryClock) {
        text = clock.fullText(date)
        iso = clock.iso(date)
    }

    /// A date-only form for lists.
    init(dateOnly date: Date, clock: StoryClock) {
        text = clock.dateText(date)
        iso = clock.iso(date)
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension TimeView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "text": return text.templateValue
        case "iso": return iso.templateValue
        default: return .missing
        }
    }
}
