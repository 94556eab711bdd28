/// Where a story stands in the newsroom's workflow.
public enum StoryStatus: String, Sendable, Codable, CaseIterable {
    /// Being written; only the newsroom sees it.
    case draft
    /// Filed by its writer and waiting for an editor.
    case submitted
    /// Approved and waiting for its publication time.
    case scheduled
    /// Live on the site.
    case published
    /// Taken down after publication; kept with its history.
    case unpublished

    /// True when readers may see the story.
    public var isPublic: Bool { self == .published }
}
