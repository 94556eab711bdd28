import DatelineCore
import Foundation

/// Rules both stores apply to the wire queue: what an item may hold, how long it stays, how
/// addresses are compared and how near-duplicate text is recognised.
public enum WireRules {
    /// How long an item stays in the queue unless told otherwise: three days.
    public static let defaultLifetime: TimeInterval = 3 * 24 * 3600
    public static let headlineLength = 300
    public static let sourceLength = 200
    public static let guidLength = 1_000
    public static let addressLength = 2_000
    public static let subjectCount = 200
    /// Largest body kept, in UTF-8 bytes.
    public static let bodyBytes = 2_000_000
    /// How many recent items a new one is compared with for duplicates.
    public static let duplicateWindow = 5_000
    /// The least estimated resemblance (Jaccard of word shingles) that makes two texts one story.
    public static let duplicateResemblance = 0.45
    /// The least share of the shorter text's shingles found in the longer (a trimmed copy).
    public static let duplicateContainment = 0.7

    static func refuse(_ field: String, _ message: String) -> StoreError {
        .invalid(StoryValidationError(problems: [.init(field: field, message: message)]))
    }

    /// The draft as the queue keeps it (whitespace tidied), or the first problem.
    static func checked(_ draft: WireItemDraft) throws(StoreError) -> WireItemDraft {
        var item = draft
        item.headline = draft.headline.collapsingWhitespace()
        item.source = draft.source.collapsingWhitespace()
        item.guid = draft.guid.trimmingWhitespace()
        item.body = draft.body.map { $0.collapsingWhitespace() }.filter { !$0.isEmpty }
        item.byline = draft.byline?.collapsingWhitespace().nilIfEmpty
        item.dateline = draft.dateline?.collapsingWhitespace().nilIfEmpty
        item.summary = draft.summary?.collapsingWhitespace().nilIfEmpty
        item.section = draft.section?.collapsingWhitespace().nilIfEmpty
        guard !item.headline.isEmpty else { throw refuse("headline", "the item has no headline") }
        guard item.headline.count <= headlineLength else {
            throw refuse("headline", "the headline is over \(headlineLength) characters")
        }
        guard !item.source.isEmpty, item.source.count <= sourceLength else {
            throw refuse("source", "the source needs a name of 1 to \(sourceLength) characters")
        }
        guard !item.guid.isEmpty, item.guid.utf8.count <= guidLength else {
            throw refuse("guid", "the item's identifier must be 1 to \(guidLength) bytes")
        }
        guard item.version >= 1 else { throw refuse("version", "the version must be 1 or more") }
        guard !item.body.isEmpty else { throw refuse("body", "the item has no body text") }
        let bytes = item.body.reduce(0) { $0 + $1.utf8.count + 1 }
        guard bytes <= bodyBytes else {
            throw refuse("body", "the body is \(bytes) bytes, over the \(bodyBytes)-byte limit")
        }
        guard item.subjects.count <= subjectCount else {
            throw refuse("subjects", "the item has \(item.subjects.count) subjects; at most \(subjectCount) are kept")
        }
        for (field, text) in [
            ("headline", item.headline), ("source", item.source), ("byline", item.byline ?? ""),
            ("dateline", item.dateline ?? ""),
        ] {
            if let problem = text.controlCharacterProblem() { throw refuse(field, "the \(field) " + problem) }
        }
        for (field, address) in [("url", item.url), ("canonicalURL", item.canonicalURL)] {
            guard let address else { continue }
            guard address.utf8.count <= addressLength, let url = URL(string: address),
                ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
            else { throw refuse(field, "'\(address.prefix(80))' is not an http or https address") }
        }
        if let embargo = item.embargoedUntil { try StoreInput.checkPublicationTime(embargo) }
        return item
    }

    /// When an item received at `now` leaves the queue.
    static func expiry(of item: WireItemDraft, now: Date, lifetime: TimeInterval) -> Date {
        let start = max(now, item.embargoedUntil ?? now)
        return start.addingTimeInterval(max(60, min(lifetime, 366 * 24 * 3600)))
    }

    // MARK: - Addresses

    /// Query parameters that only track where a click came from.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref", "ref_src",
        "cmpid", "cmp", "ito", "ncid", "ocid", "smid", "sr_share", "share", "amp", "outputtype",
    ]

    /// `address` in a form two copies of one page share: lower-case host without "www.", "m.",
    /// "mobile." or "amp." and without a default port, no fragment, no tracking parameters
    /// (`utm_*` and the like), remaining parameters sorted, an "/amp" path ending or ".amp"
    /// suffix dropped, no trailing slash. Nil for an address that is not http(s).
    public static func normalizedAddress(_ address: String?) -> String? {
        guard let address, var parts = URLComponents(string: address.trimmingWhitespace()),
            let scheme = parts.scheme?.lowercased(), ["http", "https"].contains(scheme),
            var host = parts.host?.lowercased(), !host.isEmpty
        else { return nil }
        for prefix in ["www.", "m.", "mobile.", "amp."] where host.hasPrefix(prefix) && host.count > prefix.count + 3 {
            host.removeFirst(prefix.count)
        }
        if host.hasSuffix(".cdn.ampproject.org") { return nil }
        var path = parts.percentEncodedPath
        for ending in ["/amp/", "/amp", ".amp", ".amp.html"] where path.lowercased().hasSuffix(ending) {
            path.removeLast(ending.count)
            if ending == ".amp.html" { path += ".html" }
            break
        }
        if path.lowercased().hasPrefix("/amp/") { path.removeFirst(4) }
        while path.hasSuffix("/") { path.removeLast() }
        let kept = (parts.queryItems ?? []).filter { item in
            let name = item.name.lowercased()
            return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
        }.sorted { ($0.name, $0.value ?? "") < ($1.name, $1.value ?? "") }
        parts.queryItems = nil
        let query = kept.map { item in item.value.map { "\(item.name)=\($0)" } ?? item.name }.joined(separator: "&")
        let port = parts.port.flatMap { (scheme == "http" && $0 == 80) || (scheme == "https" && $0 == 443) ? nil : $0 }
        return "//" + host + (port.map { ":\($0)" } ?? "") + path + (query.isEmpty ? "" : "?" + query)
    }

    // MARK: - Text

    /// How many min-hashes a fingerprint holds.
    static let fingerprintSize = 64
    /// Words per shingle.
    static let shingleLength = 4

    /// The lower-cased words of `text`, letters and digits only.
    static func words(_ text: String) -> [Substring] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }
    }

    /// A min-hash fingerprint of the body's word shingles (headline left out, so a re-headlined
    /// copy matches): ``fingerprintSize`` minimums, one per seeded hash, written as hex. Nil for
    /// a body too short to judge (fewer than 12 words).
    public static func fingerprint(of body: [String]) -> String? {
        let words = words(body.joined(separator: " "))
        guard words.count >= 12 else { return nil }
        var shingleHashes: Set<UInt64> = []
        for start in 0...(words.count - shingleLength) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for word in words[start..<(start + shingleLength)] {
                for byte in word.utf8 {
                    hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3
                }
                hash = (hash ^ 0x20) &* 0x0100_0000_01b3
            }
            shingleHashes.insert(hash)
        }
        var minimums = [UInt32](repeating: .max, count: fingerprintSize)
        for hash in shingleHashes {
            for index in 0..<fingerprintSize {
                let mixed = mix(hash ^ seeds[index])
                let value = UInt32(truncatingIfNeeded: mixed >> 32)
                if value < minimums[index] { minimums[index] = value }
            }
        }
        return minimums.map { String(format: "%08x", $0) }.joined()
    }

    private static let seeds: [UInt64] = (0..<UInt64(64)).map { mix($0 &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678) }

    /// A 64-bit mixing function (SplitMix64's finaliser).
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func minimums(_ fingerprint: String) -> [UInt32]? {
        guard fingerprint.utf8.count == fingerprintSize * 8 else { return nil }
        var values: [UInt32] = []
        values.reserveCapacity(fingerprintSize)
        var index = fingerprint.startIndex
        for _ in 0..<fingerprintSize {
            let end = fingerprint.index(index, offsetBy: 8)
            guard let value = UInt32(fingerprint[index..<end], radix: 16) else { return nil }
            values.append(value)
            index = end
        }
        return values
    }

    /// The estimated resemblance of two fingerprints' texts, 0 to 1.
    public static func resemblance(_ first: String, _ second: String) -> Double {
        guard let a = minimums(first), let b = minimums(second) else { return 0 }
        let same = zip(a, b).filter { $0 == $1 }.count
        return Double(same) / Double(fingerprintSize)
    }

    /// True when two fingerprints are of one story told twice: close resemblance, or (for a
    /// trimmed copy) the shorter's shingles largely inside the longer's, estimated from the
    /// resemblance and the two texts' lengths in words.
    public static func nearDuplicate(_ first: String, words firstWords: Int, _ second: String, words secondWords: Int)
        -> Bool
    {
        let resemblance = resemblance(first, second)
        if resemblance >= duplicateResemblance { return true }
        let shorter = Double(max(1, min(firstWords, secondWords)))
        let longer = Double(max(1, max(firstWords, secondWords)))
        // |A∩B| = J·|A∪B| and |A∪B| = (|A|+|B|)/(1+J): the share of the shorter text found in the longer.
        let containment = resemblance * (shorter + longer) / (1 + resemblance) / shorter
        return resemblance >= 0.15 && containment >= duplicateContainment
    }

    /// What the duplicate check knows of a queued item.
    public struct Candidate: Sendable, Hashable {
        public var id: Int64
        public var duplicateOf: Int64?
        public var address: String?
        public var fingerprint: String?
        public var words: Int

        public init(id: Int64, duplicateOf: Int64?, address: String?, fingerprint: String?, words: Int) {
            self.id = id
            self.duplicateOf = duplicateOf
            self.address = address
            self.fingerprint = fingerprint
            self.words = words
        }
    }

    /// The first item of the group `item` belongs to among `candidates` (oldest first), or nil
    /// when it is a story of its own: same normalised address, or near-duplicate text.
    public static func duplicateGroup(of item: Candidate, among candidates: [Candidate]) -> Int64? {
        for candidate in candidates where candidate.id != item.id {
            let root = candidate.duplicateOf ?? candidate.id
            if let address = item.address, address == candidate.address { return root }
            if let mine = item.fingerprint, let theirs = candidate.fingerprint,
                nearDuplicate(mine, words: item.words, theirs, words: candidate.words)
            {
                return root
            }
        }
        return nil
    }

    /// The body as stored: paragraphs one a line.
    static func storedBody(_ body: [String]) -> String { body.joined(separator: "\n") }

    static func body(stored text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// Subjects as stored: JSON.
    static func storedSubjects(_ subjects: [WireSubject]) -> String {
        (try? String(decoding: JSONEncoder().encode(subjects), as: UTF8.self)) ?? "[]"
    }

    static func subjects(stored text: String) -> [WireSubject] {
        (try? JSONDecoder().decode([WireSubject].self, from: Data(text.utf8))) ?? []
    }

    /// The text a subject filter matches: "|code|name|" per subject, lower case.
    static func subjectKeys(_ subjects: [WireSubject]) -> String {
        "|" + subjects.flatMap { [$0.code, $0.name].compactMap { $0?.lowercased() } }.joined(separator: "|") + "|"
    }

    /// The text a text filter matches.
    static func searchText(_ item: WireItemDraft) -> String {
        ([item.headline, item.summary ?? ""] + item.body).joined(separator: " ").lowercased()
    }

    static func wordCount(_ body: [String]) -> Int { words(body.joined(separator: " ")).count }
}
