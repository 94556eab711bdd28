/// Shortens a story sentence toward Story Highlights style: drops a leading "But", a trailing
/// ", police said" and asides in parentheses, keeping the sentence's own words and order.
public enum ClauseTrimmer {
    /// Openers a highlight can do without ("But", "However,").
    static let openers: [String] = [
        "But ", "And ", "So ", "Yet ", "However, ", "Meanwhile, ", "Still, ", "Now, ", "Instead, ", "Indeed, ",
        "Also, ", "Overall, ", "In fact, ", "Moreover, ", "Nevertheless, ", "Then, ", "Today, ",
    ]

    /// Words that mark a trailing clause as attribution.
    static let attributionWords: Set<String> = ["said", "says", "told", "according", "reported", "reports", "added"]

    /// The trimmed sentence; the input itself when no rule applies or trimming would leave too little.
    public static func trimmed(_ sentence: String) -> String {
        var text = Substring(sentence)
        for opener in openers where text.hasPrefix(opener) {
            let rest = text.dropFirst(opener.count)
            if let first = rest.first, first.isLetter || first.isNumber || first == "\"" {
                text = rest
                break
            }
        }
        var out = String(text)
        out = withoutParentheses(out)
        out = withoutTrailingAttribution(out)
        if let first = out.first, first.isLowercase {
            out = first.uppercased() + out.dropFirst()
        }
        let words = out.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: " ") ? 1 : 0) }
        return words >= 4 ? out : sentence
    }

    /// Removes " (…)" asides that do not open the sentence.
    private static func withoutParentheses(_ sentence: String) -> String {
        guard sentence.utf8.contains(UInt8(ascii: "(")) else { return sentence }
        var out = ""
        var depth = 0
        var removed = false
        for character in sentence {
            if character == "(", !out.isEmpty {
                depth += 1
                removed = true
                continue
            }
            if character == ")", depth > 0 {
                depth -= 1
                continue
            }
            if depth == 0 { out.append(character) }
        }
        guard removed, depth == 0 else { return sentence }
        return out.collapsingSpacesBeforePunctuation()
    }

    /// ", police said." / ", according to officials." at the end of a sentence → ".".
    private static func withoutTrailingAttribution(_ sentence: String) -> String {
        guard sentence.utf8.contains(UInt8(ascii: ",")), let comma = sentence.lastIndex(of: ",") else {
            return sentence
        }
        let tail = sentence[sentence.index(after: comma)...]
        let words = tail.split(separator: " ")
        guard (1...7).contains(words.count), !tail.contains("\""), !tail.contains("\u{201D}") else { return sentence }
        let lowered = words.map { $0.lowercased().filter(\.isLetter) }
        guard lowered.contains(where: { attributionWords.contains($0) }) else { return sentence }
        let head = sentence[..<comma]
        // '"We won," he said.' keeps its attribution: the quote alone would not stand.
        guard let last = head.last, last != "\"", last != "\u{201D}", last != "'" else { return sentence }
        let terminal: Character = sentence.last == "?" ? "?" : "."
        return String(head) + String(terminal)
    }
}

extension String {
    fileprivate func collapsingSpacesBeforePunctuation() -> String {
        var out = ""
        for character in self {
            if (character == "," || character == "." || character == ";" || character == ":"), out.last == " " {
                out.removeLast()
            }
            if character == " ", out.last == " " { continue }
            out.append(character)
        }
        return out.trimmingCharacters(in: " ")
    }

    fileprivate func trimmingCharacters(in set: String) -> String {
        var start = startIndex
        var end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
