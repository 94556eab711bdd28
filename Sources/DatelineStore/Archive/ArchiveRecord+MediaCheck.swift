import Crypto
import DatelineArchive
import DatelineCore
import Foundation

extension ArchiveRecord.Media {
    /// Why the record cannot be stored as it is, or nil when it can: its bytes must match its
    /// digest, and its details the library's rules.
    func problem() -> String? {
        guard version >= 1 else { return "the version \(version)" }
        guard !original.isEmpty else { return "no original bytes" }
        guard ArchiveLineWriter.hex(SHA256.hash(data: original)) == sha256 else {
            return "original bytes whose SHA-256 is not the recorded \(sha256) (altered or damaged)"
        }
        guard MediaRules.formats.contains(format) else { return "the unknown format '\(format)'" }
        guard width > 0, height > 0 else { return "no pixels (\(width) × \(height))" }
        guard !fileName.isEmpty, fileName.count <= MediaRules.fileNameLimit,
            fileName.firstControlCharacter() == nil, !fileName.contains("/")
        else { return "an unusable file name" }
        let details = MediaDetails(altText: altText, credit: credit, caption: caption)
        guard (try? details.checked()) == details else { return "alt text, credit or caption outside the rules" }
        guard Set(usedBy).count == usedBy.count else { return "a story listed twice among its users" }
        return nil
    }
}
