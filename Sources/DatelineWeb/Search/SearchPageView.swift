import DatelineMarkup

/// The search page: the form with its filters, then the results with marked snippets, or a
/// message saying why there are none.
struct SearchPageView: PageView {
    static let template = PageTemplate.search

    let chrome: PageChrome
    /// The reader's text, as typed (cut to a sane length).
    let text: String
    /// Section choices for the filter, "All sections" first.
    let sections: [OptionView]
    /// The date filters as typed into the form (YYYY-MM-DD).
    let from: String
    let to: String
    /// "3 stories match" style line; nil when no search ran.
    let countText: String?
    let hits: [SearchHitView]
    let hasHits: Bool
    /// Why there is nothing to show, or what was changed about the search; shown above results.
    let messages: [String]
    let hasMessages: Bool
    let pagination: SearchPaginationView
    /// "Did you mean …?": the corrected search and its address, when a word was not recognised.
    let correction: SearchCorrectionView?

    /// One `<option>` of the section filter.
    struct OptionView: Sendable {
        let value: String
        let text: String
        let isSelected: Bool
    }
}

/// One result: headline and snippet as runs of text, matched runs shown as `<mark>`.
struct SearchHitView: Sendable {
    let url: String
    let headline: [MarkedRunView]
    let snippet: [MarkedRunView]
    let hasSnippet: Bool
    let sectionName: String
    let sectionURL: String
    let published: TimeView
    /// A small picture of the story's lead image; nil when it has none.
    let thumbnail: PictureView?
}

/// A run of plain text; the template escapes it and wraps matched runs in `<mark>`.
struct MarkedRunView: Sendable {
    let text: String
    let isMatch: Bool
}

/// "Previous" / "Next" links that keep the search and its filters.
struct SearchPaginationView: Sendable {
    let page: Int
    let pageCount: Int
    let previousURL: String?
    let nextURL: String?
    let isShown: Bool
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SearchPageView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "chrome": return chrome.templateValue
        case "text": return text.templateValue
        case "sections": return sections.templateValue
        case "from": return from.templateValue
        case "to": return to.templateValue
        case "countText": return countText.templateValue
        case "hits": return hits.templateValue
        case "hasHits": return hasHits.templateValue
        case "messages": return messages.templateValue
        case "hasMessages": return hasMessages.templateValue
        case "pagination": return pagination.templateValue
        case "correction": return correction.templateValue
        default: return .missing
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SearchPageView.OptionView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "value": return value.templateValue
        case "text": return text.templateValue
        case "isSelected": return isSelected.templateValue
        default: return .missing
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SearchHitView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "url": return url.templateValue
        case "headline": return headline.templateValue
        case "snippet": return snippet.templateValue
        case "hasSnippet": return hasSnippet.templateValue
        case "thumbnail": return thumbnail.templateValue
        case "sectionName": return sectionName.templateValue
        case "sectionURL": return sectionURL.templateValue
        case "published": return published.templateValue
        default: return .missing
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension MarkedRunView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "text": return text.templateValue
        case "isMatch": return isMatch.templateValue
        default: return .missing
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SearchPaginationView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "page": return page.templateValue
        case "pageCount": return pageCount.templateValue
        case "previousURL": return previousURL.templateValue
        case "nextURL": return nextURL.templateValue
        case "isShown": return isShown.templateValue
        default: return .missing
        }
    }
}

/// A corrected search: "Did you mean Lisbon?", or, when the typed words found nothing and the
/// corrected ones did, "Showing stories for Lisbon" with the corrected results on the page.
struct SearchCorrectionView: Sendable {
    /// The search as the reader typed it.
    let typed: String
    /// The corrected search.
    let text: String
    let url: String
    /// The page shows the corrected search's results instead of the typed one's (none).
    let isShowingIt: Bool
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SearchCorrectionView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "typed": return typed.templateValue
        case "text": return text.templateValue
        case "url": return url.templateValue
        case "isShowingIt": return isShowingIt.templateValue
        default: return .missing
        }
    }
}
