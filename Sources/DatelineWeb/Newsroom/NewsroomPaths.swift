/// The newsroom's URL scheme in one place, so templates, redirects and tests agree on it.
enum NewsroomPaths {
    static let root = "/newsroom"
    static let login = "/newsroom/login"
    static let logout = "/newsroom/logout"
    static let newStory = "/newsroom/stories/new"
    static let stories = "/newsroom/stories"
    static let users = "/newsroom/users"
    static let tokens = "/newsroom/tokens"
    static let trash = "/newsroom/trash"
    static let sections = "/newsroom/sections"
    static let topics = "/newsroom/topics"
    static let authors = "/newsroom/authors"
    static let newsletters = "/newsroom/newsletters"
    static let mediaLibrary = "/newsroom/media"
    /// The development mail catcher.
    static let mail = "/newsroom/mail"

    /// "/newsroom/mail/12".
    static func caughtMessage(_ id: Int64) -> String { "/newsroom/mail/\(id)" }

    /// "/newsroom/media/12".
    static func media(_ id: Int64) -> String { "/newsroom/media/\(id)" }

    /// "/newsroom/trash/12/restore".
    static func restoreFromTrash(_ id: Int64) -> String { "/newsroom/trash/\(id)/restore" }
    static let forgotPassword = "/newsroom/password/forgot"

    /// "/newsroom/users/invitations/4/resend" and the like.
    static func invitation(_ id: Int64, _ action: String) -> String { "/newsroom/users/invitations/\(id)/\(action)" }
    /// "/newsroom/invitations/<token>": the link an invitee opens.
    static func acceptInvitation(_ token: String) -> String { "/newsroom/invitations/\(token)" }
    static let invitations = "/newsroom/users/invitations"
    /// "/newsroom/password/reset/<token>".
    static func passwordReset(_ token: String) -> String { "/newsroom/password/reset/\(token)" }

    /// "/newsroom/setup/<token>".
    static func setup(_ token: String) -> String { "/newsroom/setup/\(token)" }
    /// "/newsroom/users/3/deactivate" or "/newsroom/users/3/reactivate".
    static func userActivation(_ id: Int64, active: Bool) -> String {
        "/newsroom/users/\(id)/\(active ? "reactivate" : "deactivate")"
    }
    /// "/newsroom/stories/12".
    static func story(_ id: Int64) -> String { "/newsroom/stories/\(id)" }
    /// "/newsroom/stories/12/<action>" for preview, submit, publish and the rest.
    static func story(_ id: Int64, _ action: String) -> String { "/newsroom/stories/\(id)/\(action)" }
    /// "/newsroom/stories/12/revisions/40/restore".
    static func restore(story id: Int64, revision: Int64) -> String {
        "/newsroom/stories/\(id)/revisions/\(revision)/restore"
    }

    /// A return path inside the newsroom, or nil when `text` points anywhere else.
    static func insideNewsroom(_ text: String?) -> String? {
        guard let text, let path = ReturnPath(validating: text)?.path,
            path == root || path.hasPrefix(root + "/") || path.hasPrefix(root + "?")
        else { return nil }
        return path
    }
}
