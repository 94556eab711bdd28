import DatelineCore
import Foundation

/// Rules both stores apply to newsletter lists, subscribers and suppressions.
enum NewsletterRules {
    static let nameLength = 80
    static let descriptionLength = 400
    static let fromNameLength = 80
    /// The longest address SMTP carries (RFC 5321 path limit less the brackets).
    static let emailLength = 254
    /// How long after a confirmation mail another may be sent to the same address.
    static let confirmationInterval: TimeInterval = 24 * 60 * 60

    /// Addresses a list may not take: the pages under `/newsletters/` the site uses itself.
    static let reservedSlugs: Set<String> = [
        "confirm", "preferences", "unsubscribe", "subscribe", "new", "edit", "feed", "archive", "all",
    ]

    static func refuse(_ field: String, _ message: String) -> StoreError {
        .invalid(StoryValidationError(problems: [.init(field: field, message: message)]))
    }

    /// A list's settings as stored.
    struct Checked: Sendable {
        let name: String
        let slug: Slug
        let description: String
        let sendMinute: Int?
        let timeZone: String
        let fromName: String
        let fromAddress: String
    }

    static func checked(_ input: NewsletterInput) throws(StoreError) -> Checked {
        let (name, slug) = try StoreInput.nameAndSlug(
            name: input.name, slug: input.slug, limit: nameLength, thing: "the newsletter", prefix: "/newsletters/",
            reserved: reservedSlugs)
        let description = input.description.collapsingWhitespace()
        guard description.count <= descriptionLength else {
            throw refuse("description", "keep the description under \(descriptionLength) characters")
        }
        if let problem = description.controlCharacterProblem() {
            throw refuse("description", "the description " + problem)
        }
        var sendMinute: Int?
        if input.source != .breaking {
            guard let minute = minute(ofDay: input.sendTime) else {
                throw refuse("sendTime", "give the send time as hours and minutes, such as 07:30")
            }
            sendMinute = minute
        }
        let zone = input.timeZone.trimmingWhitespace()
        guard !zone.isEmpty, TimeZone(identifier: zone) != nil else {
            throw refuse(
                "timeZone", "\u{201C}\(zone.prefix(60))\u{201D} is not a time zone; use a name such as Europe/London")
        }
        let fromName = input.fromName.collapsingWhitespace()
        guard !fromName.isEmpty, fromName.count <= fromNameLength else {
            throw refuse("fromName", "give the sender's name, up to \(fromNameLength) characters")
        }
        // A From name goes into a header: no line breaks, controls or quotes that could end it.
        if fromName.controlCharacterProblem() != nil || fromName.contains("\"") || fromName.contains("\\") {
            throw refuse("fromName", "the sender's name may not contain quotes, line breaks or control characters")
        }
        guard let fromAddress = normalisedEmail(input.fromAddress) else {
            throw refuse("fromAddress", "give the sender's address, such as news@example.com")
        }
        return Checked(
            name: name, slug: slug, description: description, sendMinute: sendMinute, timeZone: zone,
            fromName: fromName, fromAddress: fromAddress)
    }

    /// Minutes after midnight for "H:MM" or "HH:MM" (24-hour); nil otherwise.
    static func minute(ofDay text: String) -> Int? {
        let parts = text.trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// The address as stored and compared: trimmed and lower-cased; nil unless it is one plain
    /// ASCII address (one "@", a dotted domain, no spaces, quotes, angle brackets or controls).
    /// Unicode addresses are refused: look-alike letters would let one person hold many entries.
    static func normalisedEmail(_ text: String) -> String? {
        let address = text.trimmingWhitespace().lowercased()
        guard !address.isEmpty, address.utf8.count <= emailLength,
            address.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        else { return nil }
        let forbidden = Set("\"(),:;<>[\\]")
        guard !address.contains(where: { forbidden.contains($0) }) else { return nil }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy({
                !$0.isEmpty && $0.count <= 63 && !$0.hasPrefix("-") && !$0.hasSuffix("-")
                    && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
            })
        else { return nil }
        return address
    }

    static func email(_ text: String) throws(StoreError) -> String {
        guard let address = normalisedEmail(text) else {
            throw refuse("email", "\u{201C}\(text.prefix(60))\u{201D} is not an e-mail address")
        }
        return address
    }

    static func taken(_ slug: Slug) -> StoreError {
        refuse("slug", "a newsletter with the address /newsletters/\(slug.rawValue) exists already")
    }

    static func unknownSection(_ slug: Slug) -> StoreError {
        refuse("source", "there is no section \(slug.rawValue)")
    }

    static func unknownTopic(_ slug: Slug) -> StoreError {
        refuse("source", "there is no topic \(slug.rawValue)")
    }

    static func unknownNewsletters(_ ids: [Int64]) -> StoreError {
        refuse("newsletters", "there is no newsletter with the key \(ids.map(String.init).joined(separator: ", "))")
    }

    /// Keys once each, in order.
    static func distinct(_ ids: [Int64]) -> [Int64] {
        var seen = Set<Int64>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// The lists a confirmation link will subscribe, as stored ("3,7").
    static func encode(_ ids: [Int64]) -> String { ids.map(String.init).joined(separator: ",") }

    static func decode(_ text: String?) -> [Int64] {
        (text ?? "").split(separator: ",").compactMap { Int64($0) }
    }

    /// A fresh secret for a preference link: 32 random bytes as hex.
    static func newPreferenceToken() -> String {
        // Written digit by digit: an import makes one per person, and String(format:) per byte
        // took most of a 30,000-line import's time.
        var generator = SystemRandomNumberGenerator()
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for _ in 0..<32 {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

extension NewsletterRules {
    /// How a person stands on one list, from their stored status and pause.
    static func memberStatus(stored: String, paused: Bool) -> NewsletterMemberStatus {
        switch SubscriberStatus(rawValue: stored) {
        case .pending: .pending
        case .left: .unsubscribed
        case .confirmed, nil: paused ? .paused : .confirmed
        }
    }

    /// Import entries with their addresses checked and normalised, once each, and how many came
    /// again; refused whole when one is not an address (the CSV reader reports those by line
    /// before they get here).
    static func importable(_ entries: [NewsletterImportEntry]) throws(StoreError) -> (
        entries: [NewsletterImportEntry], repeated: Int
    ) {
        var seen = Set<String>()
        var checked: [NewsletterImportEntry] = []
        for entry in entries {
            let address = try email(entry.email)
            if seen.insert(address).inserted {
                checked.append(NewsletterImportEntry(email: address, subscribedAt: entry.subscribedAt))
            }
        }
        return (checked, entries.count - checked.count)
    }
}
