import DatelineCore
import Foundation

/// The story editor: every field with its label and error, the highlight boxes with their
/// position numbers, and the workflow controls the account may use.
struct EditorPageView: NewsroomView {
    static let template = NewsroomTemplate.editor

    /// One highlight box and its position number.
    struct HighlightRow: Sendable {
        let number: Int
        let textField: FieldView
        let positionName: String
        let positionID: String
        let position: String
    }

    /// A correction already on the story.
    struct CorrectionRow: Sendable {
        let note: String
        let time: TimeView
    }

    let header: NewsroomHeader
    let title: String
    /// Where the form posts: the story's address, or the new-story address.
    let action: String
    let previewAction: String
    /// Where the Suggest buttons post the unsaved fields.
    let suggestAction: String
    let notice: String?
    /// Every problem, summarised above the form with links to the fields.
    let problems: [ProblemLink]
    let hasProblems: Bool
    let headline: FieldView
    let section: FieldView
    let byline: FieldView
    let datelinePlace: FieldView
    let datelineSource: FieldView
    let body: FieldView
    let highlights: [HighlightRow]
    let highlightsError: String?
    let topics: FieldView
    /// The suggestions the form carries (JSON), for the editors' signal at save time.
    let suggestedHighlights: String?
    let suggestedTopics: String?
    let sectionNames: [String]
    let canEdit: Bool
    /// Set for a stored story.
    let story: StoryFacts?
    let permissions: EditorPermissions
    let corrections: [CorrectionRow]
    let hasCorrections: Bool
    let schedule: FieldView
    let correction: FieldView
    /// The revision the form was opened at, sent back with every save so a save based on an
    /// older one is refused rather than overwriting someone else's.
    let baseRevision: Int?
    /// Someone else's save that this person's save ran into, shown beside their own fields.
    let conflict: Conflict?
    /// The body's length and reading time, kept current by the page's script as the person types.
    let lengthText: String
    /// The story's activity log, newest first (``addDesk(activity:others:clock:returnError:noteError:)``).
    var activityRows: [ActivityRow] = []
    var hasActivity = false
    /// "Ann Lee also has this story open." when someone else does.
    var othersHere: String?
    var returnField: FieldView?
    var noteField: FieldView?
    var slugField: FieldView?
    /// The lead image control; nil when the store keeps no media.
    var leadImagePicker: LeadImagePicker?
    /// The author choices, the SEO fields and the share-card preview (``addCredits(form:authors:problems:siteName:host:)``).
    var authorSlots: [AuthorSlot] = []
    var hasAuthorProfiles = false
    var authorsError: String?
    var sharing: Sharing?

    /// The version another person saved while this one was editing: their fields to compare and
    /// copy from, and who saved it when.
    struct Conflict: Sendable {
        let revision: Int
        let author: String
        let time: TimeView
        let theirs: StoryForm
        /// Their highlights one per line, as the comparison shows them.
        let theirHighlights: String
        let editURL: String

        init(revision: Int, author: String, time: TimeView, theirs: StoryForm, editURL: String) {
            self.revision = revision
            self.author = author
            self.time = time
            self.theirs = theirs
            self.theirHighlights = theirs.highlights.joined(separator: "\n")
            self.editURL = editURL
        }
    }

    /// A problem in the summary, linking to its field.
    struct ProblemLink: Sendable {
        let fieldID: String
        let message: String
    }

    /// What the editor shows about a stored story.
    struct StoryFacts: Sendable {
        let id: Int64
        let status: String
        let readerURL: String?
        let previewURL: String
        let revisionsURL: String
        let submitURL: String
        let publishURL: String
        let scheduleURL: String
        let unpublishURL: String
        let deleteURL: String
        let correctionsURL: String
        let returnURL: String
        let notesURL: String
        let presenceURL: String
        let slugURL: String
        /// Where the page's script autosaves; nil when autosave is off (a story that is not a
        /// draft, or one this account may not edit).
        let autosaveURL: String?
        let publishedAt: TimeView?
    }

    init(
        header: NewsroomHeader, form: StoryForm, story: Story?, problems: [StoryValidationError.Problem],
        permissions: EditorPermissions, corrections: [Correction], sections: [Section], clock: StoryClock,
        notice: String?, scheduleError: String?, scheduleValue: String, correctionError: String?,
        baseRevision: Int? = nil, conflict: Conflict? = nil
    ) {
        self.header = header
        self.baseRevision = baseRevision
        self.conflict = conflict
        lengthText = Self.lengthText(ofBody: form.body)
        title = story == nil ? "New story" : "Edit: \(form.headline)"
        action = story.map { NewsroomPaths.story($0.id) } ?? NewsroomPaths.stories
        previewAction = story.map { NewsroomPaths.story($0.id, "preview") } ?? NewsroomPaths.stories + "/preview"
        suggestAction = story.map { NewsroomPaths.story($0.id, "suggest") } ?? NewsroomPaths.stories + "/suggest"
        self.notice = notice
        var messages: [String: String] = [:]
        for problem in problems {
            let key = Self.fieldName(for: problem.field)
            messages[key] = messages[key].map { "\($0) \(problem.message)." } ?? "\(problem.message.capitalizedFirst)."
        }
        self.problems = problems.map {
            ProblemLink(fieldID: Self.fieldName(for: $0.field), message: "\($0.field): \($0.message)")
        }
        hasProblems = !problems.isEmpty
        headline = FieldView(name: "headline", label: "Headline", value: form.headline, error: messages["headline"])
        section = FieldView(
            name: "section", label: "Section", value: form.section, error: messages["section"],
            hint: permissions.canCreateSections
                ? "One of the desk's sections, or a new one."
                : "One of the desk's sections; an editor can add a new one.",
            list: "section-names")
        byline = FieldView(
            name: "byline", label: "Credit without a profile", value: form.byline, error: messages["byline"],
            hint: "Printed only when no author is chosen above: agency copy, a guest writer.")
        datelinePlace = FieldView(
            name: "dateline_place", label: "Dateline place", value: form.datelinePlace,
            error: messages["dateline_place"], hint: "As the wire writes it: KUALA LUMPUR, Malaysia")
        datelineSource = FieldView(
            name: "dateline_source", label: "Dateline source", value: form.datelineSource,
            error: messages["dateline_source"], hint: "The news organisation: CNN, AP")
        body = FieldView(
            name: "body", label: "Body (Markdown)", value: form.body, error: messages["body"],
            hint:
                "Leave a blank line between paragraphs. **bold**, *italic*, [links](https://…), lists and > quotes work. "
                + "An image from the media library goes on a paragraph of its own: ![alt text](media:ID \"caption\")."
        )
        highlights = (1...StoryForm.highlightSlots).map { number in
            let text = number <= form.highlights.count ? form.highlights[number - 1] : ""
            return HighlightRow(
                number: number,
                textField: FieldView(
                    name: "highlight_\(number)", label: "Highlight \(number)", value: text,
                    error: messages["highlight_\(number)"]),
                positionName: "highlight_\(number)_position", positionID: "highlight-\(number)-position",
                position: String(number))
        }
        highlightsError = messages["highlights"]
        topics = FieldView(
            name: "topics", label: "Topics (one per line)", value: form.topics, error: messages["topics"],
            hint: "People, places and organisations the story is all about, most important first.")
        suggestedHighlights = StoryForm.suggestionField(form.suggestedHighlights)
        suggestedTopics = StoryForm.suggestionField(form.suggestedTopics)
        sectionNames = sections.map(\.name)
        canEdit = permissions.canEdit
        self.story = story.map { story in
            StoryFacts(
                id: story.id, status: story.status.rawValue,
                readerURL: story.status.isPublic ? SitePaths.story(story.slug) : nil,
                previewURL: NewsroomPaths.story(story.id, "preview"),
                revisionsURL: NewsroomPaths.story(story.id, "revisions"),
                submitURL: NewsroomPaths.story(story.id, "submit"),
                publishURL: NewsroomPaths.story(story.id, "publish"),
                scheduleURL: NewsroomPaths.story(story.id, "schedule"),
                unpublishURL: NewsroomPaths.story(story.id, "unpublish"),
                deleteURL: NewsroomPaths.story(story.id, "delete"),
                correctionsURL: NewsroomPaths.story(story.id, "corrections"),
                returnURL: NewsroomPaths.story(story.id, "return"), notesURL: NewsroomPaths.story(story.id, "notes"),
                presenceURL: NewsroomPaths.story(story.id, "presence"), slugURL: NewsroomPaths.story(story.id, "slug"),
                autosaveURL: story.status == .draft && permissions.canEdit
                    ? NewsroomPaths.story(story.id, "autosave") : nil,
                publishedAt: story.publishedAt.map { TimeView($0, clock: clock) })
        }
        self.permissions = permissions
        self.corrections = corrections.map { CorrectionRow(note: $0.note, time: TimeView($0.createdAt, clock: clock)) }
        hasCorrections = !corrections.isEmpty
        let scheduled = story.flatMap { $0.status == .scheduled ? $0.publishedAt : nil }
        schedule = FieldView(
            name: "publish_at", label: "Publish at (\(clock.timeZone.identifier))",
            value: scheduleValue.isEmpty ? scheduled.map { clock.localFieldValue($0) } ?? "" : scheduleValue,
            error: scheduleError, type: "datetime-local")
        correction = FieldView(
            name: "note", label: "Correction note", value: "", error: correctionError,
            hint: "Shown, dated, at the foot of the story.")
    }

    /// The form field a validation problem belongs to ("highlights[2]" → "highlight_2").
    static func fieldName(for problemField: String) -> String {
        if problemField.hasPrefix("highlights["), let number = Int(problemField.dropFirst(11).dropLast()) {
            return "highlight_\(number)"
        }
        if problemField.hasPrefix("topics[") { return "topics" }
        return problemField.replacingOccurrences(of: ".", with: "_")
    }
}

extension String {
    /// The text with its first letter upper-cased ("a story needs…" → "A story needs…").
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
