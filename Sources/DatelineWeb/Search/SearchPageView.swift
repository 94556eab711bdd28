import Mustache

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
extension SearchPageView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "chrome": return chrome
        case "text": return text
        case "sections": return sections
        case "from": return from
        case "to": return to
        case "countText": return countText
        case "hits": return hits
        case "hasHits": return hasHits
        case "messages": return messages
        case "hasMessages": return hasMessages
        case "pagination": return pagination
        case "correction": return correction
        default: return nil
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SearchPageView.OptionView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "value": return value
        case "text": return text
        case "isSelected": return isSelected
        default: return nil
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SearchHitView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "url": return url
        case "headline": return headline
        case "snippet": return snippet
        case "hasSnippet": return hasSnippet
        case "thumbnail": return thumbnail
        case "sectionName": return sectionName
        case "sectionURL": return sectionURL
        case "published": return published
        default: return nil
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension MarkedRunView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "text": return text
        case "isMatch": return isMatch
        default: return nil
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SearchPaginationView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "page": return page
        case "pageCount": return pageCount
        case "previousURL": return previousURL
        case "nextURL": return nextURL
        case "isShown": return isShown
        default: return nil
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
extension SearchCorrectionView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "typed": return typed
        case "text": return text
        case "url": return url
        case "isShowingIt": return isShowingIt
        default: return nil
        }
    }
}
