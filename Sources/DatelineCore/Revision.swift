import Foundation

/// One saved state of a story's content: who saved it, when, and what it said then.
///
/// Every save of a story adds one, so the newsroom can compare any two and restore an old one.
public struct Revision: Hashable, Sendable, Codable, Identifiable {
    /// The store's key for the revision.
    public var id: Int64
    /// The story it belongs to.
    public var storyID: Int64
    /// 1 for the story's first save, counting up.
    public var number: Int
    /// The account that saved it; nil for imports and tools without an account, or a removed account.
    public var authorID: Int64?
    /// The saving account's name at the time of reading; nil when there is none.
    public var authorName: String?
    /// When it was saved.
    public var createdAt: Date
    /// The content as saved.
    public var content: StoryDraft
    /// True when the editor saved it by itself while the person typed (autosave). A run of
    /// autosaves by one person is kept as one revision, renumbered each time, so the history
    /// shows what was typed without a revision every half minute. Not part of archives.
    public var isAutosave = false

    private enum CodingKeys: String, CodingKey {
        case id, storyID, number, authorID, authorName, createdAt, content
    }

    /// Makes a revision value; stores build these, callers read them.
    public init(
        id: Int64, storyID: Int64, number: Int, authorID: Int64?, authorName: String?, createdAt: Date,
        content: StoryDraft, isAutosave: Bool = false
    ) {
        self.id = id
        self.storyID = storyID
        self.number = number
        self.authorID = authorID
        self.authorName = authorName
        self.createdAt = createdAt
        self.content = content
        self.isAutosave = isAutosave
    }
}
