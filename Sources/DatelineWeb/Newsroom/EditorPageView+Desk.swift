import DatelineCore
import DatelineStore
import Foundation

extension EditorPageView {
    /// One line of the activity log as the editor shows it.
    struct ActivityRow: Sendable {
        let who: String
        let what: String
        let note: String?
        let time: TimeView
        let isNote: Bool
    }

    /// The desk's view of a stored story: its activity, who else has it open, and the forms for
    /// notes and for returning it to the writer.
    mutating func addDesk(
        activity: [StoryActivity], others: [StoryPresence], clock: StoryClock, returnError: String?,
        noteError: String?
    ) {
        activityRows = activity.map {
            ActivityRow(
                who: $0.userName ?? "Dateline", what: $0.kind.phrase, note: $0.note,
                time: TimeView($0.time, clock: clock),
                isNote: $0.kind == .note || $0.kind == .returned)
        }
        hasActivity = !activityRows.isEmpty
        let names = others.map(\.name)
        othersHere =
            names.isEmpty
            ? nil
            : Self.joinedNames(names)
                + (names.count == 1 ? " also has this story open." : " also have this story open.")
        returnField = FieldView(
            name: "note", label: "Why it goes back (the writer sees this)", value: "", error: returnError,
            id: "return-note")
        noteField = FieldView(
            name: "note", label: "Note for the desk", value: "", error: noteError,
            hint: "Only the newsroom sees notes.", id: "desk-note")
    }

    /// "Ann", "Ann and Bob", "Ann, Bob and Cy".
    static func joinedNames(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }

    /// "412 words · about 2 minutes to read", counted from the body as typed (Markdown marks
    /// are not words). Reading time at 230 words a minute, the usual figure for news copy.
    static func lengthText(ofBody body: String) -> String {
        let words = MarkdownText.plain(body).split(whereSeparator: { $0.isWhitespace || $0.isNewline }).count
        let minutes = max(1, Int((Double(words) / 230).rounded(.up)))
        let wordText = words == 1 ? "1 word" : "\(words) words"
        return words == 0 ? "No words yet" : "\(wordText) · about \(minutes) minute\(minutes == 1 ? "" : "s") to read"
    }
}
