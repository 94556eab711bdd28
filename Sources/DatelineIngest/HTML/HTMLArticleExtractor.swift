import DatelineCore
import DatelineText
import Foundation

/// Reads one HTML page into an ``ExtractedArticle``: bytes to text, text to tree, tree to story.
struct HTMLArticleExtractor {
    /// The largest page read, in bytes, before and after inflating.
    var maximumBytes: Int
    /// Whether to find topics (the costliest step, skipped when only the body is wanted).
    var findsTopics: Bool
    /// Whether to read the metadata the story text does not need (byline, dates, canonical URL,
    /// language, lead image); off on the bulk text path. The headline and highlights are always
    /// read, since the text leaves them out.
    var readsMetadata = true

    func extract(_ page: RawPage) throws(IngestError) -> ExtractedArticle {
        let document = try parse(page)
        let signals = PageSignals(document: document)
        let finder = StoryBodyFinder(document: document, declaredBody: signals.linkedData.articleBody)
        let found = finder.find()
        let highlights = StoryHighlightsFinder.find(in: document)

        var article = ExtractedArticle()
        article.headline = signals.headline(
            in: document, container: found.container, storyStart: found.blocks.first?.owner)
        if readsMetadata {
            article.byline = signals.byline(in: document)
            article.published = signals.published(in: document)
            article.modified = signals.modified(in: document)
            article.section = signals.section
            article.canonicalURL = signals.canonicalURL(pageURL: page.url)
            article.language = signals.language
            article.image = signals.leadImage(in: document, container: found.container, pageURL: page.url)
        }
        article.highlights = highlights.bullets

        let headlineKey = article.headline.map { StoryBodyFinder.normalizedForMatching($0) } ?? ""
        let highlightTexts = Set(highlights.bullets)
        var body: [String] = []
        for block in found.blocks {
            if highlights.elements.contains(block.owner) || highlightTexts.contains(block.text) { continue }
            if block.isHeading, !headlineKey.isEmpty, StoryBodyFinder.normalizedForMatching(block.text) == headlineKey {
                continue
            }
            if body.isEmpty, Self.isCreditLine(block) { continue }
            body.append(block.text)
        }
        if let first = body.first, let opening = OpeningDateline(parsing: first) {
            article.dateline = opening.dateline
            article.printedDateline = opening.printed
            body[0] = opening.remainder
        }
        article.body = body

        if findsTopics {
            let declared = signals.keywords.filter { $0.count <= StoryLimits.topicLength }
            if !declared.isEmpty {
                article.topics = Array(declared.prefix(StoryLimits.topicCount))
                article.topicsOrigin = .source
            } else if !body.isEmpty {
                let found = TopicExtractor().topics(in: body.joined(separator: "\n\n"), headline: article.headline)
                article.topics = found.map(\.name)
                article.topicsOrigin = article.topics.isEmpty ? .editor : .machine
            }
        }
        return article
    }

    /// A byline or time stamp standing before the story: "By Jane Arden", "Updated 3:45 PM ET".
    static func isCreditLine(_ block: TextBlock) -> Bool {
        guard block.characters <= 120 else { return false }
        let text = block.text
        if text.hasPrefix("By ") || text.hasPrefix("BY ") || text.hasPrefix("by ") { return block.wordCount <= 12 }
        let lowered = text.lowercased()
        if ["updated", "published", "posted", "last updated"].contains(where: { lowered.hasPrefix($0) }) {
            return true
        }
        return block.wordCount <= 8 && PublicationDate.parse(text) != nil
    }

    /// Undoes gzip and charset and parses the page, or explains why it cannot be read as HTML.
    func parse(_ page: RawPage) throws(IngestError) -> HTMLDocument {
        if page.bytes.count > maximumBytes {
            throw IngestError(
                location: page.location,
                message: "the page is \(PageSizeLimit.describe(page.bytes.count)); the limit is "
                    + "\(PageSizeLimit.describe(maximumBytes)). Raise the size limit if this really is one story page")
        }
        let raw = [UInt8](try inflate(page))
        if raw.allSatisfy({ $0 == 0x20 || (0x09...0x0D).contains($0) }) {
            throw IngestError(location: page.location, message: "the page is empty; there is no story to read")
        }
        if let reason = Self.binaryReason(raw) {
            throw IngestError(location: page.location, message: reason)
        }
        let decoded = HTMLCharset.decode(raw, declared: page.declaredCharset)
        do {
            return try HTMLDocument(utf8: decoded.utf8)
        } catch {
            throw IngestError(location: page.location, message: error.message)
        }
    }

    /// The page's bytes, inflated when they are gzip-compressed.
    func inflate(_ page: RawPage) throws(IngestError) -> Data {
        guard Gzip.isCompressed(page.bytes) else { return page.bytes }
        do {
            return try Gzip.inflate(page.bytes, limit: maximumBytes)
        } catch {
            throw IngestError(location: page.location, message: "\(error.message); re-save or re-download the page")
        }
    }

    /// Why `raw` is not an HTML page (a NUL byte or many control bytes outside UTF-16), or nil.
    static func binaryReason(_ raw: [UInt8]) -> String? {
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) { return nil }
        let sample = raw.prefix(8192)
        var controls = 0
        for byte in sample where byte < 0x20 && !(0x09...0x0D).contains(byte) {
            if byte == 0 {
                return "the file holds binary data, not HTML (a NUL byte near the start); is it an image or an archive "
                    + "named .html?"
            }
            controls += 1
        }
        if controls * 20 > sample.count {
            return "the file looks like binary data, not HTML (\(controls) control bytes in its first "
                + "\(sample.count)); check that it is a web page"
        }
        return nil
    }
}
