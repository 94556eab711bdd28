/// Words a scraped page leaves in its text that no reader would call a sentence: "E-mail to a
/// friend", "Share this on:", "All About Kosovo".
enum PageResidue {
    /// Phrases that are page furniture wherever they stand in a sentence, lower-cased.
    static let phrases: [String] = [
        "e-mail to a friend", "email to a friend", "share this on:", "story highlights", "next article in",
        "decrease font", "enlarge font", "don't miss", "skip to main content",
    ]

    /// Whole "sentences" that are page furniture on their own, lower-cased, without end punctuation.
    static let lines: Set<String> = [
        "e-mail", "email", "save", "print", "share", "mixx", "digg", "facebook", "twitter", "myspace",
        "del.icio.us", "stumbleupon", "reddit", "watch", "read more", "more", "advertisement", "video",
        "updated", "close", "comments",
    ]

    /// The sentence with leading and trailing furniture removed, or nil when nothing but furniture
    /// (or no letter or digit) is left.
    static func cleaned(_ sentence: String) -> String? {
        var text = Substring(sentence)
        let isASCII = sentence.utf8.allSatisfy { $0 < 0x80 }
        let lowered = isASCII ? ASCIIText.lowercased(sentence) : sentence.lowercased()
        var changed = phrases.contains { lowered.hasPrefix($0) || lowered.hasSuffix($0) }
        while changed {
            changed = false
            for phrase in phrases {
                if text.count >= phrase.count, text.prefix(phrase.count).lowercased() == phrase {
                    text = text.dropFirst(phrase.count).drop(while: { $0 == " " || $0 == "»" || $0 == ":" })
                    changed = true
                }
                if text.count >= phrase.count, text.suffix(phrase.count).lowercased() == phrase {
                    text = Substring(text.dropLast(phrase.count).trimmingTrailingSpace())
                    changed = true
                }
            }
        }
        // In ASCII text a letter or number is an ASCII letter or digit.
        guard
            isASCII
                ? text.utf8.contains(where: ASCIIText.isWordByte) : text.contains(where: { $0.isLetter || $0.isNumber })
        else { return nil }
        // Furniture lines are short; a long sentence can only be a copyright notice.
        if text.utf8.count > 160, !lowered.hasPrefix("copyright ") { return String(text) }
        let bare = text.lowercased().trimmingCharacters(in: ".!?:»« ")
        if lines.contains(bare) { return nil }
        if bare.hasPrefix("all about "), !bare.contains(" said"), bare.count < 120 { return nil }
        if bare.hasPrefix("copyright "), bare.count < 100 || bare.contains("rights reserved") { return nil }
        if bare.hasPrefix("all rights reserved") || bare.hasPrefix("this material may not be published") { return nil }
        return String(text)
    }
}

extension StringProtocol {
    fileprivate func trimmingTrailingSpace() -> SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return self[startIndex..<end]
    }

    fileprivate func trimmingCharacters(in set: String) -> String {
        var start = startIndex
        var end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
