import DatelineCore
import DatelineFetch
import DatelineIngest
import DatelineStore
import Foundation
import Logging

/// Polls followed feeds into the wire queue: `dateline sources poll` and the server's loop.
///
/// A poll claims one source at a time from the store (one statement; two instances never poll the
/// same source at once), asks for the feed with its validators (If-None-Match, If-Modified-Since),
/// takes a 304 as "unchanged", backs off on 429 and 503 as Retry-After says and on other errors
/// exponentially, and reads the feed (``FeedReader``: RSS 2.0, Atom, JSON Feed; no DTDs). Each
/// entry new or changed since the last poll has its page fetched through the SSRF-guarded
/// ``PageFetcher`` (private addresses only when the source allows them), extracted, and received
/// into the wire queue as a ``WireFormat/page`` item: a changed entry is a new version of the
/// same item. Every step worth knowing is written to the source's log.
///
/// Agencies' own formats are followed too (``AgencyDocument``): a source whose address answers
/// with ninjs JSON or a NewsML-G2 news item or message has its items read field by field (not
/// scraped) into the queue, a newer version of an item replacing the older; and a feed entry
/// whose link leads to such a document is read the same way instead of as a web page.
public struct SourcePoller: Sendable {
    /// The media types a feed may be served as (HTML too, so the log can say it is a page), and
    /// the agency formats' own.
    static let feedTypes: Set<String> = Set([
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
        "application/xml", "text/xml", "application/rdf+xml", "text/plain", "application/octet-stream",
        "text/html", "application/x-rss+xml",
    ]).union(AgencyDocument.mediaTypes)

    public let store: any SourceStore & WireStore
    /// How long a polled item stays in the wire queue.
    public var lifetime: TimeInterval
    public var reader: FeedReader
    /// The page fetcher's limits (time, size, redirects); its private-address switch is each source's.
    public var pagePolicy: FetchPolicy
    public var logger: Logger

    public init(
        store: any SourceStore & WireStore, lifetime: TimeInterval = 72 * 3600, reader: FeedReader = FeedReader(),
        pagePolicy: FetchPolicy = FetchPolicy(), logger: Logger = Logger(label: "dateline.sources")
    ) {
        self.store = store
        self.lifetime = lifetime
        self.reader = reader
        self.pagePolicy = pagePolicy
        self.logger = logger
    }

    /// What a round of polling did.
    public struct Counts: Sendable, Hashable {
        /// Items new to the queue (not copies of queued ones).
        public var new = 0
        /// Items a changed entry replaced with a new version.
        public var updated = 0
        /// New items grouped under an item already queued.
        public var duplicates = 0
        /// Sources that could not be polled plus entries that could not be stored.
        public var failed = 0
        /// Sources polled.
        public var sources = 0

        public init() {}

        public var summary: String { "\(new) new, \(updated) updated, \(duplicates) duplicates, \(failed) failed" }

        static func + (left: Counts, right: Counts) -> Counts {
            var sum = left
            sum.new += right.new
            sum.updated += right.updated
            sum.duplicates += right.duplicates
            sum.failed += right.failed
            sum.sources += right.sources
            return sum
        }
    }

    /// Polls every source `claim` allows, each once; `clock` gives the time for each step.
    public func pollAll(_ claim: FeedClaim, clock: @Sendable () -> Date = { Date() }) async -> Counts {
        var counts = Counts()
        var polled: Set<Int64> = []
        while !Task.isCancelled {
            let source: FeedSource?
            do {
                source = try await store.claimFeedSource(claim, now: clock(), excluding: polled)
            } catch {
                logger.error("claiming a feed source failed", metadata: ["error": "\(error)"])
                counts.failed += 1
                break
            }
            guard let source else { break }
            polled.insert(source.id)
            counts = counts + (await poll(source, clock: clock))
        }
        return counts
    }

    /// Polls until the task is cancelled, every `interval`, taking sources that are due.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            let counts = await pollAll(.due)
            if counts.sources > 0 {
                logger.info(
                    "polled feed sources", metadata: ["sources": "\(counts.sources)", "result": "\(counts.summary)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Polls one claimed source and records the outcome.
    func poll(_ source: FeedSource, clock: @Sendable () -> Date) async -> Counts {
        var counts = Counts()
        counts.sources = 1
        var log: [FeedLogEntry] = []
        func note(_ level: FeedLogLevel, _ message: String) {
            log.append(FeedLogEntry(level: level, message: message, time: clock()))
        }
        var finished = await read(source, counts: &counts, note: note)
        // The summary line goes last, so it heads the log (newest first).
        let level: FeedLogLevel
        switch finished.kind {
        case .failed: level = .error
        case .read where counts.failed > 0: level = .warning
        case .read, .unchanged: level = .info
        }
        finished.log = log + [FeedLogEntry(level: level, message: finished.result, time: clock())]
        do {
            try await store.finishFeedPoll(id: source.id, outcome: finished, now: clock())
        } catch {
            logger.error("recording a feed poll failed", metadata: ["source": "\(source.url)", "error": "\(error)"])
        }
        return counts
    }

    /// Fetches and reads the feed, then its new entries; what happened on the way goes to `note`.
    private func read(
        _ source: FeedSource, counts: inout Counts, note: (FeedLogLevel, String) -> Void
    ) async -> FeedPollOutcome {
        func failure(_ message: String, retryAfter: Date? = nil) -> FeedPollOutcome {
            counts.failed += 1
            return FeedPollOutcome(
                kind: .failed(retryAfter: retryAfter), result: message,
                log: [])
        }
        guard let url = URL(string: source.url) else { return failure("the address cannot be read as a URL") }
        var policy = FetchPolicy(
            allowPrivate: source.allowPrivate, maximumBytes: reader.maximumBytes, timeout: pagePolicy.timeout,
            maximumRedirects: pagePolicy.maximumRedirects, acceptedContentTypes: Self.feedTypes)
        policy.permittedAddresses = pagePolicy.permittedAddresses
        policy.privateAddressAdvice = "follow the source with --allow-private to fetch from this network"
        var headers: [(name: String, value: String)] = [
            (
                "Accept",
                "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
                    + "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
            )
        ]
        if let etag = source.etag { headers.append(("If-None-Match", etag)) }
        if let lastModified = source.lastModified { headers.append(("If-Modified-Since", lastModified)) }
        let answer: FetchedAnswer
        do {
            answer = try await PageFetcher(policy: policy).fetchAnswer(url, headers: headers)
        } catch {
            return failure("The feed could not be fetched: \(error.message)")
        }
        switch answer.status {
        case 304:
            return FeedPollOutcome(
                kind: .unchanged, etag: answer.header("etag"), lastModified: answer.header("last-modified"),
                result: "Not modified since the last poll (304)", log: [])
        case 429, 503:
            let retryAfter = retryAfterDate(answer.header("retry-after"), now: Date())
            let word = answer.status == 429 ? "429 Too Many Requests" : "503 Service Unavailable"
            return failure(
                "The server answered \(word); "
                    + (retryAfter.map { "it asked for no poll before \(ISO8601DateFormatter().string(from: $0))" }
                        ?? "backing off"),
                retryAfter: retryAfter)
        case 200..<300:
            break
        default:
            return failure("The server answered \(answer.status) to the feed's address")
        }
        if AgencyDocument.format(of: answer.body) != nil {
            return await readAgencyDocument(answer, source: source, counts: &counts, note: note)
        }
        let document: FeedDocument
        do {
            document = try reader.read(answer.body, contentType: answer.header("content-type"), base: answer.url)
        } catch {
            return failure("The feed was refused: \(error.message)")
        }
        for line in document.notes { note(.warning, line) }
        let sourceName = source.name ?? document.title?.collapsingWhitespace().nilIfEmpty ?? source.displayName
        let guids = document.entries.compactMap(\.guid)
        let states: [String: FeedItemState]
        do {
            states = try await store.feedItemStates(sourceID: source.id, guids: guids)
        } catch {
            return failure("The store could not be read: \(error)")
        }
        var itemFailures = 0
        for entry in document.entries {
            let label = entry.title.map { "“\($0)”" } ?? "an untitled entry"
            guard let guid = entry.guid else {
                note(.warning, "\(label) has neither an id nor a link; skipped")
                itemFailures += 1
                continue
            }
            let state = states[guid]
            if state?.fingerprint == entry.fingerprint { continue }
            let version = (state?.version ?? 0) + 1
            guard let link = entry.link, let pageURL = URL(string: link) else {
                note(.warning, "\(label) has no link to its page; skipped")
                itemFailures += 1
                await remember(source.id, guid, FeedItemState(fingerprint: entry.fingerprint, version: version - 1))
                continue
            }
            switch await item(
                entry, guid: guid, version: version, url: pageURL, source: source, sourceName: sourceName)
            {
            case .failure(let reason):
                note(.warning, "\(label) (\(link)): \(reason)")
                itemFailures += 1
                // Not fetched again until the feed changes the entry.
                await remember(source.id, guid, FeedItemState(fingerprint: entry.fingerprint, version: version - 1))
            case .success(let intakes):
                for intake in intakes { count(intake, label: label, counts: &counts, note: note) }
                await remember(source.id, guid, FeedItemState(fingerprint: entry.fingerprint, version: version))
            }
        }
        counts.failed += itemFailures
        let result =
            "\(document.format.rawValue), \(document.totalEntries) entries: \(counts.new) new, \(counts.updated) "
            + "updated, \(counts.duplicates) duplicates, \(itemFailures) failed"
        return FeedPollOutcome(
            kind: .read, etag: answer.header("etag"), lastModified: answer.header("last-modified"),
            feedTitle: sourceName, result: result,
            log: [])
    }

    /// Counts one item received and says so in the log.
    private func count(
        _ intake: WireIntake, label: String, counts: inout Counts, note: (FeedLogLevel, String) -> Void
    ) {
        switch intake {
        case .added(let item) where item.duplicateOf != nil:
            counts.duplicates += 1
            note(.info, "\(label): wire item \(item.id), a copy of wire item \(item.duplicateOf ?? 0)")
        case .added(let item):
            counts.new += 1
            note(.info, "\(label): new wire item \(item.id)")
        case .replaced(let item):
            counts.updated += 1
            note(.info, "\(label): wire item \(item.id) updated to version \(item.content.version)")
        case .unchanged:
            break
        }
    }

    /// Reads an agency document the source's address answered with: every item new or changed
    /// since the last poll goes to the queue (a newer version replaces the queued one).
    private func readAgencyDocument(
        _ answer: FetchedAnswer, source: FeedSource, counts: inout Counts, note: (FeedLogLevel, String) -> Void
    ) async -> FeedPollOutcome {
        func failure(_ message: String) -> FeedPollOutcome {
            counts.failed += 1
            return FeedPollOutcome(kind: .failed(retryAfter: nil), result: message, log: [])
        }
        let sourceName = source.name ?? source.displayName
        var drafts: [WireItemDraft]
        do {
            drafts =
                try WireFileReader(maximumBytes: reader.maximumBytes).readAgencyDocument(
                    [UInt8](answer.body), origin: answer.url.absoluteString, fallbackSource: sourceName) ?? []
        } catch {
            return failure("The feed was refused: \(error.message)")
        }
        let total = drafts.count
        let formatName = drafts.first?.format == .ninjs ? "ninjs" : "NewsML-G2"
        if drafts.count > reader.maximumEntries {
            drafts.sort { ($0.versionCreated ?? .distantPast) > ($1.versionCreated ?? .distantPast) }
            drafts = Array(drafts.prefix(reader.maximumEntries))
            note(.warning, "the document holds \(total) items; only the newest \(reader.maximumEntries) were read")
        }
        let states: [String: FeedItemState]
        do {
            states = try await store.feedItemStates(sourceID: source.id, guids: drafts.map(\.guid))
        } catch {
            return failure("The store could not be read: \(error)")
        }
        var itemFailures = 0
        for var draft in drafts {
            let fingerprint = Self.fingerprint(of: draft)
            if states[draft.guid]?.fingerprint == fingerprint { continue }
            draft.section = source.section ?? draft.section
            let label = "“\(draft.headline)”"
            do {
                let intake = try await store.receiveWireItem(draft, now: Date(), lifetime: lifetime)
                count(intake, label: label, counts: &counts, note: note)
                await remember(source.id, draft.guid, FeedItemState(fingerprint: fingerprint, version: draft.version))
            } catch {
                note(.warning, "\(label) (\(draft.guid)): the wire queue refused it: \(error)")
                itemFailures += 1
            }
        }
        counts.failed += itemFailures
        // The source is known by its agency's name when every item names the same one.
        let providers = Set(drafts.map(\.source)).subtracting([sourceName])
        return FeedPollOutcome(
            kind: .read, etag: answer.header("etag"), lastModified: answer.header("last-modified"),
            feedTitle: source.name ?? (providers.count == 1 ? providers.first : nil),
            result: "\(formatName), \(total) items: \(counts.new) new, \(counts.updated) updated, "
                + "\(counts.duplicates) duplicates, \(itemFailures) failed",
            log: [])
    }

    /// What an agency item says, hashed: when it changes, the item is received again.
    static func fingerprint(of draft: WireItemDraft) -> String {
        let time = ISO8601DateFormatter()
        let parts = [
            draft.guid, String(draft.version), draft.headline, draft.byline ?? "", draft.dateline ?? "",
            draft.body.joined(separator: "\n"), draft.summary ?? "", draft.status.rawValue,
            draft.embargoedUntil.map { time.string(from: $0) } ?? "",
            draft.versionCreated.map { time.string(from: $0) } ?? "",
            draft.subjects.map { "\($0.code ?? "")=\($0.name ?? "")" }.joined(separator: ","),
        ]
        return FeedEntry.fingerprint(of: parts)
    }

    private func remember(_ sourceID: Int64, _ guid: String, _ state: FeedItemState) async {
        do {
            try await store.recordFeedItem(sourceID: sourceID, guid: guid, state: state, now: Date())
        } catch {
            logger.error("remembering a feed entry failed", metadata: ["error": "\(error)"])
        }
    }

    /// Fetches, extracts and receives one entry's page; a page that is an agency document
    /// (ninjs, NewsML-G2) gives its items, read field by field.
    private func item(
        _ entry: FeedEntry, guid: String, version: Int, url: URL, source: FeedSource, sourceName: String
    ) async -> Result<[WireIntake], ItemFailure> {
        var policy = pagePolicy
        policy.allowPrivate = source.allowPrivate
        policy.privateAddressAdvice = "follow the source with --allow-private to fetch from this network"
        policy.acceptedContentTypes.formUnion(AgencyDocument.mediaTypes)
        let page: RawPage
        do {
            page = try await PageFetcher(policy: policy).fetch(url)
        } catch {
            return .failure(ItemFailure(error.message))
        }
        let agencyItems: [WireItemDraft]?
        do {
            agencyItems = try WireFileReader(maximumBytes: policy.maximumBytes).readAgencyDocument(
                [UInt8](page.bytes), origin: url.absoluteString, fallbackSource: sourceName)
        } catch {
            return .failure(ItemFailure(error.message))
        }
        if let agencyItems {
            var intakes: [WireIntake] = []
            for var draft in agencyItems {
                draft.section = source.section ?? draft.section
                draft.url = draft.url ?? url.absoluteString
                do {
                    intakes.append(try await store.receiveWireItem(draft, now: Date(), lifetime: lifetime))
                } catch {
                    return .failure(ItemFailure("the wire queue refused it: \(error)"))
                }
            }
            return .success(intakes)
        }
        let article: ExtractedArticle
        do {
            article = try HTMLPageReader(maximumBytes: policy.maximumBytes).extract(page)
        } catch {
            return .failure(ItemFailure("the page could not be read: \(error.message)"))
        }
        var body = article.body
        if body.isEmpty { body = entry.summary }
        guard !body.isEmpty else {
            return .failure(ItemFailure("no story text on the page or in the feed; nothing was stored"))
        }
        guard let headline = article.headline?.nilIfEmpty ?? entry.title else {
            return .failure(ItemFailure("no headline on the page or in the feed; nothing was stored"))
        }
        let draft = WireItemDraft(
            format: .page, source: sourceName, guid: guid, version: version, headline: headline,
            byline: article.byline ?? entry.author, dateline: article.printedDateline, body: body,
            summary: entry.summary.first, versionCreated: entry.time ?? article.modified ?? article.published,
            url: url.absoluteString, canonicalURL: article.canonicalURL, section: source.section ?? article.section,
            language: article.language, origin: url.absoluteString)
        do {
            return .success([try await store.receiveWireItem(draft, now: Date(), lifetime: lifetime)])
        } catch {
            return .failure(ItemFailure("the wire queue refused it: \(error)"))
        }
    }

    struct ItemFailure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
