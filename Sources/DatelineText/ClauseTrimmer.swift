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
        var bytes = sentence
        if bytes.withUTF8({ !$0.contains(where: { $0 >= 0x80 }) }) { return asciiTrimmed(sentence) }
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

    /// Openers as UTF-8 bytes, for ``asciiTrimmed(_:)``.
    private static let openerBytes: [[UInt8]] = openers.map { Array($0.utf8) }

    /// ``trimmed(_:)`` for an ASCII sentence, where every character is one byte: the same rules
    /// over the bytes, with strings made only for what is returned.
    private static func asciiTrimmed(_ sentence: String) -> String {
        var copy = sentence
        if let quick = copy.withUTF8({ quickTrimmed($0, sentence: sentence) }) { return quick }
        let bytes = Array(sentence.utf8)
        var start = 0
        for opener in openerBytes where bytes.starts(with: opener) {
            guard opener.count < bytes.count else { continue }
            let first = bytes[opener.count]
            if ASCIIText.isWordByte(first) || first == UInt8(ascii: "\"") {
                start = opener.count
                break
            }
        }
        var out = start == 0 ? sentence : String(decoding: bytes[start...], as: UTF8.self)
        out = withoutParentheses(out)
        out = asciiWithoutTrailingAttribution(out)
        if let first = out.utf8.first, first >= 97, first <= 122 {
            var upper = Array(out.utf8)
            upper[0] = first - 32
            out = String(decoding: upper, as: UTF8.self)
        }
        let words = out.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: " ") ? 1 : 0) }
        return words >= 4 ? out : sentence
    }

    /// ``asciiTrimmed(_:)`` for the commonest sentence, with no opener to drop and no aside in
    /// parentheses: only a trailing attribution and a small first letter can change, read over the
    /// bytes without copying them. Nil for any other sentence.
    private static func quickTrimmed(_ bytes: UnsafeBufferPointer<UInt8>, sentence: String) -> String? {
        if let head = bytes.first, openerHeads.contains(head) {
            for opener in openerBytes where opener.count < bytes.count && bytes.starts(with: opener) {
                let first = bytes[opener.count]
                if ASCIIText.isWordByte(first) || first == UInt8(ascii: "\"") { return nil }
            }
        }
        guard !bytes.contains(UInt8(ascii: "(")) else { return nil }
        let cut = attributionCut(bytes)
        let capitalised = bytes.first.map { $0 >= 97 && $0 <= 122 } ?? false
        guard cut != nil || capitalised else { return sentence }
        let end = cut?.comma ?? bytes.count
        var spaces = 0
        for index in 0..<end where bytes[index] == UInt8(ascii: " ") { spaces += 1 }
        guard spaces + 1 >= 4 else { return sentence }
        let length = end + (cut == nil ? 0 : 1)
        return String(unsafeUninitializedCapacity: length) { buffer in
            for index in 0..<end { buffer[index] = bytes[index] }
            if let cut { buffer[end] = cut.terminal }
            if capitalised { buffer[0] -= 32 }
            return length
        }
    }

    /// The first bytes of the openers.
    private static let openerHeads = Set(openerBytes.compactMap(\.first))

    /// Attribution words as lower-case bytes.
    private static let attributionBytes: [[UInt8]] = attributionWords.map { Array($0.utf8) }

    /// Where an ASCII sentence's trailing attribution (", police said.") begins — its comma — and
    /// the mark that ends what is left; nil when it has none. The rules of
    /// ``asciiWithoutTrailingAttribution(_:)``.
    private static func attributionCut(_ bytes: UnsafeBufferPointer<UInt8>) -> (comma: Int, terminal: UInt8)? {
        guard let comma = bytes.lastIndex(of: UInt8(ascii: ",")) else { return nil }
        var words = 0
        var attributed = false
        var index = comma + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\"") { return nil }
            guard bytes[index] != UInt8(ascii: " ") else {
                index += 1
                continue
            }
            // One word: its letters, lower-cased, compared with the attribution words.
            words += 1
            if words > 7 { return nil }
            var letters: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: " ") {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { return nil }
                if (byte | 0x20) >= 97, (byte | 0x20) <= 122, letters.count < 10 { letters.append(byte | 0x20) }
                index += 1
            }
            if !attributed, (4...9).contains(letters.count), attributionBytes.contains(letters) { attributed = true }
        }
        guard words > 0, attributed, comma > 0 else { return nil }
        let last = bytes[comma - 1]
        guard last != UInt8(ascii: "\""), last != UInt8(ascii: "'") else { return nil }
        return (comma, bytes.last == UInt8(ascii: "?") ? UInt8(ascii: "?") : UInt8(ascii: "."))
    }

    /// ``withoutTrailingAttribution(_:)`` for ASCII text.
    private static func asciiWithoutTrailingAttribution(_ sentence: String) -> String {
        let bytes = Array(sentence.utf8)
        guard let comma = bytes.lastIndex(of: UInt8(ascii: ",")) else { return sentence }
        let tail = bytes[(comma + 1)...]
        guard !tail.contains(UInt8(ascii: "\"")) else { return sentence }
        var words: [ArraySlice<UInt8>] = []
        for word in tail.split(separator: UInt8(ascii: " ")) {
            words.append(word)
            if words.count > 7 { return sentence }
        }
        guard !words.isEmpty else { return sentence }
        let attributed = words.contains { word in
            let letters = word.filter { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }.map { $0 | 0x20 }
            return (4...9).contains(letters.count)
                && attributionWords.contains(String(decoding: letters, as: UTF8.self))
        }
        guard attributed, comma > 0 else { return sentence }
        let last = bytes[comma - 1]
        guard last != UInt8(ascii: "\""), last != UInt8(ascii: "'") else { return sentence }
        let terminal = bytes.last == UInt8(ascii: "?") ? UInt8(ascii: "?") : UInt8(ascii: ".")
        return String(decoding: bytes[..<comma] + [terminal], as: UTF8.self)
    }

    /// Removes " (…)" asides that do not open the sentence.
    private static func withoutParentheses(_ sentence: String) -> String {
        guard sentence.utf8.contains(UInt8(ascii: "(")) else { return sentence }
        var copy = sentence
        if let quick = copy.withUTF8({ asciiWithoutParentheses($0) }) { return quick ?? sentence }
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

    /// ``withoutParentheses(_:)`` over the bytes of ASCII text with no carriage return (where a
    /// byte is a character): `.some(nil)` when nothing is removed, nil for other text.
    private static func asciiWithoutParentheses(_ bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        guard !bytes.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var depth = 0
        var removed = false
        for byte in bytes {
            if byte == UInt8(ascii: "("), !kept.isEmpty {
                depth += 1
                removed = true
                continue
            }
            if byte == UInt8(ascii: ")"), depth > 0 {
                depth -= 1
                continue
            }
            if depth == 0 { kept.append(byte) }
        }
        guard removed, depth == 0 else { return .some(nil) }
        // Spaces folded, none before a comma, period, semicolon or colon, none at either end.
        var out: [UInt8] = []
        out.reserveCapacity(kept.count)
        for byte in kept {
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ";")
                || byte == UInt8(ascii: ":"), out.last == UInt8(ascii: " ")
            {
                out.removeLast()
            }
            if byte == UInt8(ascii: " "), out.last == UInt8(ascii: " ") { continue }
            out.append(byte)
        }
        var start = 0
        var end = out.count
        while start < end, out[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, out[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return .some(String(decoding: out[start..<end], as: UTF8.self))
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
