import DatelineCore
import Foundation

/// The dateline a story's first paragraph opens with, in either wire form: "KUALA LUMPUR, Malaysia
/// (AP) --" (read by ``LeadingDateline``) or a capitalised place and a dash, "BUFFALO, N.Y. —".
struct OpeningDateline {
    /// The place and source.
    var dateline: Dateline
    /// The dateline as printed, dash included.
    var printed: String
    /// The paragraph after the dateline.
    var remainder: String

    /// Reads the dateline at the start of `paragraph`; nil when the paragraph opens without one.
    init?(parsing paragraph: String) {
        if let leading = LeadingDateline(parsing: paragraph), !leading.remainder.isEmpty,
            paragraph.hasSuffix(leading.remainder)
        {
            dateline = leading.dateline
            remainder = leading.remainder
            printed = String(paragraph.dropLast(leading.remainder.count)).trimmingWhitespace()
            return
        }
        let head = paragraph.prefix(70)
        guard let dash = Self.dashRange(in: head) else { return nil }
        let place = String(head[..<dash.lowerBound]).trimmingWhitespace()
        guard Self.isCapitalisedPlace(place) else { return nil }
        let rest = String(paragraph[dash.upperBound...]).trimmingWhitespace()
        guard let first = rest.first, first.isUppercase || first.isNumber || "\"“‘'".contains(first) else { return nil }
        dateline = Dateline(place: place)
        printed = String(paragraph[..<dash.upperBound]).trimmingWhitespace()
        remainder = rest
    }

    /// The first " — ", " -- " or " – " in `text`.
    private static func dashRange(in text: Substring) -> Range<Substring.Index>? {
        ["\u{2014}", " -- ", " \u{2013} ", " - "].compactMap { text.range(of: $0) }.min {
            $0.lowerBound < $1.lowerBound
        }
    }

    /// "WASHINGTON", "BUFFALO, N.Y.", "ST. PAUL, Minn.": the city in capitals, then an optional region.
    static func isCapitalisedPlace(_ place: String) -> Bool {
        guard !place.isEmpty, place.count <= 50 else { return false }
        let parts = place.split(separator: ",", maxSplits: 2).map { String($0).trimmingWhitespace() }
        guard let city = parts.first, city.count >= 3 else { return false }
        let letters = city.filter { $0.isLetter }
        guard letters.count >= 3, letters.allSatisfy({ $0.isUppercase }) else { return false }
        guard city.allSatisfy({ $0.isLetter || " .'’-".contains($0) }) else { return false }
        return parts.dropFirst().allSatisfy { region in
            let words = region.split(separator: " ")
            return !words.isEmpty && words.count <= 4
                && words.allSatisfy { $0.first?.isUppercase == true && $0.allSatisfy { $0.isLetter || $0 == "." } }
        }
    }
}
