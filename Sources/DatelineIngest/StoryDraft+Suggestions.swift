import DatelineCore
import DatelineText

extension StoryDraft {
    /// The draft with Story Highlights and "All About" topics proposed by the text engine where
    /// the page had none, marked ``SuggestionOrigin/machine`` so the newsroom knows to review
    /// them. What the page itself carried is never replaced.
    public func fillingMissingSuggestions(using suggester: StorySuggester = StorySuggester()) -> StoryDraft {
        let needsHighlights = highlights.allSatisfy { $0.trimmingWhitespace().isEmpty }
        let needsTopics = topics.allSatisfy { $0.trimmingWhitespace().isEmpty }
        guard needsHighlights || needsTopics, !body.isEmpty else { return self }
        let suggestions = suggester.suggestions(for: body.joined(separator: "\n\n"), headline: headline)
        var draft = self
        if needsHighlights, !suggestions.highlights.isEmpty {
            draft.highlights = suggestions.highlights
            draft.highlightsOrigin = .machine
        }
        if needsTopics, !suggestions.topics.isEmpty {
            draft.topics = suggestions.topics.map(\.name)
            draft.topicsOrigin = .machine
        }
        return draft
    }
}
