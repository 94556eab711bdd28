import Foundation

/// A dated note an editor adds to a published story when something in it was wrong.
public struct Correction: Hashable, Sendable, Codable {
    /// What was wrong and what the story now says.
    public var note: String
    /// When the note was added.
    public var createdAt: Date

    /// Makes a correction value.
    public init(note: String, createdAt: Date) {
        self.note = note
        self.createdAt = createdAt
    }
}
