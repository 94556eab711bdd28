import DatelineCore
import Foundation

/// Recognises the parts of a scraped story page that are not the story: menus, font controls,
/// share and tool links, image names, advertisements, and the furniture that closes a story.
///
/// Checks look at one block's text; they are cheap string tests so a page of any size is read in
/// linear time.
enum PageFurniture {
    /// Whole blocks that are controls, labels or widgets wherever they stand (compared lower-cased,
    /// edge symbols removed).
    static let labels: Set<String> = [
        "skip to main content", "skip to content", "skip navigation", "decrease font", "enlarge font",
        "decrease font decrease font", "enlarge font enlarge font", "font size", "text size", "don't miss",
        "don’t miss", "e-mail to a friend", "e-mail to a friend e-mail to a friend", "email to a friend",
        "e-mail", "email", "save", "print", "share", "share this", "share this on", "del.icio.us", "digg",
        "digg this", "facebook", "reddit", "stumbleupon", "myspace", "mixx", "newsvine", "yahoo! buzz", "twitter",
        "advertisement", "advertisements", "sponsored links", "story highlights", "loading", "submit", "search",
        "go", "video", "watch video", "print this", "save this", "e-mail this", "email this", "subscribe",
        "more", "close", "back to top", "top of page", "rss", "free e-mail alerts", "e-mail alerts",
        "related", "related stories", "related links", "divider line", "powered by sphere",
    ]

    /// Labels that close the story when they follow body text: lists and widgets set below it.
    static let closingLabels: Set<String> = [
        "share this on", "most viewed", "most popular", "most emailed", "most e-mailed", "top news",
        "top stories", "from the blogs", "we recommend", "from around the web", "comments",
        "part of complete coverage on",
    ]

    /// True when `text` is page furniture rather than story text.
    static func isFurniture(_ text: String) -> Bool {
        if text.isEmpty { return true }
        // Furniture is short; a long block is text, and skipping the checks keeps big pages fast.
        guard text.utf8.count <= 400 else { return false }
        // Symbols and numbers alone: bullets, separators, page and slide numbers.
        if !text.contains(where: \.isLetter) { return true }
        let label = core(of: text)
        if labels.contains(label) { return true }
        if label.hasPrefix("next article in ") || label.hasPrefix("hot topics") { return true }
        if isBracketedImageNames(text) || isImageFileName(label) { return true }
        // "Watch the news conference »", "more topics »": links, not sentences.
        if text.hasSuffix("»") || text.hasPrefix("»") { return true }
        // "Home | Asia | Europe": a navigation bar.
        if text.filter({ $0 == "|" }).count >= 2 { return true }
        // "Free E-mail AlertsE-mail ThisPrint ThisSave This": a tool strip whose links ran together.
        if label.containsBytes("print this") && (label.containsBytes("e-mail this") || label.containsBytes("save this"))
        {
            return true
        }
        return false
    }

    /// True when `text` ends the story wherever it stands: the "All About" topics, a copyright line,
    /// a footer.
    static func closesStory(_ text: String) -> Bool {
        guard let lower = shortLowercased(text) else { return false }
        if isAllAboutLine(text) { return true }
        if lower.hasPrefix("copyright") || lower.hasPrefix("©") || lower.hasPrefix("(c) 1") || lower.hasPrefix("(c) 2")
        {
            return true
        }
        if lower.containsBytes("may not be published, broadcast") { return true }
        // A short line naming reserved rights is a footer; a story quoting the phrase runs longer.
        if text.utf8.count <= 200, lower.containsBytes("all rights reserved") { return true }
        return ["terms of service", "terms of use", "privacy policy", "privacy guidelines"].contains {
            lower.hasPrefix($0)
        }
    }

    /// True when `text` ends the story once some body text has been read: "Most Viewed" lists and
    /// share widgets, which some layouts also set above the story.
    static func closesStoryAfterBody(_ text: String) -> Bool {
        guard text.utf8.count <= 400 else { return false }
        let label = core(of: text)
        return closingLabels.contains { label == $0 || label.hasPrefix($0 + " ") || label.hasPrefix($0 + ":") }
    }

    /// True for the "All About Kosovo • Serbia" line.
    static func isAllAboutLine(_ text: String) -> Bool {
        guard let lower = shortLowercased(text) else { return false }
        return lower == "all about" || lower.hasPrefix("all about ")
    }

    /// True for the "Story Highlights" heading.
    static func isHighlightsHeading(_ text: String) -> Bool {
        text.utf8.count <= 40 && core(of: text) == "story highlights"
    }

    /// The section named by a "Next Article in World »" link, or nil.
    static func nextArticleSection(_ text: String) -> String? {
        let prefix = "next article in "
        guard text.utf8.count <= 120, text.lowercased().hasPrefix(prefix) else { return nil }
        let name = text.dropFirst(prefix.count).trimmingCharacters(
            in: CharacterSet(charactersIn: "»> ").union(.whitespaces))
        return name.isEmpty ? nil : name
    }

    /// `text` without the "E-mail to a friend" link(s) the page sets at the end of the last
    /// paragraph, or nil when the text does not end with one.
    static func removingEmailLink(_ text: String) -> String? {
        var end = text.utf8.endIndex
        var removed = false
        while true {
            while end > text.utf8.startIndex, text.utf8[text.utf8.index(before: end)] == UInt8(ascii: " ") {
                end = text.utf8.index(before: end)
            }
            guard let start = emailLinkStart(in: text.utf8[..<end]) else { break }
            end = start
            removed = true
        }
        return removed ? String(text[..<end]) : nil
    }

    /// Where "E-mail to a friend" (or "Email to a friend") ends `utf8`, compared without case.
    private static func emailLinkStart(in utf8: Substring.UTF8View) -> String.Index? {
        for link in emailLinks {
            let tail = utf8.suffix(link.count)
            guard tail.count == link.count,
                zip(tail, link).allSatisfy({ lowercasedASCII($0) == $1 })
            else { continue }
            return tail.startIndex
        }
        return nil
    }

    private static let emailLinks: [[UInt8]] = [Array("e-mail to a friend".utf8), Array("email to a friend".utf8)]

    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// True when a block ends like a sentence or is long enough to be one, as body paragraphs and
    /// photo captions are; menu entries and site names are not.
    static func isProse(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        if ".!?\"'”’)…".contains(last) { return true }
        if text.utf8.count > 400 { return true }
        if text.split(separator: " ").count >= 15 { return true }
        return text.range(of: "contributed to this report", options: .caseInsensitive) != nil
    }

    /// The text lower-cased, with whitespace collapsed and edge symbols ("●", "•", "»", ":")
    /// removed, for comparing with labels.
    static func core(of text: String) -> String {
        // Trimmed scalar by scalar in Swift: Foundation's trimming went through NSString and
        // UTF-16 and, with the set built per call, was a seventh of an import's page reading.
        let scalars = text.lowercased().unicodeScalars
        guard let first = scalars.firstIndex(where: { !isCoreEdge($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isCoreEdge($0) }) ?? first
        return String(scalars[first...last])
    }

    /// The edge symbols ``core(of:)`` removes, and the whitespace `CharacterSet.whitespaces`
    /// holds (space separators and tab; not line ends).
    static func isCoreEdge(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator { return true }
        switch scalar {
        case "•", "●", "○", "◦", "□", "☆", "▪", "■", "·", "*", "|", "»", "«", ":", "-", "–", "—", ">": return true
        default: return false
        }
    }

    /// True for "[text]" or "[topofstory][sihome]": images a text browser shows by their names.
    static func isBracketedImageNames(_ text: String) -> Bool {
        guard text.first == "[" else { return false }
        var depth = 0
        for character in text {
            switch character {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            default:
                if depth == 0, !character.isWhitespace { return false }
            }
        }
        return true
    }

    /// True for an image's file name standing alone ("art.chua.ap.jpg").
    static func isImageFileName(_ label: String) -> Bool {
        guard !label.containsBytes(" ") else { return false }
        return [".jpg", ".jpeg", ".gif", ".png", ".bmp", ".webp"].contains { label.hasSuffix($0) }
    }

    private static func shortLowercased(_ text: String) -> String? {
        guard text.utf8.count <= 600 else { return nil }
        return text.lowercased()
    }
}
