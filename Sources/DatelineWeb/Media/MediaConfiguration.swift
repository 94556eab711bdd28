import Foundation

/// Where this server keeps the renditions it makes, and how much room they may take.
///
/// Originals live in the database; renditions are made from them on first request and kept
/// on each server's own disk, so several servers need no shared file system.
public struct MediaConfiguration: Sendable {
    /// The folder renditions are cached in; nil uses `dateline-renditions` in the system's
    /// temporary folder. `dateline serve` puts it next to the SQLite file.
    public var renditionFolder: URL?
    /// The most bytes the cached renditions may take; the least recently used go first.
    public var renditionCacheBytes: Int

    /// True lets the newsroom's "Upload a page" fetch the page's lead picture from private,
    /// loopback and link-local addresses (a newsroom's own servers, or tests); false, the
    /// default, fetches from public addresses only, so an uploaded page cannot point the server
    /// at its own network.
    public var fetchesFromPrivateAddresses = false

    /// One gigabyte.
    public static let defaultCacheBytes = 1 << 30

    public init(renditionFolder: URL? = nil, renditionCacheBytes: Int = Self.defaultCacheBytes) {
        self.renditionFolder = renditionFolder
        self.renditionCacheBytes = renditionCacheBytes
    }

    /// The folder in use.
    var folder: URL {
        renditionFolder
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("dateline-renditions", isDirectory: true)
    }
}
