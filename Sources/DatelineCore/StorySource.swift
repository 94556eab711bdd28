/// Where an imported story came from, so importing the same page again updates the story.
public struct StorySource: Hashable, Sendable, Codable {
    /// The page's address: its canonical URL when the page names one, else a `file://` URL.
    public var url: String
    /// Hex SHA-256 of the raw page bytes; an unchanged checksum means nothing to update.
    public var checksum: String

    /// Makes a source record.
    public init(url: String, checksum: String) {
        self.url = url
        self.checksum = checksum
    }
}
