import Crypto
import DatelineCore
import Foundation

/// The media library's rules, applied the same way by every backend.
public enum MediaRules {
    /// Longest alt text, in characters.
    public static let altTextLimit = 500
    /// Longest credit, in characters.
    public static let creditLimit = 200
    /// Longest caption, in characters.
    public static let captionLimit = 1_000
    /// Longest file name kept, in characters.
    public static let fileNameLimit = 255
    /// The formats the library keeps.
    public static let formats: Set<String> = ["jpeg", "png", "webp", "avif", "gif", "heic"]
}

extension MediaDetails {
    /// The details as stored: whitespace collapsed, blanks as nil; refused
    /// (``StoreError/invalid(_:)``, naming every problem) when a detail is too long or holds a
    /// control character.
    public func checked() throws(StoreError) -> MediaDetails {
        var problems: [StoryValidationError.Problem] = []
        func clean(_ value: String?, field: String, name: String, limit: Int) -> String? {
            guard let value else { return nil }
            if let problem = value.controlCharacterProblem() {
                problems.append(.init(field: field, message: "the \(name) \(problem)"))
                return nil
            }
            let tidy = value.collapsingWhitespace()
            if tidy.count > limit {
                problems.append(.init(field: field, message: "keep the \(name) to \(limit) characters or fewer"))
            }
            return tidy.isEmpty ? nil : tidy
        }
        let result = MediaDetails(
            altText: clean(altText, field: "alt", name: "alt text", limit: MediaRules.altTextLimit),
            credit: clean(credit, field: "credit", name: "credit", limit: MediaRules.creditLimit),
            caption: clean(caption, field: "caption", name: "caption", limit: MediaRules.captionLimit))
        guard problems.isEmpty else { throw .invalid(StoryValidationError(problems: problems)) }
        return result
    }
}

extension MediaImage {
    /// The image as stored: the file name without any folder part, control characters or excess
    /// length ("image" when nothing is left); refused when the format is not one the library
    /// keeps, the size is not positive, or there are no bytes.
    func checked() throws(StoreError) -> MediaImage {
        var problems: [StoryValidationError.Problem] = []
        if bytes.isEmpty { problems.append(.init(field: "file", message: "the file is empty")) }
        if !MediaRules.formats.contains(format) {
            problems.append(.init(field: "file", message: "the library does not keep '\(format)' images"))
        }
        if width <= 0 || height <= 0 {
            problems.append(.init(field: "file", message: "the image has no pixels"))
        }
        guard problems.isEmpty else { throw .invalid(StoryValidationError(problems: problems)) }
        var copy = self
        copy.fileName = Self.tidyFileName(fileName)
        return copy
    }

    /// The last path component of `name` with control characters dropped, whitespace collapsed
    /// and at most ``MediaRules/fileNameLimit`` characters.
    static func tidyFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var kept = String.UnicodeScalarView()
        for scalar in last.unicodeScalars where !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)) {
            kept.append(scalar)
        }
        let tidy = String(String(kept).collapsingWhitespace().prefix(MediaRules.fileNameLimit))
        return tidy.isEmpty ? "image" : tidy
    }

    /// The SHA-256 digest of the bytes, lowercase hex.
    var digest: String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Refusal for bytes another item holds already.
    static func duplicate(of id: Int64) -> StoreError {
        .invalid(
            StoryValidationError(problems: [
                .init(field: "file", message: "this image is already in the library as item \(id)")
            ]))
    }
}
