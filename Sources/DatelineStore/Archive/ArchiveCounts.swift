/// How many records of each kind an archive holds.
public struct ArchiveCounts: Sendable, Hashable, CustomStringConvertible {
    public var sections = 0
    public var topics = 0
    public var users = 0
    public var stories = 0
    public var revisions = 0
    public var corrections = 0
    public var apiTokens = 0
    public var mail = 0

    public init() {}

    /// Counts `record` under its kind; the header is not counted.
    public mutating func count(_ record: ArchiveRecord) {
        switch record {
        case .header: break
        case .section: sections += 1
        case .topic: topics += 1
        case .user: users += 1
        case .story: stories += 1
        case .revision: revisions += 1
        case .correction: corrections += 1
        case .apiToken: apiTokens += 1
        case .mail: mail += 1
        }
    }

    /// "28 stories, 40 revisions, 2 users, …".
    public var description: String {
        func counted(_ number: Int, _ one: String, _ many: String) -> String {
            "\(number) \(number == 1 ? one : many)"
        }
        return [
            counted(stories, "story", "stories"), counted(revisions, "revision", "revisions"),
            counted(corrections, "correction", "corrections"), counted(users, "user", "users"),
            counted(apiTokens, "API token", "API tokens"), counted(sections, "section", "sections"),
            counted(topics, "topic", "topics"), counted(mail, "pending message", "pending messages"),
        ].joined(separator: ", ")
    }
}
