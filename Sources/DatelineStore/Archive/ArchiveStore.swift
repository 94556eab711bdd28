import DatelineArchive
import DatelineCore
import Foundation

/// A store that can write everything it keeps as a portable archive and fill an empty database
/// from one, so a site moves between SQLite and PostgreSQL with nothing lost.
///
/// The archive holds sections, topics, accounts (with their password hashes), stories (with
/// owners and topics in order), every revision, corrections, API tokens (digests only), the
/// mail outbox's pending messages, the media library, followed sources (as set up, not their
/// poll state), newsletters (lists, subscribers with their lists and pending confirmations,
/// suppressions, departures, issues and the deliveries still in flight) and the wire queue, with
/// their keys and times as stored. Sessions, failed sign-ins, set-up links, the send log,
/// delivered or failed mail and the deliveries of messages already sent are transient or history
/// and left out.
public protocol ArchiveStore: Sendable {
    /// Reads everything from one consistent snapshot and hands it to `sink` record by record, in
    /// archive order: the header, sections, topics, users, stories, revisions, corrections, API
    /// tokens, pending mail, media, sources, newsletters, subscribers, suppressions, departures,
    /// newsletter issues, deliveries, wire items. Stops at the first error `sink` throws, reported as ``StoreError/failed(_:)``.
    ///
    /// The trailer is not among the records: it vouches for bytes, so ``exportArchiveLines(to:)``
    /// (through ``ArchiveLineWriter``) adds it.
    @discardableResult
    func exportArchive(to sink: (ArchiveRecord) async throws -> Void) async throws(StoreError) -> ArchiveCounts

    /// Stores a whole archive in one transaction, keeping its keys, slugs and times.
    ///
    /// Refuses (``StoreError/failed(_:)``, nothing written) when the records are not a valid
    /// archive of a known version, or when the database already holds stories, accounts,
    /// sections or topics. A failure part-way leaves the database as it was. The records may end
    /// with a trailer, whose counts must then match; records read from a file should come
    /// through ``ArchiveReader``, which also insists on the trailer and checks its digest.
    func importArchive(_ records: [ArchiveRecord]) async throws(StoreError) -> ArchiveCounts
}

extension ArchiveStore {
    /// Exports the archive as lines ready to write, each with its line break, ending with the
    /// trailer that lets ``ArchiveReader`` tell the whole archive from a cut or altered one.
    @discardableResult
    public func exportArchiveLines(to sink: (Data) async throws -> Void) async throws(StoreError) -> ArchiveCounts {
        var writer = ArchiveLineWriter()
        let counts = try await exportArchive { record in try await sink(try writer.line(for: record)) }
        do {
            try await sink(try writer.trailerLine())
        } catch {
            throw .failed("the archive could not be written: \(error)")
        }
        return counts
    }

    /// Checks the archive in `data` whole (``ArchiveReader``) and only then stores it; a defect
    /// is refused as ``StoreError/failed(_:)`` naming its line, with nothing written.
    public func importArchive(lines data: Data) async throws(StoreError) -> ArchiveCounts {
        let records: [ArchiveRecord]
        do {
            records = try ArchiveReader.records(from: data)
        } catch {
            throw .failed(error.description)
        }
        return try await importArchive(records)
    }
}
