import ArgumentParser
import DatelineArchive
import DatelineStore
import Foundation

/// `dateline restore`: puts a backup (a SQLite backup file or an archive) into a new, empty
/// database, checking the backup whole before writing anything.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup (from `dateline backup` or `dateline export`) into a new, empty database.",
        discussion: """
            FILE is recognised by its contents. A SQLite backup is checked with PRAGMA \
            integrity_check and copied in with SQLite's backup API (into PostgreSQL it is carried over \
            as an archive). An archive must end with its trailer, whose counts and SHA-256 match; it is \
            imported in one transaction. The target must hold no stories, accounts, sections or \
            topics: restoring never overwrites a site. Sign-in sessions, failed sign-in counts, \
            set-up links, the mail send log and delivered mail are not in a backup.
            """
    )

    @OptionGroup var databaseOptions: DatabaseOptions

    @Argument(help: ArgumentHelp("The backup: a SQLite backup file or an archive.", valueName: "file"))
    var file: String

    func run() async throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw CommandFailure("cannot read the backup '\(file)': check that it exists and is readable")
        }
        let target = databaseOptions.shownLocation
        let counts: ArchiveCounts
        if SQLiteStoryStore.isSQLiteFile(atPath: file) {
            if PostgresLocation.isPostgresURL(databaseOptions.location) {
                counts = try await restoreSQLiteBackupAsArchive()
            } else {
                do {
                    counts = try SQLiteStoryStore.restoreBackup(from: file, into: databaseOptions.location)
                } catch {
                    throw CommandFailure("cannot restore \(file) into \(target): \(error)")
                }
            }
        } else {
            // Read and checked whole before the target is opened.
            let records = try ArchiveFile.read(path: file)
            counts = try await databaseOptions.withStore { store in try await importArchive(records, into: store) }
        }
        FileHandle.standardError.write(Data("restored \(counts) into \(target)\n".utf8))
    }

    /// Carries a SQLite backup into PostgreSQL: the backup, checked, is opened as a copy (opening
    /// may migrate it, and the backup itself stays untouched) and moved over as an archive.
    private func restoreSQLiteBackupAsArchive() async throws -> ArchiveCounts {
        do {
            try SQLiteStoryStore.verifyBackup(at: file)
        } catch {
            throw CommandFailure("cannot restore \(file): \(error)")
        }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dateline-restore-\(UUID().uuidString)")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy.path + suffix) }
        }
        do {
            try SQLiteStoryStore.restoreBackup(from: file, into: copy.path)
        } catch {
            throw CommandFailure("cannot restore \(file): \(error)")
        }
        var records: [ArchiveRecord] = []
        do {
            let source = try SQLiteStoryStore(path: copy.path)
            try await source.exportArchive { records.append($0) }
        } catch {
            throw CommandFailure("cannot read the backup \(file): \(error)")
        }
        return try await databaseOptions.withStore { store in try await importArchive(records, into: store) }
    }

    private func importArchive(_ records: [ArchiveRecord], into store: any NewsroomStore) async throws -> ArchiveCounts
    {
        guard let archiveStore = store as? any ArchiveStore else {
            throw CommandFailure("the database at \(databaseOptions.shownLocation) cannot take an archive")
        }
        do {
            return try await archiveStore.importArchive(records)
        } catch {
            throw CommandFailure("cannot restore \(file) into \(databaseOptions.shownLocation): \(error)")
        }
    }
}
