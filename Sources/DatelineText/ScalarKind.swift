/// Classes of Unicode scalars that the splitter and tokenizer tell apart.
enum ScalarKind {
    /// Sentence-ending punctuation, including the one-character ellipsis.
    static func isSentenceTerminator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "?" || scalar == "!" || scalar == "\u{2026}"
    }

    /// Closing quotes and brackets that belong to the sentence they follow.
    static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        // "\u{201C}" closes German quotations („…“).
        case "\"", "'", "\u{201D}", "\u{201C}", "\u{2019}", ")", "]", "\u{00BB}": return true
        default: return false
        }
    }

    /// Opening quotes and brackets that may stand before a sentence's first word.
    static func isOpener(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", "\u{201C}", "\u{201E}", "\u{2018}", "(", "[", "\u{00AB}", "\u{00BF}", "\u{00A1}": return true
        default: return false
        }
    }

    /// Any quotation mark, straight or curly.
    static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}": return true
        default: return false
        }
    }

    // ASCII answers come first: Unicode property lookups dominate the splitter's time otherwise.

    /// A decimal digit in any script.
    @inline(__always) static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 128 { return scalar.value >= 48 && scalar.value <= 57 }
        return scalar.properties.numericType == .decimal
    }

    /// A letter in any script.
    @inline(__always) static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 128 {
            let folded = scalar.value | 0x20
            return folded >= 97 && folded <= 122
        }
        return scalar.properties.isAlphabetic
    }

    /// An upper-case letter in any script.
    @inline(__always) static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 128 { return scalar.value >= 65 && scalar.value <= 90 }
        return scalar.properties.isUppercase
    }

    /// A lower-case letter in any script.
    @inline(__always) static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 128 { return scalar.value >= 97 && scalar.value <= 122 }
        return scalar.properties.isLowercase
    }

    /// White space, line breaks included.
    @inline(__always) static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 128 { return scalar == " " || (scalar.value >= 9 && scalar.value <= 13) }
        return scalar.properties.isWhitespace
    }

    /// A letter or digit: the stuff words are made of.
    @inline(__always) static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || isDigit(scalar)
    }

    /// A dash as newsrooms type them: "--", "—" or "–" (a single hyphen is part of words).
    static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "\u{2014}" || scalar == "\u{2013}"
    }
}
