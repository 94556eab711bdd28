import Foundation

/// The Admin API's entity tag for a story: the number of its latest revision ("r7"), so a client
/// sends back in `If-Match` which version its change is based on.
enum StoryRevisionTag {
    /// The tag for revision `number`, quoted as HTTP writes entity tags.
    static func tag(for number: Int) -> String { "\"r\(number)\"" }

    /// The revision an `If-Match` value names; nil for `*` (any version). Throws 428 when the
    /// header is missing and 412 when it names no revision of ours.
    static func expected(from header: String?) throws(APIError) -> Int? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else {
            throw .preconditionRequired
        }
        if header == "*" { return nil }
        // One tag is expected; a list is accepted when its first entry is ours.
        var tag = Substring(header.split(separator: ",").first ?? "").trimmingCharacters(in: .whitespaces)[...]
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        guard tag.hasPrefix("\"r"), tag.hasSuffix("\""), tag.count > 3,
            let number = Int(tag.dropFirst(2).dropLast()), number > 0
        else { throw .badPrecondition }
        return number
    }
}
