/// Reads the capitalised phrases of one sentence as candidate topic mentions.
enum MentionReader {
    /// Words that join a name's parts without being capitalised ("Bank of America", "bin Laden").
    static let connectors: Set<String> = [
        "of", "de", "del", "della", "da", "dos", "das", "van", "von", "der", "den", "bin", "al", "el", "la", "le",
        "du", "ibn",
    ]

    /// Titles and ranks that stand before a person's name and are not part of it.
    static let titles: Set<String> = [
        "president", "vice", "prime", "minister", "foreign", "defense", "defence", "interior", "finance",
        "secretary", "sen", "senator", "rep", "representative", "gov", "governor", "mayor", "mr", "mrs", "ms",
        "miss", "dr", "judge", "justice", "chief", "gen", "general", "lt", "col", "capt", "captain", "sgt",
        "officer", "detective", "sheriff", "rev", "coach", "chancellor", "ambassador", "deputy", "commissioner",
        "director", "professor", "prof", "lord", "sir", "dame", "speaker", "attorney", "former", "acting",
        "interim", "police", "leader", "principal", "superintendent", "manager", "spokesman", "spokeswoman", "ceo",
        "chairman", "chairwoman", "executive", "assistant", "associate", "head", "lawyer", "striker", "midfielder",
        "goalkeeper", "defender", "actor", "actress", "singer", "anchor", "correspondent", "pastor",
        "cardinal", "bishop", "archbishop", "adm", "admiral", "maj", "major", "pvt", "cpl", "opposition",
        "rebel", "militant", "senior", "adviser", "advisor", "founder", "owner", "president-elect",
    ]

    /// Last words that make a name an organisation ("Supreme Court", "Orlando City Soccer Club").
    static let organisationEnds: Set<String> = [
        "court", "council", "department", "agency", "ministry", "party", "university", "college", "school",
        "institute", "association", "foundation", "commission", "committee", "company", "corporation", "corp",
        "inc", "ltd", "group", "bank", "airlines", "airways", "army", "navy", "force", "police", "club", "fc",
        "league", "union", "organization", "organisation", "church", "hospital", "center", "centre", "network",
        "times", "post", "news", "journal", "service", "office", "administration", "authority", "board",
        "federation", "government", "parliament", "assembly", "congress", "senate", "brigade", "guard", "team",
        "society", "museum", "studios", "records", "motors", "united", "city", "house", "project", "fund",
        "chamber",
    ]

    /// Capitalised words that never name a topic on their own.
    static let notNames: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "i", "ok", "okay", "god", "internet", "web", "tv", "jr", "sr", "inc", "read", "watch", "click", "photos",
        "video", "story", "highlights", "yes", "no", "oh", "hey", "please", "thanks", "christmas", "easter",
        "mr", "mrs", "ms", "dr", "sen", "gov", "rep", "st", "lt", "gen", "col", "capt", "sgt", "am", "pm",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// The candidate mentions of a sentence already cut into words.
    static func mentions(in words: [Word], position: Int, commonWords: CommonWords) -> [Mention] {
        guard !isShouting(words) else { return [] }
        var mentions: [Mention] = []
        var index = 0
        while index < words.count {
            guard startsName(words, at: index) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < words.count {
                let word = words[end]
                if word.followsPunctuation { break }
                if isNameWord(word) {
                    if endsWithPossessive(words[end - 1].text) || (word.marks.contains(.notName) && word.lower != "st")
                    {
                        break
                    }
                    // "Larry Fine NEW YORK": a byline's name and a dateline's place in capitals are two names.
                    if word.isAllCapitals, !words[end - 1].isAllCapitals, !word.text.utf8.contains(UInt8(ascii: ".")),
                        word.text.unicodeScalars.count >= 3
                    {
                        break
                    }
                    end += 1
                    continue
                }
                // A connector joins only when a capitalised word follows it ("Bank of America").
                var look = end
                while look < words.count, !words[look].followsPunctuation,
                    words[look].marks.contains(.connector) || (look > end && words[look].text == "the")
                {
                    look += 1
                }
                guard look > end, look < words.count, isNameWord(words[look]), !words[look].followsPunctuation,
                    !endsWithPossessive(words[end - 1].text)
                else { break }
                end = look
            }
            var found = phrases(from: words[index..<end], position: position, commonWords: commonWords)
            if var last = found.popLast() {
                // The name's neighbours, for the kind model; openers and titles read as the word before.
                let nameStart = end - last.words.count
                let before = nameStart > 0 ? words[nameStart - 1] : nil
                last.before = nameStart > index ? context(words[nameStart - 1]) : before.map(context) ?? "^"
                last.after = end < words.count ? context(words[end]) : "$"
                last.punctuationBefore = words[max(index, min(nameStart, words.count - 1))].followsPunctuation
                last.punctuationAfter = end < words.count && words[end].followsPunctuation
                found.append(last)
            }
            mentions += found
            index = end
        }
        return mentions
    }

    /// Cuts one capitalised run into mentions: titles dropped, "U.S. Deputy Ambassador Alejandro
    /// Wolff" read as the United States and a person.
    private static func phrases(from run: ArraySlice<Word>, position: Int, commonWords: CommonWords) -> [Mention] {
        var words = Array(run)
        var result: [Mention] = []
        let atClauseStart = words.first?.opensClause ?? false
        var clauseStart = atClauseStart
        // Sentence openers ("The", "But", "In") are not part of the name that follows them.
        while let first = words.first,
            !isNameWord(first)
                || ((first.opensClause || first.text == "The")
                    && !first.marks.isDisjoint(with: [.sentenceOpener, .stopword])
                    && first.lower != "new")
                // "Entering Bangladesh": a word the story also writes in lower case is no name.
                || (first.opensClause && commonWords.contains(first))
        {
            words.removeFirst()
            clauseStart = false
        }
        // "U.S. Deputy Ambassador Alejandro Wolff": the country is a mention of its own.
        if words.count > 2, isTitleWord(words[1]) {
            let key = Gazetteer.key(words[0].text)
            let isPlace = Gazetteer.entry(forKey: key) != nil
            if isPlace || Gazetteer.country(forDemonym: key) != nil {
                result.append(
                    Mention(
                        words: [words[0].text], position: position, atClauseStart: false, titled: false,
                        isDemonym: !isPlace))
                words.removeFirst()
                clauseStart = false
            }
        }
        var titled = false
        var nameStart = 0
        var index = 0
        while index < words.count - 1 {
            if isTitleWord(words[index]) {
                index += 1
            } else if index > 0, words[index].text == "of", isTitleWord(words[index - 1]) {
                // "Secretary of State John Kerry", "Chief of Staff Ann Ruiz": the office is a title too.
                index += 2
            } else {
                break
            }
        }
        if index > 0, index < words.count {
            let rest = words[index...]
            let restKey = Gazetteer.key(rest.map(\.text).joined(separator: " "))
            let lastWord = Gazetteer.key(rest.last?.text ?? "")
            if rest.count <= 4, !organisationEnds.contains(lastWord), Gazetteer.entry(forKey: restKey) == nil,
                rest.allSatisfy({ isNameWord($0) || $0.marks.contains(.connector) })
            {
                nameStart = index
                titled = true
                clauseStart = false
            }
        }
        var name = Array(words[nameStart...].map { withoutLowercaseTail($0.text) })
        // "Mayor Lena Ortiz of Fairport": after a titled person, "of" opens the place, not the name.
        if titled, let of = name.firstIndex(of: "of"), of > 0, of + 1 < name.count {
            result.append(
                Mention(
                    words: Array(name[..<of]), position: position, atClauseStart: false, titled: true,
                    before: "Cap", after: "of"))
            name = Array(name[(of + 1)...])
            titled = false
        }
        // The connectors are ASCII words of at most five letters: a longer word is none of them.
        while let last = name.last, last == "the" || (last.utf8.count <= 5 && connectors.contains(last.lowercased())) {
            name.removeLast()
        }
        guard !name.isEmpty else { return result }
        if let last = name.last, endsWithPossessive(last) { name[name.count - 1] = String(last.dropLast(2)) }
        var demonym = false
        if name.count == 1 {
            let key = Gazetteer.key(name[0])
            if notNames.contains(key) || (Stopwords.english.contains(key) && !(words.last?.isAllCapitals ?? false)) {
                return result
            }
            if titles.contains(key) { return result }
            demonym = Gazetteer.country(forDemonym: key) != nil
        }
        result.append(
            Mention(
                words: name, position: position, atClauseStart: clauseStart, titled: titled,
                isDemonym: demonym))
        return result
    }

    /// How the kind model reads a neighbouring word: "#date" for "1996-08-30", "#n" for a number,
    /// "Cap" for another capitalised word, the word in lower case otherwise.
    static func context(_ word: Word) -> String {
        if word.hasDigit {
            let digits = word.text.unicodeScalars.filter(ScalarKind.isDigit).count
            return digits >= 6 && word.text.utf8.contains(UInt8(ascii: "-")) ? "#date" : "#n"
        }
        if word.isCapitalized, word.marks.isDisjoint(with: [.stopword, .sentenceOpener]) { return "Cap" }
        return word.lower
    }

    /// "NATO-led" → "NATO": a lower-case tail after a hyphen describes the name, it is not part of it.
    private static func withoutLowercaseTail(_ text: String) -> String {
        // A hyphen is one byte and one character: found among the bytes, it is the same index.
        guard let hyphen = text.utf8.lastIndex(of: UInt8(ascii: "-")), hyphen > text.startIndex else { return text }
        let tail = text[text.index(after: hyphen)...]
        guard let first = tail.first, first.isLowercase, !connectors.contains(String(tail)) else { return text }
        return String(text[..<hyphen])
    }

    private static func isTitleWord(_ word: Word) -> Bool { word.marks.contains(.title) }

    /// A word that can be part of a name: capitalised, not a number, not a lone stopword in capitals.
    private static func isNameWord(_ word: Word) -> Bool {
        // The tokenizer reads whether the first scalar is a capital when it makes the word.
        word.isCapitalized && !word.text.isEmpty
    }

    private static func startsName(_ words: [Word], at index: Int) -> Bool {
        let word = words[index]
        if isNameWord(word) { return true }
        // "al Qaeda", "bin Laden": a lower-case particle opening a name.
        let lower = word.lower
        return (lower == "al" || lower == "bin" || lower == "el") && index + 1 < words.count
            && isNameWord(words[index + 1]) && !words[index + 1].followsPunctuation
    }

    private static func endsWithPossessive(_ text: String) -> Bool {
        // "'s" or "’s" as the last bytes: the same as the last two characters, as neither a
        // closing "s" nor either apostrophe joins a neighbour into one character.
        let bytes = text.utf8
        guard bytes.last == UInt8(ascii: "s") else { return false }
        let apostrophe = bytes.dropLast()
        return apostrophe.last == UInt8(ascii: "'") || apostrophe.suffix(3).elementsEqual([0xE2, 0x80, 0x99])
    }

    /// True for headlines in capitals, where every word looks like a name.
    private static func isShouting(_ words: [Word]) -> Bool {
        guard words.count > 3 else { return false }
        let capitals = words.filter { $0.isAllCapitals }.count
        return capitals * 10 > words.count * 6
    }
}
