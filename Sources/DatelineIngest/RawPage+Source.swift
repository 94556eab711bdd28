import Crypto
import DatelineCore
import Foundation

extension RawPage {
    /// The page's identity for re-import: its own URL when known, else a `file://` URL of its
    /// absolute path, with the SHA-256 of its bytes so an unchanged page is recognised.
    public var storySource: StorySource {
        StorySource(url: sourceURL, checksum: Self.checksum(of: bytes))
    }

    /// The URL a story from this page is filed under.
    var sourceURL: String {
        if let url { return url.absoluteString }
        let lowered = location.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("file://") {
            return location
        }
        return URL(fileURLWithPath: location).standardizedFileURL.absoluteString
    }

    /// Lower-case hex SHA-256 of `bytes`.
    static func checksum(of bytes: Data) -> String {
        let digest = SHA256.hash(data: bytes)
        var hex = ""
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(Self.hexDigits[Int(byte >> 4)])
            hex.append(Self.hexDigits[Int(byte & 0x0F)])
        }
        return hex
    }

    private static let hexDigits: [Character] = Array("0123456789abcdef")
}
