/// Something a newsroom account may try to do to a story or to the newsroom itself.
public enum NewsroomAction: String, Sendable, CaseIterable {
    /// See the story in the newsroom (list, edit form, preview, revisions).
    case view
    /// Change the story's content, or restore one of its revisions.
    case edit
    /// File a draft for an editor's review.
    case submit
    /// Put the story live now.
    case publish
    /// Set a time for the story to go live.
    case schedule
    /// Take a live or scheduled story down.
    case unpublish
    /// Add a dated correction note to the story.
    case correct
    /// Remove the story and its history for good.
    case delete
    /// Create, change or disable accounts.
    case manageUsers
}

extension Role {
    /// True when an account with this role may do `action` to a story in `status`.
    ///
    /// - Parameter isOwnStory: True when the account created the story; contributors and writers
    ///   act only on their own stories, editors and admins on every story.
    /// - Parameter status: The story's workflow state, or nil for newsroom-wide actions.
    public func allows(_ action: NewsroomAction, isOwnStory: Bool, status: StoryStatus?) -> Bool {
        if self >= .editor { return action != .manageUsers || self == .admin }
        guard isOwnStory else { return false }
        switch action {
        case .view, .submit:
            return true
        case .edit:
            // A contributor's work stops being theirs to change once it is filed for review.
            if self == .contributor { return status == .draft || status == nil }
            return true
        case .publish, .schedule, .unpublish, .correct, .delete, .manageUsers:
            return false
        }
    }
}
