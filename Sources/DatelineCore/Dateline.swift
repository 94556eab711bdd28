/// Where a story was filed and who filed it: "KUALA LUMPUR, Malaysia (AP) --".
public struct Dateline: Hashable, Sendable, Codable {
    /// The place, as the wire writes it ("KUALA LUMPUR, Malaysia"); nil for "(CNN) --".
    public var place: String?
    /// The news organisation that filed the story ("CNN", "AP"); nil when unknown.
    public var source: String?

    /// Makes a dateline from its parts; empty strings count as absent.
    public init(place: String? = nil, source: String? = nil) {
        self.place = place?.trimmingWhitespace().nilIfEmpty
        self.source = source?.trimmingWhitespace().nilIfEmpty
    }

    /// True when neither place nor source is known.
    public var isEmpty: Bool { place == nil && source == nil }

    /// The dateline as printed before the first paragraph: "KUALA LUMPUR, Malaysia (AP) --".
    public var printed: String {
        switch (place, source) {
        case (let place?, let source?): return "\(place) (\(source)) --"
        case (let place?, nil): return "\(place) --"
        case (nil, let source?): return "(\(source)) --"
        case (nil, nil): return ""
        }
    }
}
