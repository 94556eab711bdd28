import ArgumentParser
import DatelineArchive
import DatelineStore
import Foundation

/// `dateline backup`: a copy of a running site an operator can restore from — SQLite's online
/// backup of the database file, or on PostgreSQL the archive with its trailer, read back and
/// checked before the command says it is done.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the site while it runs, to a file `dateline restore` reads.",
        discussion: """
            On SQLite, copies the database with SQLite's online backup (one consistent moment, \
            while the site keeps serving and writing), checks the copy with PRAGMA integrity_check \
            and only then puts it at --out. On PostgreSQL, writes the site's archive (as \
            `dateline export` does: one snapshot, ending with a trailer of counts and a SHA-256) and \
            reads it back to check it; for whole-server backups use pg_dump as well. Either file \
            holds password hashes and token digests: keep it as safe as the database.
            """
    )

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(
        help: ArgumentHelp("The backup file to write (replaced only once the new one is complete).", valueName: "file"))
    var out: String

    func validate() throws {
        guard !out.isEmpty, out != "-" else {
            throw ValidationError(
                "--out needs a file name: a backup is checked once written, so it cannot go to a pipe")
        }
    }

    func run() async throws {
        try await databaseOptions.withStore { store in
            if let sqlite = store as? SQLiteStoryStore {
                let counts: ArchiveCounts
                do {
                    counts = try sqlite.backup(to: out)
                } catch {
                    throw CommandFailure("cannot back up \(databaseOptions.shownLocation): \(error)")
                }
                FileHandle.standardError.write(
                    Data("backed up \(counts) to \(out) (SQLite online backup; integrity check passed)\n".utf8))
                return
            }
            guard let archiveStore = store as? any ArchiveStore else {
                throw CommandFailure("the database at \(databaseOptions.shownLocation) cannot be backed up")
            }
            let counts = try await ArchiveWriter.export(
                archiveStore, to: out, failure: "cannot back up \(databaseOptions.shownLocation)")
            // Read back what reached the disk: the trailer's counts and digest must hold for it.
            let records = try ArchiveFile.read(path: out)
            guard case .trailer(let trailer) = records.last, trailer.counts == counts else {
                throw CommandFailure("the backup written to \(out) does not read back as written; write it again")
            }
            FileHandle.standardError.write(
                Data("backed up \(counts) to \(out) (archive; read back and checked)\n".utf8))
        }
    }
}
