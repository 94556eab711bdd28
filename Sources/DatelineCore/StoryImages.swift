/// The media library images a story places: its lead image and the images written in its body
/// as `![alt text](media:ID "caption")`.
///
/// A body image shows as a figure when its block (paragraph) holds nothing but images; an
/// image written inside a paragraph of text is not shown, and publishing refuses it, naming it.
public enum StoryImages {
    /// One `![alt](media:ID "caption")` in a body.
    public struct Placement: Hashable, Sendable {
        /// The media library item.
        public var mediaID: Int64
        /// The words between the brackets: the alt text written in the story (may be empty).
        public var alt: String
        /// The quoted title, shown as the figure's caption; nil when there is none.
        public var caption: String?

        public init(mediaID: Int64, alt: String, caption: String?) {
            self.mediaID = mediaID
            self.alt = alt
            self.caption = caption
        }
    }

    /// The Markdown that places `id` in a body, as the media library offers it for copying.
    public static func syntax(mediaID id: Int64, alt: String, caption: String?) -> String {
        let alt = alt.filter { $0 != "[" && $0 != "]" && !$0.isNewline }
        let caption = caption.map { $0.filter { $0 != "\"" && !$0.isNewline } }.flatMap { $0.isEmpty ? nil : $0 }
        return "![\(alt)](media:\(id)" + (caption.map { " \"\($0)\"" } ?? "") + ")"
    }

    /// The images a block places when it holds nothing else (whitespace aside); nil for any
    /// other block, including one without images.
    public static func figures(in block: String) -> [Placement]? {
        guard block.contains("media:") else { return nil }
        var placements: [Placement] = []
        var rest = ""
        var last = block.startIndex
        for match in block.matches(of: pattern) {
            rest += block[last..<match.range.lowerBound]
            last = match.range.upperBound
            if let placement = placement(match.output) { placements.append(placement) }
        }
        rest += block[last...]
        guard !placements.isEmpty, rest.allSatisfy(\.isWhitespace) else { return nil }
        return placements
    }

    /// Every media id the body writes, in order of first appearance.
    public static func mediaIDs(in body: [String]) -> [Int64] {
        var seen = Set<Int64>()
        var ids: [Int64] = []
        for block in body where block.containsBytes("media:") {
            for match in block.matches(of: pattern) {
                guard let id = placement(match.output)?.mediaID, seen.insert(id).inserted else { continue }
                ids.append(id)
            }
        }
        return ids
    }

    /// Media ids written inside a paragraph of text (not shown; see the type's summary), in order.
    public static func mediaIDsInsideText(in body: [String]) -> [Int64] {
        var ids: [Int64] = []
        for block in body where block.containsBytes("media:") && figures(in: block) == nil {
            for match in block.matches(of: pattern) {
                if let id = placement(match.output)?.mediaID, !ids.contains(id) { ids.append(id) }
            }
        }
        return ids
    }

    /// `![alt](media:ID)` or `![alt](media:ID "caption")` (a literal per use: a Regex is not Sendable).
    private static var pattern: Regex<(Substring, Substring, Substring, Substring?)> {
        #/!\[([^\]\n]{0,1000})\]\([ \t]*media:([0-9]{1,15})(?:[ \t]+"([^"\n]{0,1000})")?[ \t]*\)/#
    }

    private static func placement(_ output: (Substring, Substring, Substring, Substring?)) -> Placement? {
        guard let id = Int64(output.2), id > 0 else { return nil }
        let caption = output.3.map { String($0).trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        return Placement(mediaID: id, alt: String(output.1).trimmingWhitespace(), caption: caption)
    }
}

extension StoryDraft {
    /// The lead image and every image the body writes, as the store records the story's uses.
    public var mediaIDs: Set<Int64> {
        var ids = Set(StoryImages.mediaIDs(in: body))
        if let leadImage { ids.insert(leadImage) }
        return ids
    }
}
