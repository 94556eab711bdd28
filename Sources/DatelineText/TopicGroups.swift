/// Gathers a story's mentions into topics: one per canonical name, with aliases, surnames and
/// acronyms merged into the fullest name the story uses.
struct TopicGroups {
    private struct Group {
        var key: String
        var forms: [String: Int] = [:]
        var firstForm: String
        var kind: TopicKind?
        var mentions: [Mention] = []
        var canonical: String?
        var wordCount: Int
        var firstPosition: Int
    }

    private let mentions: [Mention]

    init(mentions: [Mention]) { self.mentions = mentions }

    /// The topics, highest salience first; ties keep the order of first mention.
    mutating func resolve() -> [ExtractedTopic] {
        var groups: [String: Group] = [:]
        var order: [String] = []
        for mention in mentions {
            let surface = mention.words.joined(separator: " ")
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
            if groups[key] == nil {
                groups[key] = Group(
                    key: key, firstForm: canonical ?? surface, kind: kind, canonical: canonical,
                    wordCount: mention.words.count, firstPosition: mention.position)
                order.append(key)
            }
            groups[key]?.forms[surface, default: 0] += 1
            groups[key]?.mentions.append(mention)
            if mention.titled, groups[key]?.kind == nil { groups[key]?.kind = .person }
        }
        mergeSurnames(into: &groups, order: order)
        mergeAcronyms(into: &groups, order: order)

        var topics: [ExtractedTopic] = []
        for key in order {
            guard let group = groups[key] else { continue }
            // A lone capitalised word seen only where every word is capitalised proves nothing.
            if group.canonical == nil, group.wordCount == 1, group.mentions.allSatisfy(\.atClauseStart) { continue }
            let kind = group.kind ?? guessKind(group)
            let salience = group.mentions.reduce(0.0) { $0 + weight(of: $1) } * kindFactor(kind)
            let name = group.canonical ?? displayName(group)
            topics.append(ExtractedTopic(name: name, kind: kind, mentions: group.mentions.count, salience: salience))
        }
        return topics.enumerated().sorted { lhs, rhs in
            lhs.element.salience != rhs.element.salience
                ? lhs.element.salience > rhs.element.salience : lhs.offset < rhs.offset
        }.map(\.element)
    }

    private func demonymCountry(_ key: String) -> String? {
        if let country = Gazetteer.country(forDemonym: key) { return country }
        if key.hasSuffix("s") { return Gazetteer.country(forDemonym: String(key.dropLast())) }
        return nil
    }

    /// "Kostunica" joins "Vojislav Kostunica" when the story names him in full somewhere.
    private func mergeSurnames(into groups: inout [String: Group], order: [String]) {
        var fullNames: [String: String] = [:]
        for key in order {
            guard let group = groups[key], group.canonical == nil, (2...4).contains(group.wordCount),
                group.kind == nil || group.kind == .person
            else { continue }
            let parts = key.split(separator: " ")
            guard let last = parts.last, !MentionReader.organisationEnds.contains(String(last)),
                !parts.contains(where: { MentionReader.connectors.contains(String($0)) })
            else { continue }
            if fullNames[String(last)] == nil { fullNames[String(last)] = key }
        }
        for key in order {
            guard let group = groups[key], group.wordCount == 1, group.kind != .place, let full = fullNames[key],
                full != key, groups[full] != nil
            else { continue }
            groups[full]?.mentions += group.mentions
            groups[full]?.kind = .person
            let firstPosition = min(groups[full]?.firstPosition ?? 0, group.firstPosition)
            groups[full]?.firstPosition = firstPosition
            groups[key] = nil
        }
    }

    /// "FBI" joins "Federal Bureau of Investigation" when both appear.
    private func mergeAcronyms(into groups: inout [String: Group], order: [String]) {
        var initials: [String: String] = [:]
        for key in order {
            guard let group = groups[key], group.wordCount >= 2 else { continue }
            let letters = key.split(separator: " ").filter {
                !MentionReader.connectors.contains(String($0)) && $0 != "the"
            }
            .compactMap(\.first)
            initials[String(letters)] = initials[String(letters)] ?? key
        }
        for key in order {
            guard let group = groups[key], group.wordCount == 1, group.canonical == nil,
                group.forms.keys.contains(where: { $0.filter(\.isLetter).allSatisfy(\.isUppercase) }),
                let full = initials[String(key.filter { $0 != " " })], groups[full] != nil
            else { continue }
            groups[full]?.mentions += group.mentions
            let kind = groups[full]?.kind ?? .organisation
            groups[full]?.kind = kind
            groups[key] = nil
        }
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
        let parts = group.key.split(separator: " ")
        if let last = parts.last, MentionReader.organisationEnds.contains(String(last)) { return .organisation }
        if group.forms.keys.contains(where: { Word.lettersAreCapitals($0) }) { return .organisation }
        if (2...4).contains(parts.count) { return .person }
        return .other
    }

    /// The form the story uses most, the longest on a tie, possessives dropped.
    private func displayName(_ group: Group) -> String {
        let best = group.forms.max { lhs, rhs in
            lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key.count < rhs.key.count
        }
        return best?.key ?? group.firstForm
    }
}

extension Word {
    /// True when every letter of `text` is a capital and there are at least two ("NATO", "U.N.").
    static func lettersAreCapitals(_ text: String) -> Bool {
        Word(text: text, isCapitalized: true, opensClause: false, followsPunctuation: false).isAllCapitals
    }
}
