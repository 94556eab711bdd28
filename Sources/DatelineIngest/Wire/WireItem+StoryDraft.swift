import DatelineCore
import DatelineText
import Foundation

extension WireItem {
    /// The draft "Take as draft" makes: the copy with its byline, a dateline crediting the source
    /// ("PORT ELLIS (Harbour Wire) --"), the credit line closing the body, the original's address
    /// kept as the story's source, and highlights and topics proposed by the text engine (marked
    /// machine-suggested for the editor to review).
    public func storyDraft(section: String?, using suggester: StorySuggester = StorySuggester()) -> StoryDraft {
        let address = content.canonicalURL ?? content.url
        var draft = StoryDraft(
            headline: content.headline, section: content.section ?? section,
            dateline: Dateline(place: content.dateline, source: content.source), byline: content.byline,
            body: content.body,
            source: address.map {
                StorySource(url: $0, checksum: "wire-\(content.format.rawValue)-v\(content.version)")
            })
        // Suggestions are made from the copy alone, before the credit line joins it.
        draft = draft.fillingMissingSuggestions(using: suggester)
        if draft.body.last != creditLine { draft.body.append(creditLine) }
        return draft
    }
}
