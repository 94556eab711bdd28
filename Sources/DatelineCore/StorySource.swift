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

extension StorySource {
    /// The checksum "Take as draft" records: the item's format and version, then a digest of the
    /// story's body as taken ("wire-page-v2-1f3a…"), so the reader page can tell whether the story
    /// still republishes the original verbatim.
    public static func wireChecksum(format: String, version: Int, body: [String]) -> String {
        "wire-\(format)-v\(version)-\(bodyDigest(body))"
    }

    /// True when this source is a wire item's and `body` is still exactly the body taken from it
    /// (whitespace aside): the story republishes the original verbatim, so its page names the
    /// original as canonical.
    public func isVerbatimWireCopy(body: [String]) -> Bool {
        guard checksum.hasPrefix("wire-"), let digest = checksum.split(separator: "-").last,
            ["http", "https"].contains(url.split(separator: ":").first?.lowercased() ?? "")
        else { return false }
        return digest == Self.bodyDigest(body)
    }

    /// A 64-bit FNV-1a digest of the paragraphs with whitespace collapsed, in hex.
    static func bodyDigest(_ body: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for paragraph in body.map({ $0.collapsingWhitespace() }).filter({ !$0.isEmpty }) {
            for byte in paragraph.utf8 + [0x0A] {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16)
    }
}
