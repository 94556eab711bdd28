import DatelineCore

/// The dateline that opens a story's first paragraph — "(CNN) --", "KUALA LUMPUR, Malaysia (AP) --",
/// "TORONTO (AP) -Raptors…" — and the paragraph text after it.
struct LeadingDateline: Hashable, Sendable {
    /// The place and source.
    var dateline: Dateline
    /// The paragraph after the dash; empty when the dateline stood alone.
    var remainder: String

    /// Longest place a dateline carries; longer text before a parenthesis is a sentence.
    static let maximumPlaceLength = 80
    /// Longest source name in the parentheses ("CNN Student News").
    static let maximumSourceLength = 40

    /// Parses the dateline at the start of `paragraph`, or returns nil when it does not open with one.
    init?(parsing paragraph: String) {
        // The dateline sits in the first few dozen characters; never scan a long paragraph for it.
        let head = paragraph.prefix(Self.maximumPlaceLength + Self.maximumSourceLength + 8)
        guard let open = head.firstIndex(of: "("), let close = head[open...].firstIndex(of: ")") else { return nil }
        let place = String(head[..<open]).trimmingWhitespace()
        let source = String(head[head.index(after: open)..<close]).trimmingWhitespace()
        guard Self.isPlace(place), Self.isSource(source) else { return nil }
        var rest = paragraph[paragraph.index(after: close)...].drop(while: { $0 == " " || $0 == "\u{A0}" })
        if rest.hasPrefix("--") {
            rest = rest.dropFirst(2)
        } else if let dash = rest.first, "-–—―".contains(dash) {
            rest = rest.dropFirst()
        } else {
            return nil
        }
        dateline = Dateline(place: place, source: source)
        remainder = String(rest).trimmingWhitespace()
    }

    /// Small words a place name may hold in lower case ("Rio de Janeiro").
    static let placeConnectors: Set<Substring> = ["de", "da", "do", "del", "la", "le", "of", "al", "el", "upon", "sur"]

    /// A wire place: empty, or capitalised words — "LISBON, Portugal", "ST. LOUIS, Missouri",
    /// "Washington" — never a clause of a sentence.
    static func isPlace(_ place: String) -> Bool {
        if place.isEmpty { return true }
        guard place.count <= maximumPlaceLength, let first = place.first, first.isUppercase else { return false }
        guard place.allSatisfy({ $0.isLetter || " ,.'’-/".contains($0) }) else { return false }
        let words = place.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "/" })
        return words.count <= 8
            && words.allSatisfy { $0.first?.isUppercase == true || placeConnectors.contains($0) }
    }

    /// A source name: "CNN", "AP", "Reuters", "EW.com".
    static func isSource(_ source: String) -> Bool {
        guard !source.isEmpty, source.count <= maximumSourceLength, let first = source.first, first.isUppercase
        else { return false }
        return source.allSatisfy { $0.isLetter || $0.isNumber || " .&'-".contains($0) }
    }
}
