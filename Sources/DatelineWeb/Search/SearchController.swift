import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// The search page (`/search?q=…&section=…&from=…&to=…&page=…`): full-text search over
/// published stories. Every input gives a page: odd text is read as words (see
/// ``SearchExpression``) and bad filters are dropped with a note, never a failure.
struct SearchController: Sendable {
    /// Results per page.
    static let resultsPerPage = 10

    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get(RouterPath(stringLiteral: SitePaths.search), use: search)
        router.refuseWrites(at: RouterPath(stringLiteral: SitePaths.search))
        router.get(RouterPath(stringLiteral: SitePaths.searchSuggestions), use: suggestions)
        router.refuseWrites(at: RouterPath(stringLiteral: SitePaths.searchSuggestions))
    }

    /// The reader's request, read leniently: a repeated field counts once, a bad one is dropped.
    private struct Asked: Sendable {
        var text = ""
        var sectionValue = ""
        var fromValue = ""
        var toValue = ""
        var page = 1
        var section: Section?
        var since: Date?
        var before: Date?
        var notes: [String] = []
    }

    /// What a search page shows from the store, kept per search in ``ReaderSite/searches``.
    struct Found: Sendable {
        var results = SearchResults.none
        /// The nearest words the site uses, when a typed word is not one of them.
        var corrected: String?
        /// True when the typed words found nothing and ``results`` are the corrected words'.
        var isShowingCorrection = false
        var images = StoryImageSet()
    }

    @Sendable func search(request: Request, context: ReaderRequestContext) async throws -> Response {
        let sections = try await site.sections()
        let asked = read(context.query, sections: sections)
        let expression = SearchExpression(parsing: asked.text)
        let query = SearchQuery(
            expression: expression, section: asked.section?.slug, publishedSince: asked.since,
            publishedBefore: asked.before, limit: Self.resultsPerPage, offset: (asked.page - 1) * Self.resultsPerPage)
        let found: Found
        if let searches = site.searches, !expression.isEmpty {
            // The search as read (text, filters and page), not as typed: spellings of one search share it.
            let key = [
                asked.text, asked.section?.slug.rawValue ?? "", asked.since.map { "\($0.timeIntervalSince1970)" } ?? "",
                asked.before.map { "\($0.timeIntervalSince1970)" } ?? "", String(asked.page),
            ].joined(separator: "\u{1F}")
            found = try await searches.value(key) { try await find(query, text: asked.text) }
        } else {
            found = try await find(query, text: asked.text)
        }
        let results = found.results
        var correction: SearchCorrectionView?
        if let corrected = found.corrected {
            var correctedAsked = asked
            correctedAsked.text = corrected
            correctedAsked.page = 1
            correction = SearchCorrectionView(
                typed: asked.text, text: corrected, url: searchURL(correctedAsked, page: 1),
                isShowingIt: found.isShowingCorrection)
        }

        var builder = await site.tagBuilder(page: "search", session: context.session)
        for part in [asked.text, asked.sectionValue, asked.fromValue, asked.toValue, String(asked.page)] {
            builder.add(part)
        }
        for section in sections { builder.add(section.name) }
        builder.add(correction?.text ?? "")
        builder.add(String(results.total) + (results.isEstimate ? "~" : ""))
        for hit in results.hits { builder.add(hit.story) }
        let images = found.images
        images.add(to: &builder)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag) }

        var chrome = await site.chrome(
            title: asked.text.isEmpty ? "Search" : "Search: \(asked.text.prefix(80))",
            description: "Search every story on \(site.configuration.siteName).", canonicalPath: SitePaths.search,
            sections: sections, currentPath: nil, request: request, session: context.session)
        chrome.robots = "noindex, follow"
        chrome.searchText = asked.text

        // Beyond the ranked window there are no pages: narrowing the search is the way on.
        let pageCount = max(1, (results.reachable + Self.resultsPerPage - 1) / Self.resultsPerPage)
        let messages =
            correction?.isShowingIt == true
            ? asked.notes : messages(asked, expression: expression, results: results, pageCount: pageCount)
        let view = SearchPageView(
            chrome: chrome, text: asked.text,
            sections: [SearchPageView.OptionView(value: "", text: "All sections", isSelected: asked.section == nil)]
                + sections.map {
                    SearchPageView.OptionView(
                        value: $0.slug.rawValue, text: $0.name, isSelected: $0.slug == asked.section?.slug)
                },
            from: asked.fromValue, to: asked.toValue,
            countText: expression.isEmpty || results.total == 0 ? nil : Self.countText(results),
            hits: results.hits.map { hitView($0, images: images) }, hasHits: !results.hits.isEmpty,
            messages: messages, hasMessages: !messages.isEmpty,
            pagination: correction?.isShowingIt == true
                ? SearchPaginationView(page: 1, pageCount: 1, previousURL: nil, nextURL: nil, isShown: false)
                : pagination(asked, total: results.total, pageCount: pageCount),
            correction: correction)
        return try site.respond(with: view, tag: tag)
    }

    /// Runs a search: the results, the nearest words the site uses when a typed word is not one of
    /// them, and when the typed words found nothing, what the corrected ones find.
    private func find(_ query: SearchQuery, text: String) async throws -> Found {
        guard !query.expression.isEmpty else { return Found() }
        var found = Found(results: try await site.store.search(query))
        if let corrected = try await site.vocabulary.vocabulary(from: site.store).suggestion(for: text) {
            found.corrected = corrected
            if found.results.total == 0 {
                var correctedQuery = query
                correctedQuery.expression = SearchExpression(parsing: corrected)
                correctedQuery.offset = 0
                let results = try await site.store.search(correctedQuery)
                if results.total > 0 {
                    found.results = results
                    found.isShowingCorrection = true
                }
            }
        }
        found.images = try await site.images(for: found.results.hits.map(\.story))
        return found
    }

    /// Words that complete the last word typed (`/search/suggestions?q=…`), most used first, as
    /// JSON for the search box's list; the search form works without it.
    @Sendable func suggestions(request: Request, context: ReaderRequestContext) async throws -> Response {
        let text = String((context.query.pairs.first { $0.name == "q" }?.value ?? "").prefix(100))
        let last = SearchVocabulary.words(in: text).last.map(String.init) ?? ""
        let endsInWord = text.last.map { $0.isLetter || $0.isNumber } ?? false
        let words =
            endsInWord
            ? try await site.vocabulary.vocabulary(from: site.store).completions(for: last, limit: 8) : []
        let head = endsInWord ? String(text.dropLast(last.count)) : text
        let body = try JSONSerialization.data(
            withJSONObject: ["q": text, "suggestions": words.map { head + $0 }], options: [.sortedKeys])
        var response = Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        response.headers[.cacheControl] = "public, max-age=60"
        return response
    }

    /// "1 story matches", "12 stories match".
    /// "1 story matches.", "12 stories match.", or past the ranked window "About 48,000 stories
    /// match; the best of the newest 1,000 are shown. …"
    static func countText(_ results: SearchResults) -> String {
        guard results.isEstimate else {
            return results.total == 1 ? "1 story matches." : "\(grouped(results.total)) stories match."
        }
        return "About \(grouped(results.total)) stories match; the best of the newest "
            + "\(grouped(results.reachable)) are shown. Add a word or choose a section to narrow the search."
    }

    private static func grouped(_ number: Int) -> String {
        number.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }

    private func read(_ fields: FormFields, sections: [Section]) -> Asked {
        func first(_ name: String) -> String {
            fields.pairs.first { $0.name == name }?.value ?? ""
        }
        var asked = Asked()
        let text = first("q").collapsingWhitespace()
        asked.text = String(text.prefix(SearchExpression.maximumTextLength))
        asked.sectionValue = String(first("section").prefix(100))
        asked.fromValue = String(first("from").prefix(10))
        asked.toValue = String(first("to").prefix(10))
        if let page = Int(first("page").prefix(6)), (1...PageNumber.maximum).contains(page) { asked.page = page }
        if !asked.sectionValue.isEmpty {
            asked.section = sections.first { $0.slug.rawValue == asked.sectionValue }
            if asked.section == nil {
                asked.notes.append("There is no such section, so every section was searched.")
                asked.sectionValue = ""
            }
        }
        if !asked.fromValue.isEmpty {
            asked.since = day(asked.fromValue)
            if asked.since == nil {
                asked.notes.append("The start date was not a date (use YYYY-MM-DD), so it was left out.")
                asked.fromValue = ""
            }
        }
        if !asked.toValue.isEmpty {
            asked.before = day(asked.toValue).map { $0.addingTimeInterval(24 * 60 * 60) }
            if asked.before == nil {
                asked.notes.append("The end date was not a date (use YYYY-MM-DD), so it was left out.")
                asked.toValue = ""
            }
        }
        return asked
    }

    /// Midnight at the start of a "YYYY-MM-DD" day in the site's time zone; nil for anything else.
    private func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1000...9999).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = site.clock.timeZone
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else {
            return nil
        }
        return date
    }

    private func messages(
        _ asked: Asked, expression: SearchExpression, results: SearchResults, pageCount: Int
    ) -> [String] {
        var messages = asked.notes
        if asked.text.isEmpty {
            messages.append("Type a word, a name or a \"quoted phrase\" to search every story.")
            return messages
        }
        if expression.isEmpty {
            messages.append(
                expression.excluded.isEmpty
                    ? "Your search has no words to look for. Try a word or a name."
                    : "A minus sign or NOT only leaves words out; add a word to look for.")
            return messages
        }
        if expression.wasShortened {
            messages.append(
                "Your search was long, so only its first \(SearchExpression.maximumWords) words were used. "
                    + "Try fewer words.")
        }
        if results.total == 0 {
            messages.append(
                "No stories match “\(asked.text.prefix(200))”. Try fewer or different words, check the spelling, "
                    + "or widen the filters.")
        } else if results.hits.isEmpty {
            messages.append("There is no page \(asked.page) of these results; they end at page \(pageCount).")
        }
        return messages
    }

    private func hitView(_ hit: SearchHit, images: StoryImageSet) -> SearchHitView {
        let runs = { (text: MarkedText) in text.segments.map { MarkedRunView(text: $0.text, isMatch: $0.isMatch) } }
        let snippet = runs(hit.snippet)
        return SearchHitView(
            url: SitePaths.story(hit.story.slug), headline: runs(hit.headline), snippet: snippet,
            hasSnippet: !snippet.isEmpty, sectionName: hit.story.section.name,
            sectionURL: SitePaths.section(hit.story.section.slug),
            published: TimeView(dateOnly: hit.story.publishedAt ?? hit.story.createdAt, clock: site.clock),
            thumbnail: images.lead(of: hit.story).map(StorySummaryView.thumbnail))
    }

    /// The address of a search with the reader's filters, at `page`.
    private func searchURL(_ asked: Asked, page: Int) -> String {
        var fields = [("q", asked.text)]
        if !asked.sectionValue.isEmpty { fields.append(("section", asked.sectionValue)) }
        if !asked.fromValue.isEmpty { fields.append(("from", asked.fromValue)) }
        if !asked.toValue.isEmpty { fields.append(("to", asked.toValue)) }
        if page > 1 { fields.append(("page", String(page))) }
        return SitePaths.search + "?" + fields.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    private func pagination(_ asked: Asked, total: Int, pageCount: Int) -> SearchPaginationView {
        func url(page: Int) -> String { searchURL(asked, page: page) }
        let page = asked.page
        return SearchPaginationView(
            page: page, pageCount: pageCount,
            previousURL: page > 1 ? url(page: min(page - 1, pageCount)) : nil,
            nextURL: page < pageCount ? url(page: page + 1) : nil,
            isShown: total > 0 && pageCount > 1)
    }

    /// Percent-encodes a query value, leaving only unreserved characters as they are.
    private static func encode(_ text: String) -> String {
        let allowed = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
