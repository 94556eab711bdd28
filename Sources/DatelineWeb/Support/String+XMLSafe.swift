extension String {
    /// The text without the characters XML 1.0 forbids outright (control characters other than
    /// tab and line breaks, U+FFFE and U+FFFF): escaping cannot make those legal, and a single
    /// one makes a whole feed or sitemap unreadable.
    var xmlSafe: String {
        guard unicodeScalars.contains(where: { !Self.isXMLCharacter($0) }) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.filter(Self.isXMLCharacter)))
    }

    private static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
