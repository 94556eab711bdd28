import Foundation

extension SearchExpression {
    /// The expression in SQLite FTS5's query language, or nil when there is nothing to look for.
    ///
    /// Every term is written as a double-quoted string, so FTS5 reads it as plain words; the
    /// words hold no quotes (see ``SearchTerm``), so no reader text can become an operator, a
    /// column filter or a syntax error.
    var fts5Query: String? {
        guard !isEmpty else { return nil }
        let required = groups.map { group in
            "(" + group.map(Self.fts5Phrase).joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
        guard !excluded.isEmpty else { return required }
        return "(" + required + ") NOT (" + excluded.map(Self.fts5Phrase).joined(separator: " OR ") + ")"
    }

    /// One term as a quoted FTS5 phrase, with `*` when it matches word starts.
    private static func fts5Phrase(_ term: SearchTerm) -> String {
        let quoted = "\"" + term.words.map { $0.replacingOccurrences(of: "\"", with: "") }.joined(separator: " ") + "\""
        return term.isPrefix ? quoted + "*" : quoted
    }
}
