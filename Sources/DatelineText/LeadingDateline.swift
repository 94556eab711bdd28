import DatelineCore

/// Reads the dateline a wire story opens with: "KUALA LUMPUR, Malaysia (AP) --", "London (CNN)",
/// "(CNN) --" or "WASHINGTON --".
enum LeadingDateline {
    /// The longest place name, in scalars, taken as a dateline.
    static let maximumPlaceLength = 60
    /// The longest source name, in scalars, between the parentheses.
    static let maximumSourceLength = 40

    /// Small words allowed inside a place name ("Rio de Janeiro", "Stratford-upon-Avon").
    private static let placeConnectors: Set<String> = [
        "de", "da", "do", "del", "la", "le", "of", "al", "el", "upon", "am", "an", "sur",
    ]

    /// The dateline at `start` and the index where the story text begins; `end == start` when none.
    /// In `caseless` text ("london (cnn) --", "-lrb- cnn -rrb-" joined again) only a known wire's
    /// name in parentheses makes a dateline, since capitals cannot tell a place from a word.
    static func read(_ scalars: [Unicode.Scalar], from start: Int, caseless: Bool = false) -> (
        dateline: Dateline, end: Int
    ) {
        if caseless { return caselessWire(scalars, from: start) ?? (Dateline(), start) }
        return withParentheses(scalars, from: start) ?? withDashOnly(scalars, from: start) ?? (Dateline(), start)
    }

    /// Wire names recognised in lower-case text.
    private static let caselessWires: Set<String> = [
        "cnn", "ap", "reuters", "afp", "upi", "bloomberg", "cnnmoney", "mashable", "ew.com", "dpa", "efe", "ansa",
    ]

    /// "(cnn)" or "place, country (ap) --" in text without capitals.
    private static func caselessWire(_ scalars: [Unicode.Scalar], from start: Int) -> (Dateline, Int)? {
        let limit = min(scalars.count, start + maximumPlaceLength + 1)
        var open = start
        while open < limit, scalars[open] != "(" {
            let scalar = scalars[open]
            guard ScalarKind.isLetter(scalar) || scalar == " " || scalar == "," || scalar == "." || scalar == "-"
            else { return nil }
            open += 1
        }
        guard open < limit else { return nil }
        var close = open + 1
        while close < scalars.count, close - open <= 16, scalars[close] != ")" { close += 1 }
        guard close < scalars.count, scalars[close] == ")" else { return nil }
        let source = text(scalars[(open + 1)..<close])
        guard caselessWires.contains(source.lowercased()) else { return nil }
        let place = text(scalars[start..<open])
        guard place.split(separator: " ").count <= 5 else { return nil }
        let end = skipSpace(scalars, from: skipDash(scalars, from: close + 1))
        return (Dateline(place: place, source: source), end)
    }

    /// "PLACE (SOURCE) --" or "(SOURCE)" glued to the first word.
    private static func withParentheses(_ scalars: [Unicode.Scalar], from start: Int) -> (Dateline, Int)? {
        let limit = min(scalars.count, start + maximumPlaceLength + 1)
        var open = start
        while open < limit, scalars[open] != "(" {
            let scalar = scalars[open]
            guard
                ScalarKind.isLetter(scalar) || scalar == " " || scalar == "," || scalar == "."
                    || scalar == "'" || scalar == "\u{2019}" || scalar == "-"
            else { return nil }
            open += 1
        }
        guard open < limit else { return nil }
        let place = text(scalars[start..<open])
        guard place.isEmpty || isPlace(place) else { return nil }
        var close = open + 1
        while close < scalars.count, close - open <= maximumSourceLength, scalars[close] != ")" {
            guard scalars[close] != "(", scalars[close] != "\n" else { return nil }
            close += 1
        }
        guard close < scalars.count, scalars[close] == ")" else { return nil }
        let source = text(scalars[(open + 1)..<close])
        guard let first = source.unicodeScalars.first, ScalarKind.isUppercase(first) || ScalarKind.isDigit(first),
            source.split(separator: " ").count <= 5
        else { return nil }
        let afterDash = skipDash(scalars, from: close + 1)
        let dashed = afterDash > close + 1
        let glued = close + 1 < scalars.count && !ScalarKind.isWhitespace(scalars[close + 1]) && !dashed
        let end = skipSpace(scalars, from: afterDash)
        if end < scalars.count, ScalarKind.isLowercase(scalars[end]) { return nil }
        // "Obama (D) Told": with a place, a space and no dash, only a wire's name makes a dateline.
        if !place.isEmpty, !dashed, !glued, !isWireName(source) { return nil }
        return (Dateline(place: place, source: source), end)
    }

    /// "WASHINGTON --": an all-capitals place followed by a dash.
    private static func withDashOnly(_ scalars: [Unicode.Scalar], from start: Int) -> (Dateline, Int)? {
        let limit = min(scalars.count, start + maximumPlaceLength + 1)
        var index = start
        while index < limit, !isDashMark(scalars, at: index) { index += 1 }
        guard index < limit, index > start else { return nil }
        let place = text(scalars[start..<index])
        guard let firstWord = place.split(separator: " ").first,
            firstWord.count >= 2, firstWord.allSatisfy({ $0.isUppercase || $0 == "," || $0 == "." }),
            isPlace(place)
        else { return nil }
        let end = skipSpace(scalars, from: skipDash(scalars, from: index))
        guard end > index else { return nil }
        return (Dateline(place: place, source: nil), end)
    }

    /// A dash that separates a dateline: "--", "—" or "–", never the hyphen inside a word.
    private static func isDashMark(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let scalar = scalars[index]
        if scalar == "\u{2014}" || scalar == "\u{2013}" { return true }
        return scalar == "-" && index + 1 < scalars.count && scalars[index + 1] == "-"
    }

    /// Wire and network names that open datelines: short all-capitals names or well-known wires.
    private static func isWireName(_ source: String) -> Bool {
        let letters = source.filter(\.isLetter)
        if letters.count >= 2, letters.allSatisfy(\.isUppercase) { return true }
        return ["Reuters", "CNNMoney", "CNN Student News", "Mashable", "Bloomberg"].contains(source)
    }

    private static func isPlace(_ place: String) -> Bool {
        let words = place.split(whereSeparator: { $0 == " " || $0 == "," })
        guard !words.isEmpty, words.count <= 6, let first = words.first?.first, first.isUppercase else { return false }
        return words.allSatisfy { word in
            guard let initial = word.first else { return true }
            return initial.isUppercase || placeConnectors.contains(word.lowercased())
        }
    }

    private static func skipDash(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = skipSpace(scalars, from: start)
        let dashStart = index
        while index < scalars.count, ScalarKind.isDash(scalars[index]) { index += 1 }
        return index > dashStart ? index : start
    }

    private static func skipSpace(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        return index
    }

    private static func text(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(slice)).trimmingWhitespace()
    }
}
