import DatelineCore
import DatelineMarkup
import Foundation

/// The story editor's fields as posted, turned into a ``StoryDraft`` and back into fields.
///
/// Highlights come as up to ``highlightSlots`` text boxes, each with a position number the writer
/// can change to reorder them without script; topics come one per line; the body is Markdown,
/// kept as blocks split at blank lines (see ``MarkdownBody``).
struct StoryForm: Sendable {
    /// How many highlight boxes the editor shows.
    static let highlightSlots = StoryLimits.highlightCount

    var headline = ""
    var section = ""
    var byline = ""
    var datelinePlace = ""
    var datelineSource = ""
    var body = ""
    var highlights: [String] = []
    var topics = ""
    /// The lead image's media id as typed or chosen; "" for none.
    var leadImage = ""
    /// The credited authors' keys, in order.
    var authorIDs: [Int64] = []
    /// True when the form carried the author choices (so an empty list means "credit nobody",
    /// not "keep the story's authors").
    var carriesAuthors = true
    var seoTitle = ""
    var seoDescription = ""
    /// What "Suggest" last proposed for the highlights and the topics, carried in hidden fields
    /// until the story is saved, so the save can record what the editor kept (nil: no suggestion).
    var suggestedHighlights: [String]?
    var suggestedTopics: [String]?

    /// Empty fields, for a new story.
    init() {}

    /// The fields of a stored story or revision.
    init(_ draft: StoryDraft) {
        headline = draft.headline
        section = draft.section ?? ""
        byline = draft.byline ?? ""
        datelinePlace = draft.dateline.place ?? ""
        datelineSource = draft.dateline.source ?? ""
        body = MarkdownBody.markdown(from: draft.body)
        highlights = draft.highlights
        topics = draft.topics.joined(separator: "\n")
        leadImage = draft.leadImage.map(String.init) ?? ""
        authorIDs = draft.authorIDs ?? []
        // With authors credited the byline is made from their names; the free-text box is for
        // stories without a profile.
        if !authorIDs.isEmpty { byline = "" }
        seoTitle = draft.seoTitle ?? ""
        seoDescription = draft.seoDescription ?? ""
    }

    /// Reads the posted fields; highlights are put in the order of their position numbers, ties
    /// and blanks keeping the order of the boxes.
    init(fields: FormFields) throws(ReaderError) {
        headline = try fields.single("headline") ?? ""
        section = try fields.single("section") ?? ""
        byline = try fields.single("byline") ?? ""
        datelinePlace = try fields.single("dateline_place") ?? ""
        datelineSource = try fields.single("dateline_source") ?? ""
        body = try fields.single("body") ?? ""
        topics = try fields.single("topics") ?? ""
        // An id typed in "Another image" wins over the choice in the list.
        let typed = try fields.single("lead_image_id")?.trimmingWhitespace() ?? ""
        leadImage = typed.isEmpty ? (try fields.single("lead_image")?.trimmingWhitespace() ?? "") : typed
        var slots: [(position: Double, box: Int, text: String)] = []
        for box in 1...Self.highlightSlots {
            guard let text = try fields.single("highlight_\(box)"), !text.trimmingWhitespace().isEmpty else { continue }
            let position = try fields.single("highlight_\(box)_position").flatMap { Double($0.trimmingWhitespace()) }
            slots.append((position ?? Double(box), box, text))
        }
        highlights = slots.sorted { ($0.position, $0.box) < ($1.position, $1.box) }.map(\.text)
        carriesAuthors = try fields.single("authors_shown") == "yes"
        for slot in 1...AuthorLimits.perStory {
            guard let text = try fields.single("author_\(slot)")?.trimmingWhitespace(), !text.isEmpty else { continue }
            guard let id = Int64(text) else { throw .badRequest("Choose authors from the list.") }
            authorIDs.append(id)
        }
        seoTitle = try fields.single("seo_title") ?? ""
        seoDescription = try fields.single("seo_description") ?? ""
        // Hidden fields the page itself wrote; one that does not read as a list is ignored, as
        // it only feeds the editors' signal, never the story.
        suggestedHighlights = try fields.single("suggested_highlights").flatMap(Self.suggestionList)
        suggestedTopics = try fields.single("suggested_topics").flatMap(Self.suggestionList)
    }

    /// A hidden suggestion field's value: a JSON array of strings.
    static func suggestionField(_ items: [String]?) -> String? {
        guard let items, let data = try? JSONEncoder().encode(items) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The list a hidden suggestion field carries, or nil when it carries none.
    static func suggestionList(_ text: String) -> [String]? {
        guard text.utf8.count <= 20_000, let items = try? JSONDecoder().decode([String].self, from: Data(text.utf8))
        else { return nil }
        return items
    }

    /// The draft these fields describe (not yet validated), keeping `base`'s origins and source.
    func draft(keeping base: StoryDraft? = nil) -> StoryDraft {
        var draft = StoryDraft(
            headline: headline, section: section, dateline: Dateline(place: datelinePlace, source: datelineSource),
            byline: byline, body: MarkdownBody.blocks(from: body), highlights: highlights,
            topics: topics.split(whereSeparator: \.isNewline).map(String.init),
            // Text that is no id becomes 0, which validation refuses by field.
            leadImage: leadImage.isEmpty ? nil : Int64(leadImage).map { max($0, 0) } ?? 0,
            authorIDs: carriesAuthors ? authorIDs : nil, seoTitle: seoTitle, seoDescription: seoDescription)
        if !authorIDs.isEmpty { draft.byline = nil }
        if let base {
            draft.highlightsOrigin = base.highlights == draft.highlights ? base.highlightsOrigin : .editor
            draft.topicsOrigin = base.topics == draft.topics ? base.topicsOrigin : .editor
        }
        return draft
    }
}
