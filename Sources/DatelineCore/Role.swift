/// What a newsroom account may do, from least to most trusted.
///
/// Each role includes the rights of the ones before it: a writer can do what a contributor can,
/// an editor what a writer can, and an admin what an editor can, plus managing accounts.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Writes drafts of their own and files them for review; never publishes.
    case contributor
    /// Writes and revises their own stories, including after an editor has published them.
    case writer
    /// Works on every story: publishes, schedules, unpublishes, corrects and deletes.
    case editor
    /// An editor who also manages accounts and settings.
    case admin

    /// The role's name as the newsroom says it ("Editor").
    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    private var rank: Int {
        switch self {
        case .contributor: return 0
        case .writer: return 1
        case .editor: return 2
        case .admin: return 3
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
