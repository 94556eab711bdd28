import DatelineCore
import Foundation

/// A store that can write everything it keeps as a portable archive and fill an empty database
/// from one, so a site moves between SQLite and PostgreSQL with nothing lost.
///
/// The archive holds sections, topics, accounts (with their password hashes), stories (with
/// owners and topics in order), every revision, corrections, API tokens (digests only) and the
/// mail outbox's pending messages, with their keys and times as stored. Sessions, failed
/// sign-ins, set-up links, the send log and delivered or failed mail are transient and left out.
public protocol ArchiveStore: Sendable {
    /// Reads everything from one consistent snapshot and hands it to `sink` record by record, in
    /// archive order: the header, sections, topics, users, stories, revisions, corrections, API
    /// tokens, pending mail. Stops at the first error `sink` throws, reported as ``StoreError/failed(_:)``.
    @discardableResult
    func exportArchive(to sink: (ArchiveRecord) async throws -> Void) async throws(StoreError) -> ArchiveCounts

    /// Stores a whole archive in one transaction, keeping its keys, slugs and times.
    ///
    /// Refuses (``StoreError/failed(_:)``, nothing written) when the records are not a valid
    /// archive of a known version, or when the database already holds stories, accounts,
    /// sections or topics. A failure part-way leaves the database as it was.
    func importArchive(_ records: [ArchiveRecord]) async throws(StoreError) -> ArchiveCounts
}
