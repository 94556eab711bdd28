import Foundation

extension EncodedWord {
    /// `text` with its RFC 2047 encoded-words (`=?charset?B|Q?…?=`) decoded; white space between
    /// two adjacent encoded-words is dropped, as the RFC says. A malformed word stays as written.
    static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        var output = ""
        var rest = Substring(text)
        var pendingSpace = ""
        var lastWasEncoded = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            guard let word = decodeWord(afterStart) else {
                output += pendingSpace + before + "=?"
                pendingSpace = ""
                rest = afterStart
                lastWasEncoded = false
                continue
            }
            if lastWasEncoded && before.allSatisfy({ $0 == " " || $0 == "\t" }) {
                // Only white space between two encoded-words: it is dropped.
            } else {
                output += pendingSpace + before
            }
            pendingSpace = ""
            output += word.text
            rest = afterStart[word.end...]
            lastWasEncoded = true
        }
        return output + pendingSpace + rest
    }

    /// Decodes `charset?encoding?text?=` at the start of `word`; nil when it is not an encoded-word.
    private static func decodeWord(_ word: Substring) -> (text: String, end: Substring.Index)? {
        let parts = word.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].count <= 40 else { return nil }
        let encoded = parts[2]
        guard let close = encoded.range(of: "?=") else { return nil }
        let payload = encoded[..<close.lowerBound]
        guard !payload.contains(" ") else { return nil }
        // RFC 2231 allows a language after '*' in the charset: "utf-8*en".
        let charset = String(parts[0].split(separator: "*").first ?? parts[0])
        let bytes: [UInt8]?
        switch parts[1].lowercased() {
        case "b": bytes = TransferEncoding.base64Decoded(Array(payload.utf8))
        case "q": bytes = TransferEncoding.quotedPrintableDecoded(Array(payload.utf8), underscoreIsSpace: true)
        default: return nil
        }
        guard let bytes else { return nil }
        return (Charset.decode(bytes, charset: charset), close.upperBound)
    }
}
