import DatelineCore

/// Turns story copy as it arrives — HTML or Markdown markup, HTML entities, research-corpus
/// tokenisation ("-lrb- cnn -rrb- he said , `` no . ''"), wire slug and byline lines, text without
/// sentence punctuation — into the plain text ``SentenceSplitter`` reads, so highlights and topics
/// never carry markup, entities, footnote marks or slugs.
///
/// Every step is one pass over the text (or skipped when the text has nothing for it to do), so
/// the time grows linearly with the input. Clean plain text comes back unchanged.
public enum CopyCleaner {
    /// The plain text of `copy`: markup and entities gone, tokenised text joined again, slug
    /// lines dropped, and a period set where text without sentence punctuation plainly ends one.
    public static func plainText(_ copy: String) -> String {
        let (scalars, changed) = cleaned(copy)
        return changed ? String(String.UnicodeScalarView(scalars)) : copy
    }

    /// The scalars of `text`: for ASCII text straight from its bytes, without decoding UTF-8.
    static func scalars(of text: String) -> [Unicode.Scalar] {
        var text = text
        let ascii = text.withUTF8 { bytes -> [Unicode.Scalar]? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return bytes.map { Unicode.Scalar($0) }
        }
        return ascii ?? Array(text.unicodeScalars)
    }

    /// ``plainText(_:)`` as the scalars the sentence splitter reads, without making a string.
    static func plainScalars(_ copy: String) -> [Unicode.Scalar] { cleaned(copy).scalars }

    private static func cleaned(_ copy: String) -> (scalars: [Unicode.Scalar], changed: Bool) {
        var scalars = Self.scalars(of: copy)
        guard !scalars.isEmpty else { return (scalars, false) }
        var changed = false
        if scalars.contains("&") {
            changed = HTMLEntities.decode(&scalars) || changed
        }
        if scalars.contains("<") {
            changed = Markup.stripTags(&scalars) || changed
            if scalars.contains("&") { changed = HTMLEntities.decode(&scalars) || changed }
        }
        if Tokenised.looksTokenised(scalars) {
            scalars = Tokenised.joined(scalars)
            changed = true
        }
        changed = Markup.stripMarkdown(&scalars) || changed
        changed = WireSlug.dropLeadingLines(&scalars) || changed
        changed = Unpunctuated.markSentences(&scalars) || changed
        return (scalars, changed)
    }
}

// MARK: - HTML entities

/// Decodes `&amp;`, `&rsquo;`, `&#8217;` and `&#x2019;`; unknown names stay as written.
enum HTMLEntities {
    /// The named entities news copy uses; `nbsp` and its kin become plain spaces.
    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ensp": " ", "emsp": " ",
        "thinsp": " ", "rsquo": "\u{2019}", "lsquo": "\u{2018}", "rdquo": "\u{201D}", "ldquo": "\u{201C}",
        "sbquo": "\u{201A}", "bdquo": "\u{201E}", "mdash": "\u{2014}", "ndash": "\u{2013}", "hellip": "\u{2026}",
        "laquo": "\u{00AB}", "raquo": "\u{00BB}", "lsaquo": "\u{2039}", "rsaquo": "\u{203A}", "copy": "\u{00A9}",
        "reg": "\u{00AE}", "trade": "\u{2122}", "deg": "\u{00B0}", "middot": "\u{00B7}", "bull": "\u{2022}",
        "euro": "\u{20AC}", "pound": "\u{00A3}", "yen": "\u{00A5}", "cent": "\u{00A2}", "sect": "\u{00A7}",
        "para": "\u{00B6}", "frac12": "\u{00BD}", "frac14": "\u{00BC}", "frac34": "\u{00BE}", "times": "\u{00D7}",
        "divide": "\u{00F7}", "prime": "\u{2032}", "Prime": "\u{2033}", "iexcl": "\u{00A1}", "iquest": "\u{00BF}",
        "ordf": "\u{00AA}", "ordm": "\u{00BA}", "shy": "\u{00AD}", "zwj": "\u{200D}", "zwnj": "\u{200C}",
        "szlig": "\u{00DF}", "aelig": "\u{00E6}", "AElig": "\u{00C6}", "oelig": "\u{0153}", "OElig": "\u{0152}",
        "eth": "\u{00F0}", "thorn": "\u{00FE}", "minus": "\u{2212}", "plusmn": "\u{00B1}", "micro": "\u{00B5}",
    ]

    /// Letters with accents, by the entity's mark: `&eacute;` is "e" with "acute".
    private static let marks: [String: [Character: Unicode.Scalar]] = [
        "acute": [
            "a": "\u{E1}", "e": "\u{E9}", "i": "\u{ED}", "o": "\u{F3}", "u": "\u{FA}", "y": "\u{FD}",
            "A": "\u{C1}", "E": "\u{C9}", "I": "\u{CD}", "O": "\u{D3}", "U": "\u{DA}", "Y": "\u{DD}",
        ],
        "grave": [
            "a": "\u{E0}", "e": "\u{E8}", "i": "\u{EC}", "o": "\u{F2}", "u": "\u{F9}",
            "A": "\u{C0}", "E": "\u{C8}", "I": "\u{CC}", "O": "\u{D2}", "U": "\u{D9}",
        ],
        "circ": [
            "a": "\u{E2}", "e": "\u{EA}", "i": "\u{EE}", "o": "\u{F4}", "u": "\u{FB}",
            "A": "\u{C2}", "E": "\u{CA}", "I": "\u{CE}", "O": "\u{D4}", "U": "\u{DB}",
        ],
        "uml": [
            "a": "\u{E4}", "e": "\u{EB}", "i": "\u{EF}", "o": "\u{F6}", "u": "\u{FC}", "y": "\u{FF}",
            "A": "\u{C4}", "E": "\u{CB}", "I": "\u{CF}", "O": "\u{D6}", "U": "\u{DC}",
        ],
        "tilde": ["a": "\u{E3}", "o": "\u{F5}", "n": "\u{F1}", "A": "\u{C3}", "O": "\u{D5}", "N": "\u{D1}"],
        "cedil": ["c": "\u{E7}", "C": "\u{C7}"],
        "ring": ["a": "\u{E5}", "A": "\u{C5}"],
        "slash": ["o": "\u{F8}", "O": "\u{D8}"],
    ]

    /// The scalar a name stands for, or nil for a name this table does not know.
    static func scalar(named name: String) -> Unicode.Scalar? {
        if let scalar = named[name] { return scalar }
        guard let letter = name.first else { return nil }
        return marks[String(name.dropFirst())]?[letter]
    }

    /// Decodes in place; returns true when anything was decoded. One pass, so `&amp;amp;` becomes
    /// `&amp;` (the caller decodes again after stripping tags, which handles double escaping).
    static func decode(_ scalars: inout [Unicode.Scalar]) -> Bool {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var index = 0
        var changed = false
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            guard scalar == "&", let (decoded, end) = entity(in: scalars, at: index) else {
                out.append(scalar)
                index += 1
                continue
            }
            out.append(decoded)
            index = end
            changed = true
        }
        if changed { scalars = out }
        return changed
    }

    /// The entity starting at `start` (which holds "&") and the index after its ";".
    private static func entity(in scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        var index = start + 1
        let limit = min(scalars.count, start + 12)
        if index < limit, scalars[index] == "#" {
            index += 1
            var hex = false
            if index < limit, scalars[index] == "x" || scalars[index] == "X" {
                hex = true
                index += 1
            }
            var value: UInt32 = 0
            let digitsStart = index
            while index < limit, let digit = Int(String(scalars[index]), radix: hex ? 16 : 10) {
                value = value &* (hex ? 16 : 10) &+ UInt32(digit)
                index += 1
            }
            guard index > digitsStart, index < scalars.count, scalars[index] == ";", value < 0x11_0000 else {
                return nil
            }
            // Windows-1252 punctuation sent as numbers (&#146;) is what the writer meant.
            let mapped = windows1252[value] ?? value
            guard let scalar = Unicode.Scalar(mapped), mapped != 0 else { return nil }
            return (scalar == "\u{A0}" ? " " : scalar, index + 1)
        }
        var name = ""
        while index < limit, ScalarKind.isWordScalar(scalars[index]), scalars[index].isASCII {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard !name.isEmpty, index < scalars.count, scalars[index] == ";", let scalar = scalar(named: name) else {
            return nil
        }
        return (scalar, index + 1)
    }

    private static let windows1252: [UInt32: UInt32] = [
        145: 0x2018, 146: 0x2019, 147: 0x201C, 148: 0x201D, 150: 0x2013, 151: 0x2014, 133: 0x2026, 160: 0x20,
    ]
}

// MARK: - Markup

/// Strips HTML tags and Markdown syntax, keeping the words a reader sees.
enum Markup {
    /// Elements whose start or end also ends a paragraph.
    static let blockElements: Set<String> = [
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
        "section", "article", "header", "footer", "aside", "figure", "figcaption", "table", "tr", "td", "th",
        "hr", "pre", "main", "nav", "caption", "tbody", "thead",
    ]

    /// Elements whose content is never story text.
    static let hiddenElements: Set<String> = ["script", "style", "noscript", "template", "head", "title", "svg"]

    /// The longest tag read; a "<" with no ">" within it is text.
    static let maximumTagLength = 2_000

    /// Removes tags in place: block elements become paragraph breaks, hidden elements go with
    /// their content, comments go; returns true when anything was removed.
    static func stripTags(_ scalars: inout [Unicode.Scalar]) -> Bool {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var index = 0
        var changed = false
        var hiddenUntil: String?
        var closers = NextOccurrence(of: ">")
        var commentEnds = NextOccurrence(of: ">", after: "--")
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            guard scalar == "<", let tag = readTag(scalars, at: index, closers: &closers, commentEnds: &commentEnds)
            else {
                if hiddenUntil == nil { out.append(scalar) }
                index += 1
                continue
            }
            changed = true
            index = tag.end
            if let hidden = hiddenUntil {
                if tag.closing, tag.name == hidden { hiddenUntil = nil }
                continue
            }
            if !tag.closing, !tag.selfClosing, hiddenElements.contains(tag.name) {
                hiddenUntil = tag.name
            } else if blockElements.contains(tag.name) {
                out.append(contentsOf: ["\n", "\n"])
            } else if tag.name == "sup", !tag.closing {
                // A footnote reference is a <sup>; a space keeps "said.<sup>1</sup>" from gluing.
                out.append(" ")
            }
        }
        if changed { scalars = out }
        return changed
    }

    private struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var end: Int
    }

    /// The tag or comment at `start` ("<"), or nil when the "<" is text ("a < b", "<3"). The tag
    /// ends at the first ">" (a ">" inside a quoted attribute ends it early, which costs an
    /// attribute's tail at worst); the cursors only move forward, so a text full of "<" stays linear.
    private static func readTag(
        _ scalars: [Unicode.Scalar], at start: Int, closers: inout NextOccurrence, commentEnds: inout NextOccurrence
    ) -> Tag? {
        let count = scalars.count
        var index = start + 1
        guard index < count else { return nil }
        if scalars[index] == "!" {
            let isComment = index + 2 < count && scalars[index + 1] == "-" && scalars[index + 2] == "-"
            let limit = start + (isComment ? 100_000 : maximumTagLength)
            let cursor =
                isComment ? commentEnds.next(in: scalars, from: index + 3) : closers.next(in: scalars, from: index)
            guard let end = cursor, end < limit else { return nil }
            return Tag(name: "!", closing: false, selfClosing: true, end: end + 1)
        }
        var closing = false
        if scalars[index] == "/" {
            closing = true
            index += 1
        }
        guard index < count, scalars[index].isASCII, ScalarKind.isLetter(scalars[index]) else { return nil }
        var name = ""
        while index < count, scalars[index].isASCII, ScalarKind.isWordScalar(scalars[index]), name.utf8.count < 16 {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard index < count else { return nil }
        let next = scalars[index]
        // "<a href", "<p>", "<br/>": a name then a space, ">" or "/"; "<https://…>" autolinks too.
        guard next == ">" || next == "/" || next == ":" || ScalarKind.isWhitespace(next) else { return nil }
        guard var end = closers.next(in: scalars, from: index), end - start < maximumTagLength else { return nil }
        // A ">" inside a quoted attribute (title="a > b") does not end the tag; the search for the
        // real end goes a short way past the first ">", so a text of stray quotes stays linear.
        var quote: Unicode.Scalar?
        var scan = index
        let reach = min(count, end + 64)
        while scan < reach {
            let scalar = scalars[scan]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                end = scan
                break
            }
            scan += 1
        }
        let selfClosing = scalars[end - 1] == "/"
        return Tag(name: name.lowercased(), closing: closing, selfClosing: selfClosing, end: end + 1)
    }

    /// Removes Markdown syntax in place — heading marks, list bullets, quote marks, links and
    /// images, emphasis, code spans — and footnote marks ("[1]", "[^2]"); returns true when
    /// anything changed.
    static func stripMarkdown(_ scalars: inout [Unicode.Scalar]) -> Bool {
        guard mayHoldMarkdown(scalars) else { return false }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var changed = false
        var index = 0
        let count = scalars.count
        var lineStart = true
        var cursors = LinkCursors()
        while index < count {
            if lineStart {
                lineStart = false
                if let (end, isBreak) = lineMarker(scalars, at: index) {
                    changed = true
                    // Headings and list items stand as paragraphs of their own.
                    if isBreak, !out.isEmpty { out.append(contentsOf: ["\n", "\n"]) }
                    index = end
                    continue
                }
            }
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                out.append(scalar)
                lineStart = true
                index += 1
            case "!" where index + 1 < count && scalars[index + 1] == "[":
                if let link = readLink(scalars, at: index + 1, cursors: &cursors) {
                    // An image says nothing the story does.
                    index = link.end
                    changed = true
                } else {
                    out.append(scalar)
                    index += 1
                }
            case "[":
                if let end = footnoteMark(scalars, at: index) {
                    index = end
                    changed = true
                } else if let link = readLink(scalars, at: index, cursors: &cursors) {
                    out.append(contentsOf: scalars[link.text])
                    index = link.end
                    changed = true
                } else {
                    out.append(scalar)
                    index += 1
                }
            case "*", "_", "`", "~":
                var end = index
                while end < count, scalars[end] == scalar { end += 1 }
                let before = index > 0 ? scalars[index - 1] : " "
                let after = end < count ? scalars[end] : " "
                let beforeIsWord = ScalarKind.isWordScalar(before)
                let afterIsWord = ScalarKind.isWordScalar(after)
                let isMarker: Bool
                switch scalar {
                case "_":
                    // snake_case stays; "_word_" loses its marks.
                    isMarker = !(beforeIsWord && afterIsWord)
                case "~":
                    isMarker = end - index == 2
                case "`":
                    isMarker = true
                default:
                    // "a * b" is arithmetic and "f***ing" a word as printed, not emphasis.
                    isMarker =
                        !(ScalarKind.isWhitespace(before) && ScalarKind.isWhitespace(after))
                        && !(beforeIsWord && afterIsWord)
                }
                if isMarker {
                    changed = true
                } else {
                    out.append(contentsOf: scalars[index..<end])
                }
                index = end
            default:
                out.append(scalar)
                index += 1
            }
        }
        if changed { scalars = out }
        return changed
    }

    /// True when the text has an inline mark ("[", "*", "_", "`", "~") or a line that opens with
    /// a heading, quote, bullet or number mark: a quick look that spares plain text the rewrite.
    static func mayHoldMarkdown(_ scalars: [Unicode.Scalar]) -> Bool {
        var lineStart = true
        var indent = 0
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "[", "*", "_", "`", "~":
                return true
            case "\n":
                lineStart = true
                indent = 0
            case " " where lineStart && indent < 3:
                indent += 1
            default:
                if lineStart {
                    if scalar == "#" || scalar == ">" || scalar == "-" || scalar == "+" { return true }
                    if ScalarKind.isDigit(scalar), index + 1 < scalars.count, scalars[index + 1] == "." {
                        return true
                    }
                }
                lineStart = false
            }
        }
        return false
    }

    /// A Markdown line opener at `start`: heading marks, bullets, numbered-list marks, quote
    /// marks, rules, table rows and link definitions. Returns where the line's text starts and
    /// whether the line stands as a paragraph of its own.
    private static func lineMarker(_ scalars: [Unicode.Scalar], at start: Int) -> (Int, Bool)? {
        let count = scalars.count
        var index = start
        while index < count, index - start < 3, scalars[index] == " " { index += 1 }
        guard index < count else { return nil }
        let first = scalars[index]
        func spaceAfter(_ end: Int) -> Int? {
            guard end < count, scalars[end] == " " || scalars[end] == "\t" else { return nil }
            var after = end
            while after < count, scalars[after] == " " || scalars[after] == "\t" { after += 1 }
            return after
        }
        switch first {
        case "#":
            var end = index
            while end < count, scalars[end] == "#", end - index < 6 { end += 1 }
            guard let text = spaceAfter(end) else { return nil }
            return (text, true)
        case ">":
            var end = index + 1
            while end < count, scalars[end] == ">" || scalars[end] == " " { end += 1 }
            return (end, false)
        case "-", "*", "+", "_":
            // A rule ("---", "***") is dropped with its line; a bullet leaves its item.
            var end = index
            var marks = 0
            while end < count, scalars[end] == first || scalars[end] == " " {
                if scalars[end] == first { marks += 1 }
                end += 1
            }
            if marks >= 3, end >= count || scalars[end] == "\n" { return (end, true) }
            guard first != "_", let text = spaceAfter(index + 1) else { return nil }
            return (text, true)
        case "[":
            // "[1]: https://…" defines a link; the line goes.
            guard let close = scalars[index...].prefix(200).firstIndex(of: "]"), close + 1 < count,
                scalars[close + 1] == ":"
            else { return nil }
            var end = close + 1
            while end < count, scalars[end] != "\n" { end += 1 }
            return (end, true)
        default:
            guard ScalarKind.isDigit(first) else { return nil }
            var end = index
            while end < count, ScalarKind.isDigit(scalars[end]), end - index < 3 { end += 1 }
            guard end < count, scalars[end] == "." || scalars[end] == ")", let text = spaceAfter(end + 1),
                text < count, !ScalarKind.isDigit(scalars[text])
            else { return nil }
            // "1. The vote" might be a list item or a sentence about a number; only a list reads so.
            return (text, true)
        }
    }

    /// "[1]", "[12]", "[^3]", "[a]" and "[citation needed]": footnote marks, not words.
    private static func footnoteMark(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        let count = scalars.count
        var index = start + 1
        let limit = min(count, start + 24)
        let caret = index < limit && scalars[index] == "^"
        if caret { index += 1 }
        let contentStart = index
        while index < limit, scalars[index] != "]" {
            guard scalars[index] != "[", scalars[index] != "\n" else { return nil }
            index += 1
        }
        guard index < limit, index > contentStart else { return nil }
        // A link's text is followed by "(" or "["; a footnote mark is not.
        if index + 1 < count, scalars[index + 1] == "(" || scalars[index + 1] == "[" { return nil }
        let content = scalars[contentStart..<index]
        let text = String(String.UnicodeScalarView(content)).lowercased()
        if caret || content.allSatisfy(ScalarKind.isDigit) || text == "citation needed" || text == "edit" {
            return index + 1
        }
        // "[a]", "[b]": a lone lower-case letter right after a word or a period.
        if content.count == 1, let only = content.first, ScalarKind.isLowercase(only), start > 0,
            !ScalarKind.isWhitespace(scalars[start - 1])
        {
            return index + 1
        }
        return nil
    }

    private struct Link {
        var text: Range<Int>
        var end: Int
    }

    /// The forward-only cursors `readLink` searches with, so a text full of "[" stays linear.
    struct LinkCursors {
        var closeBracket = NextOccurrence(of: "]")
        var closeParenthesis = NextOccurrence(of: ")")
        var newline = NextOccurrence(of: "\n")
    }

    /// "[text](url)" or "[text][ref]" at `start` ("["): the text's range and the index after it.
    /// The text ends at the first "]" and the address at the first ")", on the same line.
    private static func readLink(_ scalars: [Unicode.Scalar], at start: Int, cursors: inout LinkCursors) -> Link? {
        let count = scalars.count
        guard let close = cursors.closeBracket.next(in: scalars, from: start + 1), close - start <= 1_000,
            close + 1 < count
        else { return nil }
        let opener = scalars[close + 1]
        guard opener == "(" || opener == "[" else { return nil }
        let end: Int?
        if opener == "(" {
            end = cursors.closeParenthesis.next(in: scalars, from: close + 2)
        } else {
            end = cursors.closeBracket.next(in: scalars, from: close + 2)
        }
        guard let end, end - close <= 2_000 else { return nil }
        // The address stays on one line.
        if let lineBreak = cursors.newline.next(in: scalars, from: close + 1), lineBreak < end { return nil }
        return Link(text: (start + 1)..<close, end: end + 1)
    }
}

/// The next index, at or after a position, holding a scalar (optionally preceded by a given
/// pair, as "-->" ends a comment). Queries must come with positions that never go backwards, so
/// every search over a text costs one pass in all.
struct NextOccurrence {
    let target: Unicode.Scalar
    let preceding: [Unicode.Scalar]
    private var found: Int = -1
    private var searchedTo: Int = 0

    init(of target: Unicode.Scalar, after preceding: String = "") {
        self.target = target
        self.preceding = Array(preceding.unicodeScalars)
    }

    /// The first matching index at or after `position`, or nil when none is left.
    mutating func next(in scalars: [Unicode.Scalar], from position: Int) -> Int? {
        if found == Int.max { return nil }
        // A query behind the last one (nested brackets) may get a later match; never a wrong kind.
        if found >= position { return found }
        var index = max(position, searchedTo)
        while index < scalars.count {
            if scalars[index] == target, matchesPreceding(scalars, at: index) {
                found = index
                searchedTo = index + 1
                return index
            }
            index += 1
        }
        searchedTo = scalars.count
        found = Int.max
        return nil
    }

    private func matchesPreceding(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index >= preceding.count else { return preceding.isEmpty }
        for (offset, scalar) in preceding.enumerated() where scalars[index - preceding.count + offset] != scalar {
            return false
        }
        return true
    }
}

// MARK: - Tokenised text

/// Text tokenised as research corpora and some wire feeds have it: spaces around punctuation,
/// `` and '' for quotes, -lrb- and -rrb- for brackets, "do n't", "it 's".
enum Tokenised {
    /// True when commas and periods mostly stand apart from the words before them, or the
    /// corpus bracket and quote tokens appear.
    static func looksTokenised(_ scalars: [Unicode.Scalar]) -> Bool {
        var spaced = 0
        var glued = 0
        var special = 0
        let count = scalars.count
        var index = 0
        while index < count {
            let scalar = scalars[index]
            if index > 0, scalar == "," || scalar == "." {
                let after = index + 1 < count ? scalars[index + 1] : " "
                // Only marks followed by a space: "3.5" and "U.S." inside words say nothing.
                if ScalarKind.isWhitespace(after) {
                    if scalars[index - 1] == " " {
                        spaced += 1
                    } else if ScalarKind.isWordScalar(scalars[index - 1]) {
                        glued += 1
                    }
                }
            } else if scalar == "-", index + 4 < count, scalars[index + 4] == "-",
                scalars[index + 1] == "l" || scalars[index + 1] == "r" || scalars[index + 1] == "L"
                    || scalars[index + 1] == "R"
            {
                let word = String(String.UnicodeScalarView(scalars[(index + 1)..<(index + 4)])).lowercased()
                if bracketTokens["-\(word)-"] != nil { special += 1 }
            } else if scalar == "`", index > 0, scalars[index - 1] == "`" {
                special += 1
            }
            index += 1
        }
        // "-lrb-" and "``" never stand in ordinary text: two of them settle it.
        return (spaced >= 3 && spaced > glued * 2) || special >= 2
    }

    static let bracketTokens: [String: Unicode.Scalar] = [
        "-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "-lcb-": "{", "-rcb-": "}",
    ]

    /// Tokens written with no space before them.
    private static let attachLeft: Set<String> = [
        ",", ".", ";", ":", "?", "!", "%", ")", "]", "}", "''", "'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "'",
        "...", "\u{2019}s",
    ]

    /// Tokens written with no space after them.
    private static let attachRight: Set<String> = ["(", "[", "{", "``", "$", "#", "`"]

    /// The text joined again: "he said , `` no . ''" becomes "he said, \"no.\"". Line breaks stay.
    static func joined(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var noSpaceNext = true
        var index = 0
        let count = scalars.count
        var openQuote = false
        while index < count {
            let scalar = scalars[index]
            if scalar == "\n" {
                out.append(scalar)
                noSpaceNext = true
                index += 1
                continue
            }
            if ScalarKind.isWhitespace(scalar) {
                index += 1
                continue
            }
            var end = index
            while end < count, !ScalarKind.isWhitespace(scalars[end]) { end += 1 }
            var token = String(String.UnicodeScalarView(scalars[index..<end]))
            let lower = token.lowercased()
            var spaceBefore = !noSpaceNext
            var spaceAfter = true
            switch lower {
            case "``":
                token = "\""
                spaceAfter = false
                openQuote = true
            case "''":
                token = "\""
                spaceBefore = false
                openQuote = false
            case "\"":
                if openQuote { spaceBefore = false } else { spaceAfter = false }
                openQuote.toggle()
            case "`":
                token = "'"
                spaceAfter = false
            default:
                if let bracket = bracketTokens[lower] {
                    token = String(bracket)
                    if bracket == "(" || bracket == "[" || bracket == "{" {
                        spaceAfter = false
                    } else {
                        spaceBefore = false
                    }
                } else {
                    if attachLeft.contains(lower) { spaceBefore = false }
                    if attachRight.contains(lower) { spaceAfter = false }
                }
            }
            if spaceBefore { out.append(" ") }
            out.append(contentsOf: token.unicodeScalars)
            noSpaceNext = !spaceAfter
            index = end
        }
        return out
    }
}

// MARK: - Wire slugs and bylines

/// The lines a wire feed puts above its story: "BC-US--Budget,0412", "URGENT", "By JANE DOE",
/// "Associated Press Writer".
enum WireSlug {
    /// Drops such lines from the head of the text; returns true when any went.
    static func dropLeadingLines(_ scalars: inout [Unicode.Scalar]) -> Bool {
        var start = 0
        var dropped = false
        let count = scalars.count
        for _ in 0..<8 {
            while start < count, ScalarKind.isWhitespace(scalars[start]) { start += 1 }
            var end = start
            while end < count, scalars[end] != "\n", end - start <= 120 { end += 1 }
            guard end < count, scalars[end] == "\n" else { break }
            let line = String(String.UnicodeScalarView(scalars[start..<end])).trimmingWhitespace()
            guard isSlugOrByline(line) else { break }
            start = end + 1
            dropped = true
        }
        if dropped { scalars.removeSubrange(0..<start) }
        return dropped
    }

    /// True for a slug, keyword, priority or byline line.
    static func isSlugOrByline(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard !words.isEmpty, words.count <= 10 else { return false }
        let upper = line.uppercased()
        // "BC-US--Budget,0412", "AM-Storm-Florida", "PM-APNewsBreak": a news agency's keyword.
        if let first = words.first, first.count >= 4,
            ["BC-", "AM-", "PM-", "AP-", "SPT-", "FIN-"].contains(where: { upper.hasPrefix($0) })
                || (first.contains("--") && !line.hasSuffix("."))
        {
            return true
        }
        if ["URGENT", "BULLETIN", "FLASH", "ADVISORY", "EDS:", "EDITORS:", "^", "UPDATE"].contains(where: {
            upper.hasPrefix($0)
        }) {
            return true
        }
        let lower = line.lowercased()
        if lower.hasPrefix("by "), words.count <= 7, !line.hasSuffix("."),
            words.dropFirst().allSatisfy({ word in
                word.first.map { $0.isUppercase } == true || ["and", "of", "de", "van", "von", "da"].contains(word)
            })
        {
            return true
        }
        if ["associated press", "reuters", "afp", "ap writer", "staff writer", "press writer"].contains(where: {
            lower.hasSuffix($0)
        }), words.count <= 5 {
            return true
        }
        return false
    }
}

// MARK: - Text without sentence punctuation

/// Text with (nearly) no sentence punctuation — captions, transcripts, some feeds — gets a period
/// at every line end, and long lines are cut before a capitalised sentence opener, so the splitter
/// finds sentences and the highlights read as sentences.
enum Unpunctuated {
    /// Fewer sentence marks than one per this many words means the text has none to speak of.
    static let wordsPerMark = 45

    /// The longest run, in words, left without a cut when nothing in the text says where to cut.
    static let longestRun = 40

    /// True when the text has at least 30 words and fewer sentence ends than one per
    /// ``wordsPerMark`` words. A sentence end is a terminator followed by a space or the end of the
    /// text, not after a one-letter word or a word with inner dots ("U.S.", "J."), which so often
    /// are abbreviations.
    static func isUnpunctuated(_ scalars: [Unicode.Scalar]) -> Bool {
        var words = 0
        var marks = 0
        var wordStart = -1
        var previousWord = 0..<0
        var innerDot = false
        let count = scalars.count
        for index in 0..<count {
            let scalar = scalars[index]
            if ScalarKind.isWordScalar(scalar) {
                if wordStart < 0 {
                    wordStart = index
                    innerDot = false
                    words += 1
                }
                continue
            }
            // The rest of the text holds at most one word per two scalars: once the marks already
            // found are too many for any count of words, the text is punctuated.
            if marks * wordsPerMark >= words + (count - index) / 2 + 1 { return false }
            if wordStart >= 0 {
                if scalar == ".", index + 1 < count, ScalarKind.isWordScalar(scalars[index + 1]) {
                    innerDot = true
                    continue
                }
                previousWord = wordStart..<index
                wordStart = -1
            }
            guard ScalarKind.isSentenceTerminator(scalar) else { continue }
            let after = index + 1 < count ? scalars[index + 1] : " "
            guard ScalarKind.isWhitespace(after) || ScalarKind.isCloser(after) else { continue }
            if scalar == ".", innerDot || previousWord.count == 1 { continue }
            marks += 1
        }
        return words >= 30 && marks * wordsPerMark < words
    }

    /// Sets the periods in place; returns true when the text was treated as unpunctuated.
    static func markSentences(_ scalars: inout [Unicode.Scalar]) -> Bool {
        guard isUnpunctuated(scalars) else { return false }
        let common = lowerCaseWords(scalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count + scalars.count / 50)
        var runWords = 0
        var lastWordEnd = -1
        var index = 0
        let count = scalars.count
        var lastWordOut = 0
        func endSentence() {
            guard runWords > 0 else { return }
            // The period goes after the last word and any closing quote or bracket glued to it,
            // before the space and whatever opens the next sentence.
            var at = lastWordOut
            while at < out.count, !ScalarKind.isWhitespace(out[at]), ScalarKind.isCloser(out[at]) { at += 1 }
            if at > 0, !ScalarKind.isSentenceTerminator(out[at - 1]) {
                out.insert(".", at: at)
            }
            runWords = 0
        }
        while index < count {
            let scalar = scalars[index]
            if scalar == "\n" {
                endSentence()
                out.append(scalar)
                index += 1
                continue
            }
            guard ScalarKind.isWordScalar(scalar), index == 0 || !ScalarKind.isWordScalar(scalars[index - 1]) else {
                if ScalarKind.isSentenceTerminator(scalar) { runWords = 0 }
                out.append(scalar)
                index += 1
                continue
            }
            var end = index
            while end < count,
                ScalarKind.isWordScalar(scalars[end]) || scalars[end] == "'" || scalars[end] == "\u{2019}"
            {
                end += 1
            }
            if runWords >= 4, lastWordEnd >= 0,
                opensSentence(scalars, word: index..<end, previousEnd: lastWordEnd, common: common)
                    || runWords >= longestRun && isWeakBoundary(scalars, word: index..<end)
                    || runWords >= 2 * longestRun
            {
                endSentence()
            }
            out.append(contentsOf: scalars[index..<end])
            lastWordOut = out.count
            runWords += 1
            lastWordEnd = end
            index = end
        }
        endSentence()
        scalars = out
        return true
    }

    /// A capitalised opener ("The", "He", "But") after a lower-case word, or the line's words
    /// after a word that closes a quotation: where a sentence plainly begins.
    private static func opensSentence(
        _ scalars: [Unicode.Scalar], word: Range<Int>, previousEnd: Int, common: Set<String>
    ) -> Bool {
        guard ScalarKind.isUppercase(scalars[word.lowerBound]) else { return false }
        var begin = previousEnd
        while begin > 0, ScalarKind.isWordScalar(scalars[begin - 1]) { begin -= 1 }
        guard begin < previousEnd else { return false }
        let gap = scalars[previousEnd..<word.lowerBound]
        let previousIsLower = ScalarKind.isLowercase(scalars[begin]) || ScalarKind.isDigit(scalars[begin])
        let text = String(String.UnicodeScalarView(scalars[word])).lowercased()
        guard text != "i", !text.hasPrefix("i'") else { return false }
        if gap.contains(where: { $0 == "\"" || $0 == "\u{201C}" || $0 == "\u{201D}" }),
            !gap.contains(where: { $0 == "," || $0 == ":" })
        {
            // '… soccer" Looking back …': a quotation closed, then a capital.
            if let first = gap.first, !ScalarKind.isWhitespace(first) { return true }
            // '… the website "I just let …': a quotation opening after a word, with no comma or
            // colon and no "said" to introduce it, opens a sentence.
            let previous = String(String.UnicodeScalarView(scalars[begin..<previousEnd])).lowercased()
            return !attributionVerbs.contains(previous)
        }
        guard !gap.contains(where: { $0 == "," || $0 == ":" || $0 == "-" || $0 == "\u{2014}" }) else { return false }
        // A capital on a word the text otherwise writes in lower case ("Summarizing", "Countdown"),
        // or on a function word, is a sentence's first capital; "Senate" or "Brazil" is a name.
        let isCommonWord =
            Abbreviations.englishSentenceOpeners.contains(text) || Stopwords.english.contains(text)
            || common.contains(text)
            || (text.count > 4 && (text.hasSuffix("ly") || text.hasSuffix("ing")))
        guard isCommonWord else { return false }
        if previousIsLower { return true }
        // "… San Jose, California The historic …" opens a sentence; "… for The New York Times" does
        // not: after a capitalised word, only an opener followed by a lower-case word counts.
        var next = word.upperBound
        while next < scalars.count, ScalarKind.isWhitespace(scalars[next]) { next += 1 }
        return next < scalars.count && ScalarKind.isLowercase(scalars[next])
    }

    private static let attributionVerbs: Set<String> = [
        "said", "says", "say", "told", "asked", "wrote", "added", "called", "read", "reads",
    ]

    /// The words the text writes in lower case somewhere, lower-cased.
    private static func lowerCaseWords(_ scalars: [Unicode.Scalar]) -> Set<String> {
        var words = Set<String>()
        var index = 0
        let count = scalars.count
        while index < count {
            guard ScalarKind.isLowercase(scalars[index]), index == 0 || !ScalarKind.isWordScalar(scalars[index - 1])
            else {
                index += 1
                continue
            }
            var end = index
            while end < count, ScalarKind.isWordScalar(scalars[end]) || scalars[end] == "'" { end += 1 }
            if end - index <= 24 { words.insert(String(String.UnicodeScalarView(scalars[index..<end]))) }
            index = end
        }
        return words
    }

    /// In caseless run-on text, a function word that often opens a sentence.
    private static func isWeakBoundary(_ scalars: [Unicode.Scalar], word: Range<Int>) -> Bool {
        let text = String(String.UnicodeScalarView(scalars[word])).lowercased()
        return ["the", "he", "she", "they", "it", "but", "in", "a", "this", "we", "i", "on", "after"].contains(text)
    }
}
