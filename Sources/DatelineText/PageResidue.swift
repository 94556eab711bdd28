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
        if let kept = asciiVerdict(sentence) { return kept ? sentence : nil }
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

extension PageResidue {
    /// Whether an ASCII sentence with no furniture phrase at either end (most sentences) is kept,
    /// by the rules of ``cleaned(_:)`` read from its bytes, without the strings they make; nil for
    /// any other sentence, which takes the general path.
    fileprivate static func asciiVerdict(_ sentence: String) -> Bool? {
        var sentence = sentence
        return sentence.withUTF8 { bytes -> Bool? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            for phrase in asciiPhrases where hasPrefix(bytes, phrase, from: 0) || hasSuffix(bytes, phrase) {
                return nil
            }
            guard bytes.contains(where: ASCIIText.isWordByte) else { return false }
            if bytes.count > 160, !hasPrefix(bytes, copyright, from: 0) { return true }
            // The sentence lower-cased and trimmed of ".!?:" and spaces.
            var start = 0
            var end = bytes.count
            let trimmed: (UInt8) -> Bool = {
                $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "!") || $0 == UInt8(ascii: "?")
                    || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: " ")
            }
            while start < end, trimmed(bytes[start]) { start += 1 }
            while end > start, trimmed(bytes[end - 1]) { end -= 1 }
            let bare = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if bare.count <= longestLine, lines.contains(ASCIIText.string(bare, lower: true)) { return false }
            if hasPrefix(bare, allAbout, from: 0), !contains(bare, said), bare.count < 120 { return false }
            if hasPrefix(bare, copyright, from: 0), bare.count < 100 || contains(bare, rightsReserved) {
                return false
            }
            if hasPrefix(bare, allRightsReserved, from: 0) || hasPrefix(bare, notPublished, from: 0) {
                return false
            }
            return true
        }
    }

    private static let asciiPhrases = phrases.map { Array($0.utf8) }
    private static let longestLine = lines.map(\.utf8.count).max() ?? 0
    private static let allAbout = Array("all about ".utf8)
    private static let said = Array(" said".utf8)
    private static let copyright = Array("copyright ".utf8)
    private static let rightsReserved = Array("rights reserved".utf8)
    private static let allRightsReserved = Array("all rights reserved".utf8)
    private static let notPublished = Array("this material may not be published".utf8)

    /// True when `bytes` from `offset` start with `lower`, compared without case.
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: [UInt8], from offset: Int) -> Bool {
        guard bytes.count - offset >= lower.count else { return false }
        for index in lower.indices {
            let byte = bytes[offset + index]
            if (byte >= 65 && byte <= 90 ? byte | 0x20 : byte) != lower[index] { return false }
        }
        return true
    }

    private static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: [UInt8]) -> Bool {
        bytes.count >= lower.count && hasPrefix(bytes, lower, from: bytes.count - lower.count)
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: [UInt8]) -> Bool {
        guard bytes.count >= lower.count else { return false }
        for offset in 0...(bytes.count - lower.count) where hasPrefix(bytes, lower, from: offset) { return true }
        return false
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
