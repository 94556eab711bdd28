import DatelineCore
import Foundation

/// Turning the raw signals into the story's headline, byline, dates, section, address and language.
extension PageSignals {
    /// The headline: the `<h1>` that agrees with the page's declared title, else the declared title
    /// (`og:title`, JSON-LD), else the story container's first `<h1>`, else the cleaned `<title>`.
    func headline(in document: HTMLDocument, container: Int?, storyStart: Int? = nil) -> String? {
        let siteName = meta["og:site_name"]
        let declared = [meta["og:title"], meta["twitter:title"], linkedData.headline, title.map { cleanTitle($0) }]
            .compactMap { $0?.collapsingWhitespace().nilIfEmpty }
        let declaredKeys = declared.map { StoryBodyFinder.normalizedForMatching($0) }.filter { $0.count >= 8 }
        let headingTexts = headings.map { ($0, document.text(of: $0)) }.filter { !$0.1.isEmpty && $0.1.count <= 400 }
        for (_, text) in headingTexts {
            let key = StoryBodyFinder.normalizedForMatching(text)
            guard key.count >= 8 else { continue }
            if declaredKeys.contains(where: { ByteSearch.contains($0, key) || ByteSearch.contains(key, $0) }) {
                return text
            }
        }
        if let first = [meta["og:title"], linkedData.headline].compactMap({ $0?.collapsingWhitespace().nilIfEmpty })
            .first
        {
            return cleanTitle(first, siteName: siteName)
        }
        if let container,
            let heading = headingTexts.first(where: { document.contains(container, $0.0) || $0.0 > container })
        {
            return heading.1
        }
        if let title = title.map({ cleanTitle($0) })?.nilIfEmpty { return title }
        if let first = headingTexts.first { return first.1 }
        // No <h1> and no title: the last <h2>/<h3> before the story's first paragraph.
        guard let storyStart else { return nil }
        for index in subheadings.reversed() where index < storyStart {
            let text = document.text(of: index)
            if text.count >= 10, text.count <= 300 { return text }
        }
        return nil
    }

    /// A page title without the site's name: "Storm hits coast - Daily News" → "Storm hits coast".
    func cleanTitle(_ raw: String, siteName: String? = nil) -> String {
        let text = raw.collapsingWhitespace()
        let site = (siteName ?? meta["og:site_name"])?.lowercased()
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " // "]
        where ByteSearch.contains(text, separator) {
            var parts = text.components(separatedBy: separator).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            guard parts.count > 1 else { continue }
            if let site, let match = parts.firstIndex(where: { $0.lowercased() == site }) {
                parts.remove(at: match)
            } else if let last = parts.last, let first = parts.first, wordCount(last) <= 4,
                wordCount(first) > wordCount(last)
            {
                parts.removeLast()
            } else if let first = parts.first, let last = parts.last, wordCount(first) <= 3,
                wordCount(last) > wordCount(first)
            {
                parts.removeFirst()
            } else {
                continue
            }
            return parts.joined(separator: separator)
        }
        return text
    }

    private func wordCount(_ text: String) -> Int { text.split(separator: " ").count }

    /// The writer's credit as "By …", from JSON-LD, `<meta name="author">`, microdata, `rel="author"`,
    /// or an element named "byline".
    func byline(in document: HTMLDocument) -> String? {
        let siteName = meta["og:site_name"]?.lowercased()
        func usable(_ name: String) -> Bool {
            let lowered = name.lowercased()
            return !name.isEmpty && name.count <= StoryLimits.creditLength && !lowered.contains("http")
                && !lowered.contains("@") && lowered != siteName && name.split(separator: " ").count <= 12
        }
        var names = linkedData.authors.map { $0.collapsingWhitespace() }.filter(usable)
        if names.isEmpty, let author = meta["author"]?.collapsingWhitespace(), usable(author) { names = [author] }
        if names.isEmpty {
            for index in (itemprops["author"] ?? []) + authorLinks {
                let nameElement = document.elements(under: index).first {
                    document[$0].attributes["itemprop"]?.lowercased() == "name"
                }
                let text =
                    (nameElement.flatMap { document[$0].attributes["content"] } ?? nameElement.map {
                        document.text(of: $0)
                    } ?? document[index].attributes["content"] ?? document.text(of: index)).collapsingWhitespace()
                let cleaned = stripBy(text)
                if usable(cleaned), !names.contains(cleaned) { names.append(cleaned) }
            }
        }
        if names.isEmpty {
            for index in bylineElements.prefix(20) {
                let cleaned = stripBy(document.text(of: index))
                if usable(cleaned), cleaned.count >= 3 {
                    names = [cleaned]
                    break
                }
            }
        }
        guard !names.isEmpty else { return nil }
        let joined =
            names.count == 1
            ? names[0] : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        return String(("By " + joined).prefix(StoryLimits.creditLength))
    }

    /// "By Jane Arden" → "Jane Arden".
    func stripBy(_ text: String) -> String {
        let trimmed = text.collapsingWhitespace()
        for prefix in ["By ", "by ", "BY ", "Written by ", "Posted by ", "Von ", "Por "] where trimmed.hasPrefix(prefix)
        {
            return String(trimmed.dropFirst(prefix.count)).trimmingWhitespace()
        }
        return trimmed
    }

    /// When the story was first published.
    func published(in document: HTMLDocument) -> Date? {
        let metaKeys = [
            "article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
            "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created", "date",
            "dc.date", "article.published",
        ]
        return firstDate(
            [linkedData.datePublished] + metaKeys.map { meta[$0] } + microdataDates("datepublished", document))
            ?? firstTime(in: document)
    }

    /// When the story was last changed.
    func modified(in document: HTMLDocument) -> Date? {
        let metaKeys = [
            "article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified",
        ]
        return firstDate(
            [linkedData.dateModified] + metaKeys.map { meta[$0] } + microdataDates("datemodified", document))
    }

    private func microdataDates(_ property: String, _ document: HTMLDocument) -> [String?] {
        (itemprops[property] ?? []).map { index in
            let attributes = document[index].attributes
            return attributes["datetime"] ?? attributes["content"] ?? document.text(of: index)
        }
    }

    private func firstDate(_ candidates: [String?]) -> Date? {
        for case let candidate? in candidates {
            if let date = PublicationDate.parse(candidate) { return date }
        }
        return nil
    }

    /// The first `<time datetime>` marked as the publication time, else the first one.
    private func firstTime(in document: HTMLDocument) -> Date? {
        let marked = times.first { document[$0].attributes["pubdate"] != nil } ?? times.first
        return marked.flatMap { document[$0].attributes["datetime"] }.flatMap(PublicationDate.parse)
    }

    /// The section or desk the page files the story under.
    var section: String? {
        [
            meta["article:section"], linkedData.section, meta["section"], meta["parsely-section"], meta["category"],
            nextArticleSection,
        ]
        .compactMap { $0?.collapsingWhitespace().nilIfEmpty }.first { $0.count <= 100 }
    }

    /// The page's canonical address, resolved against `pageURL`.
    func canonicalURL(pageURL: URL?) -> String? {
        for candidate in [links["canonical"], meta["og:url"], linkedData.url].compactMap({ $0 }) {
            if let resolved = URL(string: candidate, relativeTo: pageURL)?.absoluteURL,
                let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https"
            {
                return resolved.absoluteString
            }
        }
        return nil
    }

    /// The story's language as a BCP 47 tag ("en", "pt-BR").
    var language: String? {
        let candidates = [
            htmlLanguage, meta["content-language"], meta["og:locale"], linkedData.language, meta["language"],
        ]
        for case let raw? in candidates {
            let tag =
                raw.split(separator: ",").first.map(String.init)?.trimmingWhitespace()
                .replacingOccurrences(of: "_", with: "-") ?? ""
            if !tag.isEmpty, tag.count <= 20, tag.first?.isLetter == true { return tag }
        }
        return nil
    }

    /// Keywords the page declares for itself.
    var keywords: [String] {
        if !linkedData.keywords.isEmpty { return linkedData.keywords }
        let line = meta["news_keywords"] ?? meta["keywords"] ?? ""
        return line.split(separator: ",").map { String($0).collapsingWhitespace() }.filter { !$0.isEmpty }
    }

    /// The lead image: `og:image` or JSON-LD's, else the story container's first figure, with its
    /// caption, credit (an element in the figure marked as one: a class or itemprop naming
    /// "credit", "copyright" or "byline", or a `<cite>`) and alt text.
    func leadImage(in document: HTMLDocument, container: Int?, pageURL: URL?) -> LeadImage? {
        var caption: String?
        var credit: String?
        var alt: String?
        var figureImage: String?
        // The story's figure often sits just outside its text (in the <article>, above the body).
        var scope = container
        var figure: Int?
        for _ in 0..<3 {
            guard let current = scope, current > 0 else { break }
            figure = document.first("figure", under: current)
            if figure != nil { break }
            scope = document[current].parent
        }
        if container != nil {
            if let figure {
                if let image = document.first("img", under: figure) {
                    figureImage = document[image].attributes["src"] ?? document[image].attributes["data-src"]
                    alt = document[image].attributes["alt"]?.collapsingWhitespace().nilIfEmpty
                }
                if let captionNode = document.first("figcaption", under: figure) {
                    caption = document.text(of: captionNode).nilIfEmpty
                }
                if let creditNode = Self.creditNode(in: document, under: figure) {
                    credit = document.text(of: creditNode).nilIfEmpty
                }
            }
        }
        if let credit, let full = caption {
            // A credit printed inside the caption is taken out of it ("Boats at dawn. Photo: Ann Lee").
            let rest = full.replacingOccurrences(of: credit, with: "").collapsingWhitespace()
            caption = rest.nilIfEmpty
        }
        let source = meta["og:image"] ?? meta["twitter:image"] ?? linkedData.imageURL ?? figureImage
        guard let source, let url = URL(string: source, relativeTo: pageURL)?.absoluteURL else { return nil }
        // The figure's alt text describes the figure's picture; og:image may be another one.
        if figureImage.flatMap({ URL(string: $0, relativeTo: pageURL)?.absoluteURL }) != url { alt = nil }
        return LeadImage(
            url: url.absoluteString, caption: caption ?? meta["og:image:alt"], credit: credit,
            alt: alt ?? meta["og:image:alt"]?.collapsingWhitespace().nilIfEmpty)
    }

    /// The first element under `figure` marked as the picture's credit.
    private static func creditNode(in document: HTMLDocument, under figure: Int) -> Int? {
        document.elements(under: figure).first { node in
            guard node != figure else { return false }
            let name = document[node].name
            if name == "cite" { return true }
            let marks = [document[node].attributes["class"], document[node].attributes["itemprop"]]
                .compactMap { $0?.lowercased() }.joined(separator: " ")
            return ["credit", "copyright", "byline"].contains { marks.contains($0) }
        }
    }
}
