import DatelineCore
import Foundation

/// Reads the topic names out of a page's "All About" line, whether its links were kept apart
/// ("All About Malaysia • Abdullah Ahmad Badawi") or ran together when scraped
/// ("All About KosovoSerbiaHashim Thaci").
enum AllAboutTopics {
    /// Separators text browsers and scrapers leave between topic links.
    static let separators: Set<Character> = ["•", "·", "|", "●", "▪"]

    /// Name prefixes that stay joined to the capital after them: "McCain", "DeLay", "MacArthur".
    static let namePrefixes: Set<String> = ["Mac", "Van", "Von", "Fitz", "Della", "Dos", "Das"]

    /// The topic names on `line`, in order, without duplicates.
    ///
    /// - Parameter storyText: the story's own text (headline, highlights, body). Where two names ran
    ///   together, a capital after a lower-case letter starts a new name — unless the joined word
    ///   appears in the story ("YouTube", "ExxonMobil") or starts with a short name prefix ("McCain").
    static func topics(fromLine line: String, storyText: [String]) -> [String] {
        var rest = Substring(line.trimmingWhitespace())
        if rest.lowercased().hasPrefix("all about") { rest = rest.dropFirst("all about".count) }
        let pieces = rest.split(whereSeparator: { separators.contains($0) }).map { String($0).trimmingWhitespace() }
        var names: [String]
        if pieces.count > 1 {
            names = pieces
        } else {
            var storyWords: Set<Substring>?
            names = splitRunTogether(String(rest).trimmingWhitespace()) { joined in
                if storyWords == nil { storyWords = words(in: storyText) }
                return storyWords?.contains(Substring(joined)) ?? false
            }
        }
        var seen = Set<String>()
        let edges = CharacterSet(charactersIn: "»?").union(.whitespaces)
        return names.map { $0.trimmingCharacters(in: edges) }.filter { name in
            !name.isEmpty && name.contains(where: \.isLetter) && seen.insert(name.lowercased()).inserted
        }
    }

    /// Splits "KosovoSerbiaHashim Thaci" at each lower-to-upper case step that is not inside a word
    /// the story itself uses.
    static func splitRunTogether(_ text: String, storyUses: (String) -> Bool) -> [String] {
        let characters = Array(text)
        var names: [String] = []
        var current = ""
        var wordStart = 0
        for (index, character) in characters.enumerated() {
            if index > 0, character.isUppercase, characters[index - 1].isLowercase {
                let left = String(characters[wordStart..<index])
                var rightEnd = index + 1
                while rightEnd < characters.count, !characters[rightEnd].isWhitespace,
                    !(characters[rightEnd].isUppercase && characters[rightEnd - 1].isLowercase)
                {
                    rightEnd += 1
                }
                let joined = left + String(characters[index..<rightEnd])
                let segmentStart = characters[wordStart..<index].lastIndex(where: \.isUppercase) ?? wordStart
                if !keepsJoined(String(characters[segmentStart..<index])) && !storyUses(joined) {
                    names.append(current)
                    current = ""
                    wordStart = index
                }
            }
            if character.isWhitespace { wordStart = index + 1 }
            current.append(character)
        }
        names.append(current)
        return names.map { $0.trimmingWhitespace() }
    }

    /// True when the letters before a capital (from the previous capital or the word's start) are a
    /// name prefix ("Mc", "De", "Mac") or a lower-case brand start ("iPhone", "eBay").
    private static func keepsJoined(_ segment: String) -> Bool {
        segment.count <= 2 || namePrefixes.contains(segment) || segment.first?.isLowercase == true
    }

    /// The words of the story, split at anything but letters and digits.
    private static func words(in texts: [String]) -> Set<Substring> {
        var words = Set<Substring>()
        for text in texts {
            for word in text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
                words.insert(word)
            }
        }
        return words
    }
}
