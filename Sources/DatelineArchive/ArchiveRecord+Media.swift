import Crypto
import DatelineCore
import Foundation

extension ArchiveRecord {
    /// A media library item with its original bytes (base64 in the JSON line) and the stories
    /// that use it, so an imported site serves the same pictures under the same ids and a story's
    /// references to them stay valid. Written after every story, one line per item.
    public struct Media: Sendable, Hashable, Codable {
        public var id: Int64
        public var version: Int
        /// The SHA-256 of ``original``, lower-case hex; checked on import.
        public var sha256: String
        public var fileName: String
        public var format: String
        public var width: Int
        public var height: Int
        public var altText: String?
        public var credit: String?
        public var caption: String?
        public var uploadedBy: Int64?
        public var createdAt: ArchiveTime
        public var updatedAt: ArchiveTime
        /// The stories recorded as using the item (``MediaStore/setMediaUses(ofStory:media:)``), in id order.
        public var usedBy: [Int64]
        /// The original file, as uploaded.
        public var original: Data

        public init(
            id: Int64, version: Int, sha256: String, fileName: String, format: String, width: Int, height: Int,
            altText: String?, credit: String?, caption: String?, uploadedBy: Int64?, createdAt: ArchiveTime,
            updatedAt: ArchiveTime, usedBy: [Int64], original: Data
        ) {
            self.id = id
            self.version = version
            self.sha256 = sha256
            self.fileName = fileName
            self.format = format
            self.width = width
            self.height = height
            self.altText = altText
            self.credit = credit
            self.caption = caption
            self.uploadedBy = uploadedBy
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.usedBy = usedBy
            self.original = original
        }

        enum CodingKeys: String, CodingKey {
            case id, version, sha256, format, width, height, credit, caption, original
            case fileName = "file_name"
            case altText = "alt_text"
            case uploadedBy = "uploaded_by"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
            case usedBy = "used_by"
        }
    }
}
