import Foundation

/// The measurements the highlight scorer weighs for each sentence of a story: where it stands,
/// how long it is, how much of the story's vocabulary and topics it carries, and marks of quotes
/// and attribution that make a poor highlight.
public enum HighlightFeatures {
    /// The feature names, in the order of every feature vector (the fitting script reads them).
    public static let names: [String] = [
        "bias", "first", "second", "third", "fourth", "fifth_to_seventh", "relative_position", "log_position",
        "length", "short", "long", "centrality", "first_sentence_overlap", "topic_coverage", "capitals",
        "has_number", "has_quote", "opens_with_quote", "attribution", "question", "opens_with_pronoun",
        "first_person", "mentions_network", "paragraph_start", "trimmed_ratio", "later_than_tenth",
        "length_squared", "length_if_first", "length_if_second", "length_if_third", "centrality_by_position",
        "coverage_by_position", "centrality_by_coverage", "capitals_by_length", "coverage_if_first",
        "quote_if_first", "capitals_by_position",
    ]

    /// Pronouns and conjunctions whose sentence leans on the one before it.
    static let danglingOpeners: Set<String> = [
        "he", "she", "it", "they", "this", "that", "these", "those", "but", "and", "so", "his", "her", "their",
        "its", "there", "then", "also", "yet", "still", "or", "however",
    ]

    /// First- and second-person words: quotes and columns, rarely highlights.
    static let personalWords: Set<String> = ["i", "we", "you", "my", "our", "your", "me", "us", "i'm", "we're"]

    /// The feature vectors of a story's sentences, in sentence order.
    static func vectors(
        sentences: [Sentence], words: [[Word]], terms: [[Int32]], lexicon: Lexicon, trimmed: [String],
        topics: [ExtractedTopic]
    ) -> [[Double]] {
        let count = sentences.count
        guard count > 0 else { return [] }
        var sentenceFrequency = [Int](repeating: 0, count: lexicon.termCount)
        for set in terms {
            for term in set { sentenceFrequency[Int(term)] += 1 }
        }
        // A topic's terms that no sentence has cannot meet one: only the story's own count.
        let topicTerms: [[Int32]] = topics.prefix(3).map { topic in
            Array(Set(WordTokenizer.words(in: topic.name).compactMap { Term.of($0).flatMap(lexicon.termNumber) }))
                .sorted()
        }
        let firstTerms = terms[0]
        var vectors: [[Double]] = []
        vectors.reserveCapacity(count)
        for index in 0..<count {
            let sentence = sentences[index].text
            let sentenceWords = words[index]
            let length = Double(sentenceWords.count)
            let unique = terms[index]
            let centrality =
                unique.reduce(0.0) { sum, term in sum + Double(min(sentenceFrequency[Int(term)] - 1, 5)) }
                / (Double(unique.count) + 3.0)
            let overlapWithFirst: Double
            if index == 0 || unique.isEmpty || firstTerms.isEmpty {
                overlapWithFirst = 0
            } else {
                overlapWithFirst =
                    Double(TermSet.sharedCount(unique, firstTerms)) / Double(min(unique.count, firstTerms.count))
            }
            let coverage =
                topicTerms.isEmpty
                ? 0
                : Double(topicTerms.reduce(0) { $0 + (TermSet.intersects($1, unique) ? 1 : 0) })
                    / Double(topicTerms.count)
            let innerCapitals = sentenceWords.dropFirst().reduce(0) {
                $0 + ($1.isCapitalized && !$1.opensClause ? 1 : 0)
            }
            let capitals = sentenceWords.count > 1 ? Double(innerCapitals) / Double(sentenceWords.count - 1) : 0
            let hasQuote = ByteText.hasQuote(sentence)
            let opensWithQuote = sentence.unicodeScalars.first.map(ScalarKind.isOpener) ?? false
            let attribution = sentenceWords.contains { $0.marks.contains(.attribution) }
            let question = ByteText.endsAsQuestion(sentence)
            let dangling = sentenceWords.first?.marks.contains(.danglingOpener) ?? false
            let personal = sentenceWords.contains { $0.marks.contains(.personal) }
            let network = sentenceWords.contains { $0.text == "CNN" }
            let paragraphStart = index == 0 || sentences[index - 1].paragraph != sentences[index].paragraph
            let trimmedRatio =
                sentence.isEmpty
                ? 1
                : Double(ByteText.characterCount(trimmed[index])) / Double(max(ByteText.characterCount(sentence), 1))
            let position = Double(index)
            var vector: [Double] = []
            vector.reserveCapacity(names.count)
            vector += [
                1,
                index == 0 ? 1 : 0,
                index == 1 ? 1 : 0,
                index == 2 ? 1 : 0,
                index == 3 ? 1 : 0,
                (4...6).contains(index) ? 1 : 0,
                position / Double(count),
                log(1 + position),
                min(length, 80) / 25,
                length < 8 ? 1 : 0,
                length > 35 ? 1 : 0,
                centrality,
                overlapWithFirst,
                coverage,
                capitals,
                sentenceWords.contains(where: { $0.hasDigit }) ? 1 : 0,
                hasQuote ? 1 : 0,
                opensWithQuote ? 1 : 0,
                attribution ? 1 : 0,
                question ? 1 : 0,
                dangling ? 1 : 0,
                personal ? 1 : 0,
                network ? 1 : 0,
                paragraphStart ? 1 : 0,
                trimmedRatio,
                index >= 10 ? 1 : 0,
            ]
            vector += interactions(of: vector)
            vectors.append(vector)
        }
        return vectors
    }

    /// Products of base features, so the linear scorer can learn that a long sentence hurts more
    /// in first place than further down.
    private static func interactions(of base: [Double]) -> [Double] {
        let length = base[8]
        let logPosition = base[7]
        return [
            length * length, length * base[1], length * base[2], length * base[3], logPosition * base[11],
            logPosition * base[13], base[11] * base[13], base[14] * length, base[1] * base[13], base[1] * base[16],
            logPosition * base[14],
        ]
    }
}

/// Checks on a sentence's UTF-8 bytes that give what the character-level checks they replace gave.
enum ByteText {
    /// `text.count`, from the byte count when the text is ASCII without carriage returns (where
    /// a byte is a character; "\r\n" is one character of two bytes).
    static func characterCount(_ text: String) -> Int {
        var text = text
        let quick = text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? bytes.count : nil }
        return quick ?? text.count
    }

    /// True when the text holds a quotation mark (``ScalarKind/isQuote(_:)``): `"`, “, ”, « or ».
    static func hasQuote(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for index in bytes.indices {
                switch bytes[index] {
                case 0x22: return true
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80:
                    if bytes[index + 2] == 0x9C || bytes[index + 2] == 0x9D { return true }
                case 0xC2 where index + 1 < bytes.count:
                    if bytes[index + 1] == 0xAB || bytes[index + 1] == 0xBB { return true }
                default: continue
                }
            }
            return false
        }
    }

    /// True when the text ends "?", "?\"" or "?”" (a question mark joins no neighbour into one
    /// character, so the last bytes decide).
    static func endsAsQuestion(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let last = bytes.last else { return false }
        if last == UInt8(ascii: "?") { return true }
        if last == UInt8(ascii: "\"") { return bytes.dropLast().last == UInt8(ascii: "?") }
        return bytes.count >= 4 && bytes.suffix(4).elementsEqual([UInt8(ascii: "?"), 0xE2, 0x80, 0x9D])
    }
}
