import Foundation

/// RFC 2047 encoded-words (`=?utf-8?B?…?=`), the only way to carry non-ASCII text in a header.
enum EncodedWord {
    /// UTF-8 bytes per word: 45 bytes become 60 base64 characters, 72 with the `=?utf-8?B?` and
    /// `?=` around them, inside RFC 2047's limit of 75 per encoded-word.
    static let bytesPerWord = 45

    /// `text` as a sequence of encoded-words, split between Unicode scalars so that every word
    /// decodes on its own. Decoders drop the white space between adjacent encoded-words, so the words
    /// can be folded onto separate lines without changing the text.
    static func encode(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > bytesPerWord {
                words.append(word(for: chunk))
                chunk.removeAll(keepingCapacity: true)
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(for: chunk)) }
        return words
    }

    private static func word(for bytes: [UInt8]) -> String {
        "=?utf-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}
