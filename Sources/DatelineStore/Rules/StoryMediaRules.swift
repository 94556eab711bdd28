import DatelineCore

/// The rules for the images a story places (its lead image and the images in its body), the
/// same on every backend: each backend reads the items, these decide.
enum StoryMediaRules {
    /// Refusal of a lead image that is not in the library, at any save.
    static func missingLeadImage(_ id: Int64) -> StoreError {
        .invalid(
            StoryValidationError(problems: [
                .init(
                    field: "lead_image",
                    message:
                        "there is no image \(id) in the media library; choose one from the library or leave it empty")
            ]))
    }

    /// True when a move to `status` puts the story before readers (now or at a set time), which
    /// needs every image ready.
    static func needsReadyImages(_ status: StoryStatus) -> Bool {
        status == .published || status == .scheduled
    }

    /// Why `draft` cannot go before readers with the images it places, naming each image; empty
    /// when it can. `items` holds the library items found for ``StoryDraft/mediaIDs``.
    ///
    /// Images in `exempt` are not looked at: an edit of a live story answers only for the images
    /// it adds, so an image that lost its credit after publication (or was deleted by force)
    /// never stops an editor correcting or taking down the story.
    static func publicationProblems(
        of draft: StoryDraft, items: [Int64: MediaItem], exempt: Set<Int64> = []
    ) -> [StoryValidationError.Problem] {
        var problems: [StoryValidationError.Problem] = []
        func name(_ item: MediaItem) -> String { "image \(item.id) (“\(item.fileName)”)" }
        if let lead = draft.leadImage, !exempt.contains(lead) {
            if let item = items[lead] {
                if !item.isReadyToPublish {
                    problems.append(
                        .init(
                            field: "lead_image",
                            message: "the lead image, \(name(item)), needs \(missing(item)) before the story can be "
                                + "published; add it in the media library"))
                }
            } else {
                problems.append(
                    .init(
                        field: "lead_image",
                        message: "the lead image \(lead) is no longer in the media library; choose another or remove it"
                    ))
            }
        }
        let insideText = Set(StoryImages.mediaIDsInsideText(in: draft.body))
        for id in StoryImages.mediaIDs(in: draft.body) where !exempt.contains(id) {
            guard let item = items[id] else {
                problems.append(
                    .init(
                        field: "body",
                        message: "the body places image \(id), which is not in the media library; correct the id "
                            + "or remove the image"))
                continue
            }
            if insideText.contains(id) {
                problems.append(
                    .init(
                        field: "body",
                        message: "\(name(item)) is written inside a paragraph of text; put its ![…](media:\(id)) "
                            + "on a paragraph of its own so it shows as a figure"))
            }
            if !item.isReadyToPublish {
                problems.append(
                    .init(
                        field: "body",
                        message: "\(name(item)) in the body needs \(missing(item)) before the story can be published; "
                            + "add it in the media library"))
            }
        }
        return problems
    }

    /// Throws the problems of ``publicationProblems(of:items:)``, if any.
    static func checkPublication(
        of draft: StoryDraft, items: [Int64: MediaItem], exempt: Set<Int64> = []
    ) throws(StoreError) {
        let problems = publicationProblems(of: draft, items: items, exempt: exempt)
        guard problems.isEmpty else { throw .invalid(StoryValidationError(problems: problems)) }
    }

    /// The activity-log note for a scheduled story that has just gone live: that it went at its set
    /// time, and each picture that stopped being ready since it was scheduled (deleted from the
    /// library by force, or its alt text or credit taken away). The story goes live regardless —
    /// a desk's timing comes first, and readers simply do not see a deleted picture — and the
    /// desk reads in the story's log what to fix.
    static func goLiveNote(of draft: StoryDraft, items: [Int64: MediaItem]) -> String {
        var problems: [String] = []
        func describe(_ id: Int64, _ place: String) {
            guard let item = items[id] else {
                problems.append("\(place) \(id) is no longer in the media library, so readers see the story without it")
                return
            }
            if !item.isReadyToPublish {
                problems.append(
                    "\(place) \(id) (“\(item.fileName)”) has no \(missing(item)); add it in the media library")
            }
        }
        if let lead = draft.leadImage { describe(lead, "the lead image") }
        for id in StoryImages.mediaIDs(in: draft.body) where id != draft.leadImage { describe(id, "image") }
        guard !problems.isEmpty else { return "Went live at its scheduled time." }
        let note = "Went live at its scheduled time, but " + problems.joined(separator: "; ") + "."
        return note.count <= NewStoryActivity.noteLimit
            ? note : String(note.prefix(NewStoryActivity.noteLimit - 1)) + "…"
    }

    private static func missing(_ item: MediaItem) -> String {
        item.missingForPublication.joined(separator: " and ")
    }
}
