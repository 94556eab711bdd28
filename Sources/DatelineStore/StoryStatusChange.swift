import DatelineCore
import Foundation

/// A workflow step applied with a save: the status a story moves to and, when it has one, the
/// publication time it takes (a scheduled story's time, or "now" for publishing).
public struct StoryStatusChange: Sendable, Hashable {
    /// The new status.
    public var status: StoryStatus
    /// The publication time to set; nil keeps the stored one (publishing dates a story without
    /// one "now").
    public var publishedAt: Date?

    /// Makes a step.
    public init(status: StoryStatus, publishedAt: Date?) {
        self.status = status
        self.publishedAt = publishedAt
    }
}
