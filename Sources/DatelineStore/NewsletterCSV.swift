import DatelineCore
import Foundation

/// A newsletter's subscribers as CSV: the import (`dateline newsletters import`, the admin API's
/// `POST …/subscribers.csv`) and the export.
///
/// The file has a header row. `email` is required; `subscribed_at` (ISO 8601, such as
/// `2026-03-01T09:30:00Z` or `2026-03-01`) is optional; `status`, which the export writes, keeps
/// out the people an export lists who did not consent: `unsubscribed` (they left) and `pending`
/// (they never confirmed) lines are skipped with why, `confirmed` and `paused` are imported. Any
/// other column refuses the file, so no one believes a name or a note was kept. Broken lines are reported with their line number and skipped; the rest is imported in
/// batches of ``batchSize``, each in one transaction.
public struct NewsletterCSV: Sendable {
    /// The largest file taken (20 MB); a larger one is refused whole.
    public static let maximumBytes = 20 * 1024 * 1024
    /// The most lines after the header taken; a longer file is refused whole.
    public static let maximumRows = 200_000
    /// Entries imported per transaction.
    public static let batchSize = 1000
    /// The longest field, in bytes (an address is at most 254).
    public static let fieldLimit = 1000
    /// The columns an import reads.
    public static let columns = ["email", "subscribed_at", "status"]

    /// A file refused whole, with what to do about it.
    public struct Refusal: Error, Sendable, Hashable {
        public let message: String
    }

    /// The people to add, once each, in file order.
    public var entries: [NewsletterImportEntry] { rows.entries }
    /// Addresses that came a second time in the file.
    public var duplicates: Int { rows.duplicates }
    /// Lines skipped, with why.
    public var refused: [CSVReader.Problem] { rows.refused }
    private var rows: Rows

    /// The checks every imported row gets, whether it came from a CSV file or the admin API's
    /// JSON: a valid address (look-alikes and header injection refused, with why), an optional
    /// `subscribed_at` that is an ISO 8601 date in the past, and each address once.
    public struct Rows: Sendable {
        /// The people to add, once each, in the order given.
        public private(set) var entries: [NewsletterImportEntry] = []
        /// Addresses given a second time.
        public private(set) var duplicates = 0
        /// Rows skipped, with why.
        public private(set) var refused: [CSVReader.Problem] = []
        private var seen = Set<String>()
        private let now: Date

        public init(now: Date) { self.now = now }

        /// Takes row `line` (its line in a file, its position in a list) or says why not.
        public mutating func add(line: Int, email text: String, subscribedAt dateText: String?, status: String? = nil) {
            guard let email = NewsletterRules.normalisedEmail(text) else {
                refused.append(.init(line: line, reason: NewsletterCSV.addressProblem(text)))
                return
            }
            switch status?.trimmingWhitespace().lowercased() ?? "" {
            case "", NewsletterMemberStatus.confirmed.rawValue, NewsletterMemberStatus.paused.rawValue: break
            case NewsletterMemberStatus.unsubscribed.rawValue:
                refused.append(
                    .init(line: line, reason: "status unsubscribed: they left the list, so they are not added"))
                return
            case NewsletterMemberStatus.pending.rawValue:
                refused.append(
                    .init(line: line, reason: "status pending: they never confirmed, so they are not added"))
                return
            case let other:
                refused.append(
                    .init(
                        line: line,
                        reason:
                            "status “\(NewsletterCSV.printable(other))” is not one of confirmed, paused, pending, unsubscribed"
                    ))
                return
            }
            var subscribedAt: Date?
            if let dateText = dateText?.trimmingWhitespace(), !dateText.isEmpty {
                guard let date = ISO8601Text.date(dateText) else {
                    refused.append(
                        .init(
                            line: line,
                            reason:
                                "subscribed_at “\(NewsletterCSV.printable(dateText))” is not a date such as 2026-03-01T09:30:00Z"
                        ))
                    return
                }
                guard date <= now else {
                    refused.append(.init(line: line, reason: "subscribed_at is in the future"))
                    return
                }
                subscribedAt = date
            }
            guard seen.insert(email).inserted else {
                duplicates += 1
                return
            }
            entries.append(NewsletterImportEntry(email: email, subscribedAt: subscribedAt))
        }

        /// Counts a problem found before the row's fields could be read.
        mutating func refuse(_ problem: CSVReader.Problem) { refused.append(problem) }
    }

    /// Reads `bytes`. Throws ``Refusal`` for a file that cannot be taken at all: too large, too
    /// many lines, no header, a header without `email` or with an unknown column.
    public init(_ bytes: [UInt8], now: Date = Date()) throws(Refusal) {
        guard bytes.count <= Self.maximumBytes else {
            throw Refusal(
                message:
                    "the file is \(bytes.count / (1024 * 1024)) MB; the limit is \(Self.maximumBytes / (1024 * 1024)) MB: split it and import the parts"
            )
        }
        var reader = CSVReader(bytes, fieldLimit: Self.fieldLimit)
        var header: [String]?
        while header == nil, let first = reader.next() {
            switch first {
            case .success(let record): header = record.fields.map { $0.trimmingWhitespace().lowercased() }
            case .failure(let problem):
                throw Refusal(message: "line \(problem.line): the header row cannot be read: \(problem.reason)")
            }
        }
        guard let header else { throw Refusal(message: "the file is empty; it needs a header row such as “email”") }
        guard let emailColumn = header.firstIndex(of: "email") else {
            throw Refusal(
                message:
                    "the header row has no “email” column (the columns are \(Self.columns.joined(separator: ", ")))")
        }
        let known = Set(Self.columns)
        if let unknown = header.first(where: { !known.contains($0) }) {
            throw Refusal(
                message:
                    "the column “\(Self.printable(unknown))” is not imported; keep only \(Self.columns.joined(separator: ", "))"
            )
        }
        guard Set(header).count == header.count else {
            throw Refusal(message: "the header row names a column twice")
        }
        let dateColumn = header.firstIndex(of: "subscribed_at")
        let statusColumn = header.firstIndex(of: "status")
        var taken = Rows(now: now)
        var rows = 0
        while let next = reader.next() {
            rows += 1
            guard rows <= Self.maximumRows else {
                throw Refusal(
                    message:
                        "the file has more than \(Self.maximumRows) lines after the header: split it and import the parts"
                )
            }
            let record: CSVReader.Record
            switch next {
            case .success(let read): record = read
            case .failure(let problem):
                taken.refuse(problem)
                continue
            }
            if record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) {
                rows -= 1
                continue
            }
            guard record.fields.count <= header.count else {
                taken.refuse(
                    .init(
                        line: record.line,
                        reason: "\(record.fields.count) fields where the header has \(header.count) (too many columns)")
                )
                continue
            }
            func field(_ column: Int?) -> String? {
                column.flatMap { $0 < record.fields.count ? record.fields[$0] : nil }
            }
            taken.add(
                line: record.line, email: field(emailColumn) ?? "", subscribedAt: field(dateColumn),
                status: field(statusColumn))
        }
        self.rows = taken
    }

    /// Adds the entries to list `newsletterID`, ``batchSize`` at a time, each batch in one
    /// transaction; the duplicates within the file count as already subscribed.
    public func run(into store: any NewsletterStore, newsletterID: Int64, now: Date) async throws(StoreError)
        -> NewsletterImportSummary
    {
        var tally = NewsletterImportTally(alreadySubscribed: duplicates)
        var start = 0
        while start < entries.count {
            let batch = Array(entries[start..<min(start + Self.batchSize, entries.count)])
            tally = tally + (try await store.importSubscribers(batch, toNewsletter: newsletterID, now: now))
            start += Self.batchSize
        }
        return NewsletterImportSummary(tally: tally, refused: refused)
    }

    /// The address as stored (trimmed, lower case), or nil when the store's rules refuse it.
    public static func address(_ text: String) -> String? {
        NewsletterRules.normalisedEmail(text)
    }

    /// Why `text` is not an address, in words that point at the fix.
    public static func addressProblem(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return "no e-mail address" }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" }) {
            return "a line break or control character in the address (header injection)"
        }
        if !trimmed.unicodeScalars.allSatisfy(\.isASCII) {
            return "“\(printable(trimmed))” has non-ASCII letters; look-alike addresses are refused"
        }
        if trimmed.utf8.count > NewsletterRules.emailLength { return "the address is longer than 254 characters" }
        return "“\(printable(trimmed))” is not an e-mail address"
    }

    /// At most 60 characters of `text`, with controls shown as "?", for a message.
    static func printable(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.prefix(60).map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }

    // MARK: Export

    /// The header row of an export.
    public static let exportHeader = "email,status,subscribed_at\r\n"

    /// One member as an export line (CRLF-terminated, as RFC 4180 writes).
    public static func exportLine(_ member: NewsletterMember) -> String {
        let date = (member.confirmedAt ?? member.subscribedAt).formatted(.iso8601)
        return [member.email, member.status.rawValue, date].map(field).joined(separator: ",") + "\r\n"
    }

    /// A field quoted when it has to be.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// What an import did, as the command line and the admin API report it.
public struct NewsletterImportSummary: Sendable, Hashable {
    public var tally: NewsletterImportTally
    public var refused: [CSVReader.Problem]

    public init(tally: NewsletterImportTally, refused: [CSVReader.Problem]) {
        self.tally = tally
        self.refused = refused
    }

    /// "1200 added, 3 already subscribed, 2 suppressed (not added), 4 refused".
    public var line: String {
        "\(tally.added) added, \(tally.alreadySubscribed) already subscribed, \(tally.suppressed) suppressed (not added), \(refused.count) refused"
    }
}
