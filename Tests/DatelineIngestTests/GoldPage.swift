import Foundation

/// The human labels of one scraped page (`*.gold.json`): headline, full text and supplemental
/// spans, as the labelling tool cut them around links.
struct GoldPage: Decodable {
    var url: String
    var headline: [String]
    var fulltext: [String]
    var supplemental: [String]

    static func load(id: String) throws -> GoldPage {
        let data = try Data(contentsOf: SharedData.cnn2008.appendingPathComponent("\(id).gold.json"))
        return try JSONDecoder().decode(GoldPage.self, from: data)
    }

    /// The headline: labelled as such, or else the first full-text span.
    var expectedHeadline: String { headline.first ?? fulltext.first ?? "" }

    /// The highlight bullets: the supplemental spans after "Story Highlights", up to the
    /// "Next Article" link or the copyright line.
    var expectedHighlights: [String] {
        guard let start = supplemental.firstIndex(of: "Story Highlights") else { return [] }
        return Array(
            supplemental[(start + 1)...].prefix(while: { !$0.hasPrefix("Next Article") && !$0.hasPrefix("Copyright") }))
    }

    /// The body paragraphs, dateline included, with spans cut around links joined back: a span
    /// continues the one before when that one does not end a sentence or this one does not start one.
    var expectedParagraphs: [String] {
        var spans = fulltext
        if headline.isEmpty || spans.first == headline.first { spans.removeFirst() }
        var paragraphs: [String] = []
        for span in spans {
            let trimmed = span.trimmingCharacters(in: .whitespacesAndNewlines)
            if let previous = paragraphs.last,
                !(previous.last.map { ".!?\"'”".contains($0) } ?? true)
                    || !(trimmed.first.map { $0.isUppercase || $0 == "\"" || $0 == "“" || $0.isNumber } ?? true)
            {
                paragraphs[paragraphs.count - 1] = previous + " " + trimmed
            } else {
                paragraphs.append(trimmed)
            }
        }
        return paragraphs
    }
}

extension String {
    /// The text with every whitespace character removed, for comparing texts whose spacing around
    /// links differs.
    var squeezed: String { String(unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }
}
