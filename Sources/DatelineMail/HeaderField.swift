/// Renders one header field, folding it between tokens so that lines stay within RFC 5322's
/// recommended 78 characters (a single token longer than that stays whole on its own line, and
/// no token is ever longer than the hard limit of 998).
struct HeaderField {
    /// The field name, e.g. `Subject`.
    var name: String
    /// Pieces of the field body that were separated by one space; a line may be folded before any of them.
    var tokens: [String]

    static let preferredLineLength = 78

    /// `Name: body` with CRLF line ends, including the final CRLF.
    func rendered() -> String {
        var output = name + ":"
        var lineLength = output.utf8.count
        for token in tokens {
            let width = token.utf8.count
            // Folding before an empty token would leave a line of only white space, which RFC 5322 forbids.
            if lineLength + 1 + width > Self.preferredLineLength && lineLength > name.utf8.count + 1 && !token.isEmpty {
                output += "\r\n " + token
                lineLength = 1 + width
            } else {
                output += " " + token
                lineLength += 1 + width
            }
        }
        return output + "\r\n"
    }

    /// Tokens for free text (Subject, extra headers): the words as they are when the text is plain
    /// printable ASCII that cannot be mistaken for an encoded-word, encoded-words otherwise.
    static func unstructuredTokens(_ text: String) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let plain =
            HeaderText.isPrintableASCII(text) && !text.contains("=?")
            && words.allSatisfy { $0.utf8.count <= preferredLineLength - 2 }
        if plain { return words.map(String.init) }
        return EncodedWord.encode(text)
    }

    /// Tokens for a display name: atoms as they are, a quoted string for short ASCII names with
    /// specials, encoded-words for everything else.
    static func phraseTokens(_ name: String) -> [String] {
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        let isAtomText = name.utf8.allSatisfy { HeaderText.isAtext($0) || $0 == UInt8(ascii: " ") }
        if isAtomText && !name.contains("=?") && words.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 60 }) {
            return words.map(String.init)
        }
        if HeaderText.isPrintableASCII(name) && !name.contains("=?") && name.utf8.count <= 60 {
            var quoted = "\""
            for character in name {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return [quoted + "\""]
        }
        return EncodedWord.encode(name)
    }

    /// Tokens for a list of mailboxes separated by commas.
    static func mailboxListTokens(_ mailboxes: [Mailbox]) -> [String] {
        var tokens: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            var part: [String] = []
            if let name = mailbox.displayName {
                part = phraseTokens(name) + ["<" + mailbox.address.string + ">"]
            } else {
                part = [mailbox.address.string]
            }
            if index < mailboxes.count - 1 { part[part.count - 1] += "," }
            tokens += part
        }
        return tokens
    }

}
