import DatelineCore
import Foundation

/// Finds the story among a scraped page's blocks by the layout's structure: headline → Story
/// Highlights box → font controls → byline → dateline paragraph → body → "E-mail to a friend" /
/// "All About" / copyright. Pages without a highlights box are found from their dateline or their
/// "Posted:" line instead.
struct ScrapedStoryFinder {
    /// What was found: every field of a draft that comes from the page's text.
    struct Story: Hashable, Sendable {
        var headline: String
        var section: String?
        var dateline = Dateline()
        var byline: String?
        var body: [String] = []
        var highlights: [String] = []
        var allAboutLine: String?
        var publishedAt: Date?
    }

    /// How many blocks after the highlights box the dateline paragraph is looked for: room for
    /// font controls, a byline and a photo caption, not for the rest of the page.
    static let datelineSearchWindow = 10
    /// How many blocks after the story the "All About" line is looked for.
    static let topicsSearchWindow = 25

    let blocks: [ScrapedTextBlock]
    let location: String

    /// Finds the story, or says what part of it is missing and where it was expected.
    func find() throws(IngestError) -> Story {
        guard let firstText = blocks.firstIndex(where: { !isSkippable($0) }) else {
            throw IngestError(
                location: location, line: blocks.first?.line,
                message: "no headline found: the page holds only page furniture (menus, font controls, links), "
                    + "no story text")
        }
        var story: Story
        var headline: Int
        var bodySearchStart: Int
        var datelineIndex: Int?

        if let box = blocks.firstIndex(where: { PageFurniture.isHighlightsHeading($0.text) }) {
            headline = try headlineIndex(before: box, anchor: "the Story Highlights box")
            story = Story(headline: blocks[headline].text)
            var index = box + 1
            // Bullets, and the stray bullet symbols text browsers leave between them.
            while index < blocks.count,
                blocks[index].kind == .bullet || !blocks[index].text.contains(where: \.isLetter)
            {
                let text = blocks[index].text
                if let section = PageFurniture.nextArticleSection(text) {
                    story.section = section
                } else if !PageFurniture.isFurniture(text) {
                    story.highlights.append(text)
                }
                index += 1
            }
            bodySearchStart = index
            datelineIndex = firstDateline(from: index, window: Self.datelineSearchWindow)
        } else if let dateline = firstDateline(from: 0, window: nil) {
            let top = bylineBefore(dateline, notBefore: 0)?.start ?? dateline
            headline = try headlineIndex(before: top, anchor: "the dateline")
            story = Story(headline: blocks[headline].text)
            bodySearchStart = headline + 1
            datelineIndex = dateline
        } else if let posted = blocks.firstIndex(where: { PublicationTime.isTimeLine($0.text) }) {
            headline = try headlineIndex(before: posted, anchor: "the \"Posted:\" line")
            story = Story(headline: blocks[headline].text)
            bodySearchStart = posted + 1
        } else {
            let candidate = blocks[firstText]
            guard candidate.kind == .paragraph, isHeadlineLike(candidate.text), !looksLikeBodyText(candidate.text)
            else {
                throw IngestError(
                    location: location, line: candidate.line,
                    message: "no headline found: the page starts with body text; put the headline on its own line "
                        + "above the first paragraph (or above a Story Highlights box or a dateline such as "
                        + "\"(CNN) --\")")
            }
            headline = firstText
            story = Story(headline: candidate.text)
            bodySearchStart = firstText + 1
        }

        if story.section == nil {
            story.section =
                blocks[..<min(bodySearchStart, blocks.count)].lazy
                .compactMap { PageFurniture.nextArticleSection($0.text) }.first
        }
        story.publishedAt = blocks.lazy.compactMap { PublicationTime.date(in: $0.text) }.first

        // The byline, and where the body starts.
        var bodyStart: Int
        var leading: LeadingDateline?
        if let datelineIndex {
            story.byline =
                bylineBefore(datelineIndex, notBefore: bodySearchStart)?.text
                ?? blocks[(headline + 1)..<bodySearchStart].first(where: { isByline($0.text) })?.text
            leading = LeadingDateline(parsing: blocks[datelineIndex].text)
            bodyStart = datelineIndex
        } else {
            let opening = bylineAfter(bodySearchStart)
            story.byline =
                opening.byline
                ?? blocks[(headline + 1)..<bodySearchStart].first(where: { isByline($0.text) })?.text
            bodyStart = opening.next
        }

        var body: [String] = []
        var end = bodyStart
        // Editor's notes run above the dateline and belong to the story.
        if let datelineIndex {
            for block in blocks[bodySearchStart..<datelineIndex]
            where block.kind == .paragraph && Self.isEditorsNote(block.text) {
                body.append(block.text)
            }
        }
        var finished = false
        if let leading {
            story.dateline = leading.dateline
            if let text = PageFurniture.removingEmailLink(leading.remainder) {
                if !text.isEmpty { body.append(text) }
                finished = true
            } else if !leading.remainder.isEmpty {
                body.append(leading.remainder)
            }
            end = bodyStart + 1
        }
        while !finished, end < blocks.count {
            let block = blocks[end]
            if PageFurniture.closesStory(block.text) { break }
            if !body.isEmpty, PageFurniture.closesStoryAfterBody(block.text) { break }
            end += 1
            if block.kind == .bullet || isSkippable(block) { continue }
            if let text = PageFurniture.removingEmailLink(block.text) {
                if !text.isEmpty { body.append(text) }
                break
            }
            body.append(block.text)
        }
        // Site names and menu entries left between the last paragraph and the footer.
        if let lastProse = body.lastIndex(where: PageFurniture.isProse) {
            body.removeSubrange((lastProse + 1)...)
        }
        guard !body.isEmpty else {
            throw IngestError(
                location: location, line: blocks[headline].line,
                message: "found the headline but no body paragraphs after it")
        }
        story.body = body
        story.allAboutLine =
            blocks[min(end, blocks.count)..<min(end + Self.topicsSearchWindow, blocks.count)]
            .first(where: { PageFurniture.isAllAboutLine($0.text) })?.text
        return story
    }

    /// "Editor's note: …", with a straight or a curly apostrophe.
    static func isEditorsNote(_ text: String) -> Bool {
        let opening = text.prefix(14).lowercased()
        return opening.hasPrefix("editor's note") || opening.hasPrefix("editor’s note")
    }

    /// Blocks that are never story text: furniture and "Posted:" lines.
    private func isSkippable(_ block: ScrapedTextBlock) -> Bool {
        PageFurniture.isFurniture(block.text) || PublicationTime.isTimeLine(block.text)
    }

    /// How many photo captions may stand between a headline and what follows it.
    static let captionAllowance = 3

    /// The headline: the nearest block above `anchor` that is not furniture, a time line, a byline
    /// or a photo caption.
    private func headlineIndex(before anchor: Int, anchor name: String) throws(IngestError) -> Int {
        var index = anchor - 1
        var captions = 0
        while index >= 0 {
            let block = blocks[index]
            if isSkippable(block) || (block.kind == .paragraph && isByline(block.text)) {
                index -= 1
            } else if block.kind == .paragraph, looksLikeBodyText(block.text), captions < Self.captionAllowance {
                captions += 1
                index -= 1
            } else {
                break
            }
        }
        guard index >= 0 else {
            throw IngestError(
                location: location, line: blocks[anchor].line,
                message: "no headline found: found \(name) but no headline above it; put the headline on its own "
                    + "line above \(name)")
        }
        let block = blocks[index]
        guard block.kind == .paragraph, isHeadlineLike(block.text) else {
            let what = block.kind == .bullet ? "a list item" : "\(block.text.count) characters of text"
            throw IngestError(
                location: location, line: block.line,
                message: "no headline found: above \(name) (line \(blocks[anchor].line)) stands \(what), not a "
                    + "headline; put the headline on its own line")
        }
        return index
    }

    /// A headline is one short line of words: not a sentence-length paragraph, a byline or a dateline.
    private func isHeadlineLike(_ text: String) -> Bool {
        text.count <= StoryLimits.headlineLength && text.contains(where: \.isLetter) && !isByline(text)
            && LeadingDateline(parsing: text) == nil && !PageFurniture.isAllAboutLine(text)
            && !PageFurniture.closesStory(text)
    }

    /// Text that reads as a paragraph of a story rather than a headline: a long sentence.
    private func looksLikeBodyText(_ text: String) -> Bool {
        text.hasSuffix(".") && text.split(separator: " ").count > 12
    }

    /// The first paragraph from `start` that opens with a dateline, looking at no more than
    /// `window` story blocks (nil: to the end of the page).
    private func firstDateline(from start: Int, window: Int?) -> Int? {
        var seen = 0
        var index = start
        while index < blocks.count {
            let block = blocks[index]
            if block.kind == .paragraph, !isSkippable(block) {
                if LeadingDateline(parsing: block.text) != nil { return index }
                seen += 1
                if let window, seen >= window { return nil }
            }
            index += 1
        }
        return nil
    }

    /// "By Jane Arden" alone on a line.
    private func isByline(_ text: String) -> Bool {
        guard text.utf8.count <= 120, text.lowercased().hasPrefix("by ") else { return false }
        let words = text.split(separator: " ")
        // "By Jane Arden", "By the CNN Wire Staff": a credit names someone.
        guard (2...12).contains(words.count), words.dropFirst().contains(where: { $0.first?.isUppercase == true })
        else { return false }
        return !(text.last.map { ".!?".contains($0) } ?? false) || text.hasSuffix("Jr.") || text.hasSuffix("Sr.")
    }

    /// "CNN", "CNN Senior Correspondent", "Associated Press Writer": the line under a byline.
    private func isAffiliation(_ text: String) -> Bool {
        text.utf8.count <= 80 && text.split(separator: " ").count <= 8 && text.contains(where: \.isLetter)
            && !(text.last.map { ".!?\"”".contains($0) } ?? false) && !isByline(text)
            && LeadingDateline(parsing: text) == nil
    }

    /// The byline (with its affiliation line) just above block `index`, and the block it starts at.
    private func bylineBefore(_ index: Int, notBefore lower: Int) -> (text: String, start: Int)? {
        var cursor = index - 1
        while cursor >= lower, isSkippable(blocks[cursor]) { cursor -= 1 }
        guard cursor >= lower, blocks[cursor].kind == .paragraph else { return nil }
        if isByline(blocks[cursor].text) { return (blocks[cursor].text, cursor) }
        let affiliation = cursor
        guard isAffiliation(blocks[affiliation].text) else { return nil }
        cursor -= 1
        while cursor >= lower, isSkippable(blocks[cursor]) { cursor -= 1 }
        guard cursor >= lower, blocks[cursor].kind == .paragraph, isByline(blocks[cursor].text) else { return nil }
        return ("\(blocks[cursor].text), \(blocks[affiliation].text)", cursor)
    }

    /// A byline (and affiliation) opening the story text at `start`, and the block after them.
    private func bylineAfter(_ start: Int) -> (byline: String?, next: Int) {
        func nextText(from index: Int) -> Int? {
            var cursor = index
            while cursor < blocks.count, blocks[cursor].kind == .bullet || isSkippable(blocks[cursor]) { cursor += 1 }
            return cursor < blocks.count ? cursor : nil
        }
        guard let first = nextText(from: start), isByline(blocks[first].text) else { return (nil, start) }
        if let second = nextText(from: first + 1), isAffiliation(blocks[second].text),
            let third = nextText(from: second + 1), !isAffiliation(blocks[third].text)
        {
            return ("\(blocks[first].text), \(blocks[second].text)", second + 1)
        }
        return (blocks[first].text, first + 1)
    }
}
