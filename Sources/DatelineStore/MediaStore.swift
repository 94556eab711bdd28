import DatelineCore
import Foundation

/// The newsroom's media library: original images kept in the database itself (a BLOB in
/// SQLite, `bytea` in PostgreSQL), so every server sharing one database serves the same images
/// with no shared file system. Renditions are made from the originals and cached by each
/// server on its own disk; they are not the store's business.
///
/// The store does not decode images: the caller checks the bytes (the image pipeline's
/// `validate`) and passes the format and upright size it found. The store computes the SHA-256
/// digest itself, so the same bytes stored twice give the item already there.
public protocol MediaStore: Sendable {
    /// Stores an image with its details, or gives back the item that already holds the same
    /// bytes (``MediaAddition/created`` false; its details are left as they were).
    ///
    /// Refused (``StoreError/invalid(_:)``, nothing stored) when a detail breaks
    /// ``MediaDetails`` rules or the file name is unusable.
    func addMedia(_ media: NewMedia) async throws(StoreError) -> MediaAddition

    /// An item's details; nil when there is no such item.
    func media(id: Int64) async throws(StoreError) -> MediaItem?

    /// The items with these ids that the library holds, read in one query: a page's pictures
    /// cost one round trip, however many it shows.
    func media(ids: Set<Int64>) async throws(StoreError) -> [Int64: MediaItem]

    /// An item's original bytes with the version they belong to; nil when there is no such item.
    func mediaOriginal(id: Int64) async throws(StoreError) -> MediaOriginal?

    /// Items matching `query`, newest first.
    func mediaItems(_ query: MediaQuery) async throws(StoreError) -> [MediaItem]

    /// Replaces an item's alt text, credit and caption; nil when there is no such item.
    func updateMedia(id: Int64, details: MediaDetails, at time: Date) async throws(StoreError) -> MediaItem?

    /// Puts new bytes in place of an item's image, keeping its id and details and raising its
    /// ``MediaItem/version`` (so every rendition address changes); nil when there is no such item.
    ///
    /// Refused (``StoreError/invalid(_:)``) when another item already holds the same bytes.
    func replaceMedia(id: Int64, with image: MediaImage, at time: Date) async throws(StoreError) -> MediaItem?

    /// Deletes an item, unless a published story uses it and `force` is false.
    func deleteMedia(id: Int64, force: Bool) async throws(StoreError) -> MediaDeletion

    /// Records which items story `story` uses, replacing what was recorded for it before.
    ///
    /// This is the hook for stories: whoever saves a story's lead image or inline images calls
    /// it, and ``deleteMedia(id:force:)`` refuses to delete an item a published story uses.
    /// Ids of items that do not exist are left out. Throws ``StoreError/notFound(id:)`` when
    /// there is no such story.
    func setMediaUses(ofStory story: Int64, media: Set<Int64>) async throws(StoreError)

    /// The ids of the published stories that use item `id`, in id order.
    func publishedStories(usingMedia id: Int64) async throws(StoreError) -> [Int64]
}

/// An image's bytes with what the image pipeline found in them.
public struct MediaImage: Sendable, Hashable {
    /// The original file, as uploaded.
    public var bytes: Data
    /// The uploaded file's name, kept for search and display (path parts are dropped).
    public var fileName: String
    /// The format the pipeline found ("jpeg", "png", "webp", "avif", "gif", "heic").
    public var format: String
    /// Upright width in pixels.
    public var width: Int
    /// Upright height in pixels.
    public var height: Int

    public init(bytes: Data, fileName: String, format: String, width: Int, height: Int) {
        self.bytes = bytes
        self.fileName = fileName
        self.format = format
        self.width = width
        self.height = height
    }
}

/// The words that go with an image. All optional on upload; alt text and credit are required
/// before an image can be published (``MediaItem/isReadyToPublish``).
public struct MediaDetails: Sendable, Hashable {
    /// What the image shows, for people who cannot see it.
    public var altText: String?
    /// Who made it ("Jane Arden/Dateline").
    public var credit: String?
    /// The caption shown under it.
    public var caption: String?

    public init(altText: String? = nil, credit: String? = nil, caption: String? = nil) {
        self.altText = altText
        self.credit = credit
        self.caption = caption
    }
}

/// An image to add to the library.
public struct NewMedia: Sendable, Hashable {
    public var image: MediaImage
    public var details: MediaDetails
    /// Who uploaded it; nil for a tool.
    public var uploadedBy: Int64?
    public var time: Date

    public init(image: MediaImage, details: MediaDetails, uploadedBy: Int64?, time: Date) {
        self.image = image
        self.details = details
        self.uploadedBy = uploadedBy
        self.time = time
    }
}

/// What ``MediaStore/addMedia(_:)`` came to.
public struct MediaAddition: Sendable, Hashable {
    public var item: MediaItem
    /// False when the same bytes were in the library already and `item` is that item.
    public var created: Bool

    public init(item: MediaItem, created: Bool) {
        self.item = item
        self.created = created
    }
}

/// One item of the media library, without its bytes.
public struct MediaItem: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// Starts at 1 and goes up by one each time the image is replaced.
    public var version: Int
    /// The SHA-256 digest of the original, lowercase hex.
    public var digest: String
    public var fileName: String
    public var format: String
    public var width: Int
    public var height: Int
    /// The original's size in bytes.
    public var byteCount: Int
    public var details: MediaDetails
    public var uploadedBy: Int64?
    /// The uploader's name; nil for a tool or a removed account.
    public var uploadedByName: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, version: Int, digest: String, fileName: String, format: String, width: Int, height: Int,
        byteCount: Int, details: MediaDetails, uploadedBy: Int64?, uploadedByName: String?, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.version = version
        self.digest = digest
        self.fileName = fileName
        self.format = format
        self.width = width
        self.height = height
        self.byteCount = byteCount
        self.details = details
        self.uploadedBy = uploadedBy
        self.uploadedByName = uploadedByName
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// True when the image has alt text and a credit, as it must before a story can publish it.
    public var isReadyToPublish: Bool { missingForPublication.isEmpty }

    /// The details still wanted before publication ("alt text", "credit"), in that order.
    public var missingForPublication: [String] {
        var missing: [String] = []
        if (details.altText ?? "").isEmpty { missing.append("alt text") }
        if (details.credit ?? "").isEmpty { missing.append("credit") }
        return missing
    }
}

/// An item's original bytes.
public struct MediaOriginal: Sendable, Hashable {
    public var id: Int64
    public var version: Int
    /// The SHA-256 digest of ``bytes``, lowercase hex, as ``MediaItem/digest``.
    public var digest: String
    public var format: String
    public var bytes: Data

    public init(id: Int64, version: Int, digest: String, format: String, bytes: Data) {
        self.id = id
        self.version = version
        self.digest = digest
        self.format = format
        self.bytes = bytes
    }
}

/// Which items to list.
public struct MediaQuery: Sendable, Hashable {
    /// Words every listed item has somewhere in its alt text, credit, caption or file name
    /// (case-insensitive for ASCII letters); nil or blank lists everything.
    public var text: String?
    /// Only items this account uploaded.
    public var uploadedBy: Int64?
    public var limit: Int
    public var offset: Int

    public init(text: String? = nil, uploadedBy: Int64? = nil, limit: Int = 60, offset: Int = 0) {
        self.text = text
        self.uploadedBy = uploadedBy
        self.limit = min(max(limit, 1), 500)
        self.offset = max(offset, 0)
    }

    /// The words of ``text``, at most eight.
    var words: [String] {
        (text ?? "").split(whereSeparator: { $0.isWhitespace }).prefix(8).map(String.init)
    }
}

/// What ``MediaStore/deleteMedia(id:force:)`` came to.
public enum MediaDeletion: Sendable, Hashable {
    case deleted
    /// There is no such item.
    case notFound
    /// Published stories (by id) use the item; nothing was deleted.
    case inUse(stories: [Int64])
}
