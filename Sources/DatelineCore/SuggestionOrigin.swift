/// Who wrote a story's highlights or topics, so editors know what to check.
public enum SuggestionOrigin: String, Sendable, Codable, CaseIterable {
    /// Written or kept by a person in the newsroom.
    case editor
    /// Taken from the imported page itself (its own "Story Highlights" box or "All About" line).
    case source
    /// Proposed by Dateline's text engine and not yet reviewed.
    case machine
}
