/// Tells what a name found in a story stands for — a person, a place, an organisation, another
/// kind of name, or nothing worth naming — from the cues ``TopicGroups`` reads of it, with
/// the weights bench/topics/fit.py fitted (``FittedEntityWeights``): a linear model, one score
/// per class, the highest wins.
///
/// A cue is named "titled" or "before:said" in the fitted table; scoring never builds those
/// names: each cue goes straight to its weight row (a fixed cue by a number read once, a cue with
/// a value by one lookup of the value), and the rows are summed in the table's order, which is the
/// names' sorted order — the order the fit and the earlier string-keyed model summed in.
enum EntityKindModel {
    /// The classes, in the order of each weight row.
    static let classes: [TopicKind?] = [.person, .place, .organisation, .other, nil]

    /// The verdict for one name: `kind` nil when the name names nothing.
    struct Verdict {
        var kind: TopicKind?
    }

    /// The cues' weight rows, collected while reading a name.
    struct Rows: EntityCueSink {
        var rows: [Int32] = []
        /// The table the rows are read from (``Table/shared`` unless told otherwise).
        let table: Table

        init(table: Table = .shared) { self.table = table }

        mutating func add(_ cue: EntityCue) {
            let row = table.fixedRows[cue.rawValue]
            if row >= 0 { rows.append(row) }
        }

        mutating func add(_ prefix: EntityCuePrefix, _ value: String) {
            if let row = table.valueRows[prefix.rawValue][value] { rows.append(row) }
        }
    }

    /// The cues' names ("titled", "before:said"), for fitting.
    struct Names: EntityCueSink {
        var names: Set<String> = []

        mutating func add(_ cue: EntityCue) { names.insert(cue.name) }

        mutating func add(_ prefix: EntityCuePrefix, _ value: String) { names.insert(prefix.name + ":" + value) }
    }

    /// The model's verdict, or nil when no weights are fitted (the rules decide then).
    static func kind(of cues: Rows) -> Verdict? {
        let table = cues.table
        guard !table.weights.isEmpty else { return nil }
        var rows = cues.rows
        rows.sort()
        var scores = [Double](repeating: 0, count: classes.count)
        var previous: Int32 = -1
        for row in rows where row != previous {
            previous = row
            let start = Int(row) * classes.count
            for index in scores.indices { scores[index] += table.weights[start + index] }
        }
        var best = 0
        for index in scores.indices where scores[index] > scores[best] { best = index }
        return Verdict(kind: classes[best])
    }

    /// The fitted weights as rows in the sorted order of the cues' names.
    struct Table: Sendable {
        /// Every row's weights, one after another, `classes.count` to a row.
        var weights: [Double] = []
        /// The row of each fixed cue, by its raw value; -1 when the fit has no weight for it.
        var fixedRows: [Int32] = []
        /// The row of each value, by the prefix's raw value.
        var valueRows: [[String: Int32]] = []

        static let shared = Table(FittedEntityWeights.weights)

        init(_ fitted: [String: [Double]]) {
            let names = fitted.keys.sorted()
            var rowOfName: [String: Int32] = [:]
            for (row, name) in names.enumerated() {
                rowOfName[name] = Int32(row)
                weights += fitted[name] ?? []
            }
            fixedRows = EntityCue.allCases.map { rowOfName[$0.name] ?? -1 }
            valueRows = EntityCuePrefix.allCases.map { prefix in
                var rows: [String: Int32] = [:]
                let head = prefix.name + ":"
                for (name, row) in rowOfName where name.hasPrefix(head) {
                    rows[String(name.dropFirst(head.count))] = row
                }
                return rows
            }
        }
    }
}

/// Where ``TopicGroups`` puts the cues it reads of a name.
protocol EntityCueSink {
    /// A cue with no value ("titled").
    mutating func add(_ cue: EntityCue)
    /// A cue with a value ("before:" and "said").
    mutating func add(_ prefix: EntityCuePrefix, _ value: String)
}

/// The cues without a value.
enum EntityCue: Int, CaseIterable {
    case bias
    case gazetteerPlace
    case gazetteerOrganisation
    case demonym
    case titled
    case clauseOnly
    case organisationEnd
    case lastShort
    case initial
    case connector
    case capitals
    case capitalsOnly
    case capitalsShort
    case dots
    case hyphen
    case merged
    case early
    case punctuationBefore
    case punctuationAfter

    /// The name the fitted table gives it.
    var name: String {
        switch self {
        case .bias: return "bias"
        case .gazetteerPlace: return "gaz:place"
        case .gazetteerOrganisation: return "gaz:org"
        case .demonym: return "demonym"
        case .titled: return "titled"
        case .clauseOnly: return "clause-only"
        case .organisationEnd: return "org-end"
        case .lastShort: return "last-short"
        case .initial: return "initial"
        case .connector: return "connector"
        case .capitals: return "capitals"
        case .capitalsOnly: return "capitals-only"
        case .capitalsShort: return "capitals-short"
        case .dots: return "dots"
        case .hyphen: return "hyphen"
        case .merged: return "merged"
        case .early: return "early"
        case .punctuationBefore: return "punctuation-before"
        case .punctuationAfter: return "punctuation-after"
        }
    }
}

/// The cues with a value, by the prefix of their name in the fitted table ("before:said").
enum EntityCuePrefix: Int, CaseIterable {
    case words
    case lastThree
    case lastTwo
    case firstThree
    case mentions
    case before
    case after

    /// The name the fitted table gives it.
    var name: String {
        switch self {
        case .words: return "words"
        case .lastThree: return "last3"
        case .lastTwo: return "last2"
        case .firstThree: return "first3"
        case .mentions: return "mentions"
        case .before: return "before"
        case .after: return "after"
        }
    }
}
