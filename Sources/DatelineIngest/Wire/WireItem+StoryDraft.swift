import DatelineCore
import DatelineText
import Foundation

extension WireItem {
    /// The draft "Take as draft" makes: the copy with its byline, a dateline crediting the source
    /// ("PORT ELLIS (Harbour Wire) --"), the credit line closing the body, the original's address
    /// kept as the story's source (with a digest of the body as taken, so the story page can name
    /// the original as canonical while the story republishes it verbatim), and highlights and topics proposed by the text engine (marked
    /// machine-suggested for the editor to review).
    public func storyDraft(section: String?, using suggester: StorySuggester = StorySuggester()) -> StoryDraft {
        let address = content.canonicalURL ?? content.url
        var draft = StoryDraft(
            headline: content.headline, section: content.section ?? section,
            dateline: Dateline(place: content.dateline, source: content.source), byline: content.byline,
            body: content.body)
        // Suggestions are made from the copy alone, before the credit line joins it.
        draft = draft.fillingMissingSuggestions(using: suggester)
        if draft.body.last != creditLine { draft.body.append(creditLine) }
        draft.source = address.map {
            StorySource(
                url: $0,
                checksum: StorySource.wireChecksum(
                    format: content.format.rawValue, version: content.version, body: draft.body))
        }
        return draft
    }
}
