/// Gathers a story's mentions into topics: one per canonical name, with aliases, surnames and
/// acronyms merged into the fullest name the story uses.
struct TopicGroups {
    private struct Group {
        var key: String
        /// The key's words.
        var parts: [Substring]
        var forms: [String: Int] = [:]
        /// Every form, merged surnames and acronyms included, with its first mention's index.
        var allForms: [String: (count: Int, first: Int)] = [:]
        var firstForm: String
        var kind: TopicKind?
        var mentions: [Mention] = []
        var canonical: String?
        var wordCount: Int
        var firstPosition: Int

        mutating func absorb(_ other: [String: (count: Int, first: Int)]) {
            for (form, seen) in other {
                let mine = allForms[form] ?? (0, seen.first)
                allForms[form] = (mine.count + seen.count, min(mine.first, seen.first))
            }
        }
    }

    private let mentions: [Mention]

    init(mentions: [Mention]) { self.mentions = mentions }

    /// The topics, highest salience first; ties keep the order of first mention.
    ///
    /// A fitted model (``EntityKindModel``) tells each group's kind, or that it names nothing;
    /// `keepsUnclassified` keeps those too, as `.other`, with their features (for fitting).
    mutating func resolve(keepsUnclassified: Bool = false) -> [ExtractedTopic] {
        // Groups in order of first mention; a group merged into another becomes nil.
        var groups: [Group?] = []
        var numbers: [String: Int] = [:]
        // A surface always finds the same group: its key, gazetteer entry and demonym depend on it
        // alone (a demonym mention is one word, and a one-word surface is looked up as a demonym
        // either way), so a name written again skips the lookups.
        var numberOfSurface: [String: Int] = [:]
        for (index, mention) in mentions.enumerated() {
            let surface = mention.words.joined(separator: " ")
            if let number = numberOfSurface[surface] {
                Self.add(mention, at: index, surface: surface, to: &groups[number])
                continue
            }
            var key = Gazetteer.key(surface)
            var canonical: String?
            var kind: TopicKind?
            if let entry = Gazetteer.entry(forKey: key) {
                canonical = entry.name
                kind = entry.kind
                key = Gazetteer.key(entry.name)
            } else if mention.isDemonym, let country = demonymCountry(key) {
                canonical = country
                kind = .place
                key = Gazetteer.key(country)
            } else if mention.words.count == 1, let country = demonymCountry(key) {
                canonical = country
                kind = .place
                key = Gazetteer.key(country)
            }
            let number: Int
            if let known = numbers[key] {
                number = known
            } else {
                number = groups.count
                numbers[key] = number
                groups.append(
                    Group(
                        key: key, parts: key.split(separator: " "), firstForm: canonical ?? surface, kind: kind,
                        canonical: canonical,
                        wordCount: mention.words.count, firstPosition: mention.position))
            }
            numberOfSurface[surface] = number
            Self.add(mention, at: index, surface: surface, to: &groups[number])
        }
        mergeSurnames(into: &groups, numbers: numbers)
        mergeAcronyms(into: &groups)

        var topics: [ExtractedTopic] = []
        let table = EntityKindModel.Table.shared
        for case let group? in groups {
            var cues = EntityKindModel.Rows(table: table)
            Self.readCues(of: group, into: &cues)
            let kind: TopicKind
            if let modelled = EntityKindModel.kind(of: cues) {
                // A lone capitalised word seen only where every word is capitalised proves nothing,
                // unless a date follows it, as in a dateline ("LONDON 1996-08-30").
                if group.canonical == nil, group.wordCount == 1, group.mentions.allSatisfy({ $0.atClauseStart }),
                    !group.mentions.contains(where: { $0.after == "#date" }), !keepsUnclassified
                {
                    continue
                }
                // "Chamber of Commerce", "Bank of England": an organisation's head noun decides.
                let parts = group.parts
                let headed =
                    parts.count >= 3
                    && parts.firstIndex(of: "of").map {
                        $0 > 0 && MentionReader.organisationEnds.contains(String(parts[$0 - 1]))
                    } == true
                let modelledKind = headed && !keepsUnclassified ? .organisation : modelled.kind
                guard let found = modelledKind ?? (keepsUnclassified ? .other : nil) else { continue }
                kind = found
            } else {
                // No fitted model: the rules alone. A lone capitalised word seen only where every
                // word is capitalised proves nothing.
                if group.canonical == nil, group.wordCount == 1, group.mentions.allSatisfy({ $0.atClauseStart }) {
                    continue
                }
                kind = group.kind ?? guessKind(group)
            }
            let salience = group.mentions.reduce(0.0) { $0 + weight(of: $1) } * kindFactor(kind)
            let name = group.canonical ?? displayName(group)
            let forms = group.allForms.sorted {
                $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.first < $1.value.first
            }.map { $0.key }
            var topic = ExtractedTopic(
                name: name, kind: kind, mentions: group.mentions.count, salience: salience,
                forms: forms)
            if keepsUnclassified {
                var names = EntityKindModel.Names()
                Self.readCues(of: group, into: &names)
                topic.features = names.names.sorted()
            }
            topics.append(topic)
        }
        return topics.enumerated().sorted { lhs, rhs in
            lhs.element.salience != rhs.element.salience
                ? lhs.element.salience > rhs.element.salience : lhs.offset < rhs.offset
        }.map { $0.element }
    }

    /// Counts one mention, the `index`th, written as `surface`, in its group.
    private static func add(_ mention: Mention, at index: Int, surface: String, to group: inout Group?) {
        group?.forms[surface, default: 0] += 1
        // "Serbian" is a mention of Serbia, but not a way of writing its name.
        if !mention.isDemonym || mention.words.count > 1 {
            group?.allForms[surface, default: (0, index)].count += 1
        }
        group?.mentions.append(mention)
        if mention.titled, group?.kind == nil { group?.kind = .person }
    }

    /// What the kind model reads of a group: its shape, its word endings, how the story writes it
    /// and the words around its mentions. Gazetteer-free except for the two `gaz:` cues. The same
    /// reading gives the cues' names (for fitting) or their weight rows (for scoring).
    private static func readCues<Sink: EntityCueSink>(of group: Group, into sink: inout Sink) {
        sink.add(.bias)
        let parts = group.parts
        sink.add(.words, String(min(parts.count, 4)))
        if group.canonical != nil {
            if group.kind == .place { sink.add(.gazetteerPlace) }
            if group.kind == .organisation { sink.add(.gazetteerOrganisation) }
        }
        if group.mentions.allSatisfy({ $0.isDemonym }) { sink.add(.demonym) }
        if group.mentions.contains(where: { $0.titled }) { sink.add(.titled) }
        if group.mentions.allSatisfy({ $0.atClauseStart }) { sink.add(.clauseOnly) }
        if let last = parts.last {
            if MentionReader.organisationEnds.contains(String(last)) { sink.add(.organisationEnd) }
            let long = last.count >= 4
            if long {
                sink.add(.lastThree, String(last.suffix(3)))
                sink.add(.lastTwo, String(last.suffix(2)))
            } else {
                sink.add(.lastShort)
            }
        }
        if parts.count >= 2, let first = parts.first {
            let length = first.count
            if length == 1 {
                sink.add(.initial)
            } else if length >= 4 {
                sink.add(.firstThree, String(first.suffix(3)))
            }
            if parts.contains(where: Self.isConnector) { sink.add(.connector) }
        }
        let forms = group.forms.keys
        if forms.contains(where: Word.lettersAreCapitals) {
            sink.add(forms.allSatisfy(Word.lettersAreCapitals) ? .capitalsOnly : .capitals)
            if group.key.count <= 4 { sink.add(.capitalsShort) }
        }
        if forms.contains(where: { $0.utf8.contains(UInt8(ascii: ".")) }) { sink.add(.dots) }
        if forms.contains(where: { $0.utf8.contains(UInt8(ascii: "-")) }) { sink.add(.hyphen) }
        if group.allForms.count > group.forms.count { sink.add(.merged) }
        sink.add(.mentions, String(min(group.mentions.count, 3)))
        if group.firstPosition <= 0 { sink.add(.early) }
        for mention in group.mentions {
            sink.add(.before, mention.before)
            sink.add(.after, mention.after)
            if mention.punctuationBefore { sink.add(.punctuationBefore) }
            if mention.punctuationAfter { sink.add(.punctuationAfter) }
        }
    }

    private func demonymCountry(_ key: String) -> String? {
        if let country = Gazetteer.country(forDemonym: key) { return country }
        if key.hasSuffix("s") { return Gazetteer.country(forDemonym: String(key.dropLast())) }
        return nil
    }

    /// "Kostunica" joins "Vojislav Kostunica" when the story names him in full somewhere.
    private func mergeSurnames(into groups: inout [Group?], numbers: [String: Int]) {
        var fullNames: [String: Int] = [:]
        for (number, group) in groups.enumerated() {
            guard let group, group.canonical == nil, (2...4).contains(group.wordCount),
                group.kind == nil || group.kind == .person
            else { continue }
            let parts = group.parts
            guard let last = parts.last, !MentionReader.organisationEnds.contains(String(last)),
                !parts.contains(where: Self.isConnector)
            else { continue }
            if fullNames[String(last)] == nil { fullNames[String(last)] = number }
        }
        for number in groups.indices {
            guard let group = groups[number], group.wordCount == 1, group.kind != .place,
                let full = fullNames[group.key], full != number, groups[full] != nil
            else { continue }
            groups[full]?.mentions += group.mentions
            groups[full]?.absorb(group.allForms)
            groups[full]?.kind = .person
            let firstPosition = min(groups[full]?.firstPosition ?? 0, group.firstPosition)
            groups[full]?.firstPosition = firstPosition
            groups[number] = nil
        }
    }

    /// "FBI" joins "Federal Bureau of Investigation" when both appear.
    private func mergeAcronyms(into groups: inout [Group?]) {
        var initials: [String: Int] = [:]
        for (number, group) in groups.enumerated() {
            guard let group, group.wordCount >= 2 else { continue }
            var letters = ""
            for part in group.parts where part != "the" && !Self.isConnector(part) {
                if let first = part.first { letters.append(first) }
            }
            if initials[letters] == nil { initials[letters] = number }
        }
        guard !initials.isEmpty else { return }
        for number in groups.indices {
            guard let group = groups[number], group.wordCount == 1, group.canonical == nil,
                let full = initials[group.parts.count == 1 ? group.key : group.parts.joined()], groups[full] != nil,
                group.forms.keys.contains(where: { $0.filter(\.isLetter).allSatisfy(\.isUppercase) })
            else { continue }
            groups[full]?.mentions += group.mentions
            groups[full]?.absorb(group.allForms)
            let kind = groups[full]?.kind ?? .organisation
            groups[full]?.kind = kind
            groups[number] = nil
        }
    }

    /// A name part that joins others ("of", "bin"); every connector is an ASCII word of at most
    /// five letters, so a longer part is looked up no further.
    private static func isConnector(_ part: Substring) -> Bool {
        part.utf8.count <= 5 && MentionReader.connectors.contains(String(part))
    }

    private func weight(of mention: Mention) -> Double {
        var weight = 1.0
        if mention.position < 0 {
            weight += 2.0
        } else if mention.position == 0 {
            weight += 1.5
        } else if mention.position < 3 {
            weight += 0.5
        }
        return mention.isDemonym ? weight * 0.4 : weight
    }

    private func kindFactor(_ kind: TopicKind) -> Double {
        switch kind {
        case .person, .organisation: return 1.0
        case .place: return 0.85
        case .other: return 0.7
        }
    }

    private func guessKind(_ group: Group) -> TopicKind {
        let parts = group.parts
        if let last = parts.last, MentionReader.organisationEnds.contains(String(last)) { return .organisation }
        if group.forms.keys.contains(where: { Word.lettersAreCapitals($0) }) { return .organisation }
        if (2...4).contains(parts.count) { return .person }
        return .other
    }

    /// The form the story uses most, the longest on a tie, possessives dropped.
    /// The group's most used form, the longest among equals; among forms used as often and as long
    /// ("SABA", "Saba") the one with more small letters, so the choice does not depend on the order
    /// a dictionary happens to iterate in (that order changes from one run to the next).
    private func displayName(_ group: Group) -> String {
        let best = group.forms.max { lhs, rhs in
            if lhs.value != rhs.value { return lhs.value < rhs.value }
            if lhs.key.count != rhs.key.count { return lhs.key.count < rhs.key.count }
            return lhs.key < rhs.key
        }
        return best?.key ?? group.firstForm
    }
}

extension Word {
    /// True when every letter of `text` is a capital and there are at least two ("NATO", "U.N.").
    static func lettersAreCapitals(_ text: String) -> Bool {
        var reader = Traits.Reader()
        for scalar in text.unicodeScalars { reader.read(scalar) }
        return reader.traits.contains(.allCapitals)
    }
}
