import DatelineStore

/// The step between "Delete story and its history" and the deletion: says what goes, and asks
/// once more, so one stray click cannot remove a story and every revision of it.
struct DeleteConfirmationView: NewsroomView {
    static let template = NewsroomTemplate.confirmDelete

    let header: NewsroomHeader
    let headline: String
    let deleteURL: String
    let editURL: String
    /// "3 revisions", "1 revision".
    let revisions: String
    /// True while readers can see the story.
    let isLive: Bool
    /// How long the trash keeps it.
    let retentionDays = Int(TrashPolicy.retention / 86_400)
}
