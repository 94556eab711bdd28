import DatelineCore
import DatelineMarkup

/// One author in a byline: the name linked to the author page, and what follows it
/// (", ", " and ", or nothing after the last), so "By A, B and C" reads as prose.
struct CreditView: Sendable {
    let name: String
    let url: String
    let separator: String

    /// The links for `authors` in credit order.
    static func links(for authors: [Author]) -> [CreditView] {
        authors.enumerated().map { index, author in
            let remaining = authors.count - index - 1
            return CreditView(
                name: author.name, url: SitePaths.author(author.slug),
                separator: remaining == 0 ? "" : remaining == 1 ? " and " : ", ")
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension CreditView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "name": return name.templateValue
        case "url": return url.templateValue
        case "separator": return separator.templateValue
        default: return .missing
        }
    }
}
