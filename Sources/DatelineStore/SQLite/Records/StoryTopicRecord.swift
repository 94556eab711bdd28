import GRDB

/// A row of the `story_topics` table: a story tagged with a topic at a place in its "All About" list.
struct StoryTopicRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "story_topics"

    var storyID: Int64
    var topicID: Int64
    var position: Int

    enum CodingKeys: String, CodingKey {
        case storyID = "story_id"
        case topicID = "topic_id"
        case position
    }
}
