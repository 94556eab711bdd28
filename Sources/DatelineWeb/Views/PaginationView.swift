import DatelineMarkup

/// "Newer stories" / "Older stories" links for a listing, with its position.
struct PaginationView: Sendable {
    /// Page numbers, from 1.
    let page: Int
    let pageCount: Int
    /// Links to the neighbouring pages, when they exist.
    let newerURL: String?
    let olderURL: String?
    /// True when there is more than one page, so the navigation is shown.
    let isShown: Bool

    /// Builds the links for `page` of a listing at `basePath` holding `total` stories.
    init(page: Int, pageSize: Int, total: Int, basePath: String) {
        let count = max(1, (total + pageSize - 1) / pageSize)
        self.page = page
        pageCount = count
        newerURL = page > 1 ? (page == 2 ? basePath : "\(basePath)?page=\(page - 1)") : nil
        olderURL = page < count ? "\(basePath)?page=\(page + 1)" : nil
        isShown = count > 1
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension PaginationView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "page": return page.templateValue
        case "pageCount": return pageCount.templateValue
        case "newerURL": return newerURL.templateValue
        case "olderURL": return olderURL.templateValue
        case "isShown": return isShown.templateValue
        default: return .missing
        }
    }
}
