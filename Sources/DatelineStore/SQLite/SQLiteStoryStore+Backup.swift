import DatelineArchive
import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore {
    /// Copies the whole database to a new file at `destination` while the site keeps running,
    /// and returns what the copy holds.
    ///
    /// SQLite's online backup copies every page inside one read transaction, so the copy is one
    /// consistent moment of the database even while other connections and processes write (WAL
    /// readers never block writers). The copy is written beside `destination` under a temporary
    /// name, switched to a single self-contained file (no `-wal`), checked with
    /// `PRAGMA integrity_check`, and only then renamed into place: a failed backup never leaves a
    /// file that looks whole.
    @discardableResult
    public func backup(to destination: String) throws(StoreError) -> ArchiveCounts {
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        guard target.path != URL(fileURLWithPath: path).standardizedFileURL.path else {
            throw .failed("the backup would overwrite the database it copies; name another file")
        }
        let folder = target.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .failed("cannot write the backup '\(destination)': the folder '\(folder.path)' does not exist")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        func discard() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                try? FileManager.default.removeItem(atPath: temporary.path + suffix)
            }
        }
        do {
            let copy = try DatabaseQueue(path: temporary.path)
            do {
                try pool.backup(to: copy)
                // The copy inherits WAL mode from the page it copied; a backup is one file.
                try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
                try copy.close()
            } catch {
                try? copy.close()
                throw error
            }
        } catch {
            discard()
            throw .failed("the backup of '\(path)' to '\(destination)' failed: \(StoreError.sqlite(error, path: path))")
        }
        let counts: ArchiveCounts
        do {
            counts = try Self.verifyBackup(at: temporary.path, named: destination)
            if FileManager.default.fileExists(atPath: target.path) {
                _ = try FileManager.default.replaceItemAt(target, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: target)
            }
        } catch {
            discard()
            throw error as? StoreError ?? .failed("cannot put the backup in place at '\(destination)': \(error)")
        }
        return counts
    }

    /// Whether the file at `path` starts as every SQLite database does ("SQLite format 3").
    public static func isSQLiteFile(atPath path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 16)) ?? Data()
        return magic == Data("SQLite format 3\u{0}".utf8)
    }

    /// Checks that the file at `path` is a whole Dateline database this version can open —
    /// SQLite's `PRAGMA integrity_check` passes and its migrations are all known — without
    /// changing it, and returns what it holds.
    @discardableResult
    public static func verifyBackup(at path: String) throws(StoreError) -> ArchiveCounts {
        try verifyBackup(at: path, named: path)
    }

    /// ``verifyBackup(at:)`` of a file that messages call `name`.
    private static func verifyBackup(at path: String, named name: String) throws(StoreError) -> ArchiveCounts {
        guard isSQLiteFile(atPath: path) else {
            throw .failed("'\(name)' is not a SQLite database file, so it is not a Dateline backup")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard problems == ["ok"] else {
                    throw StoreError.failed(
                        "'\(name)' fails SQLite's integrity check (\(problems.prefix(3).joined(separator: "; "))); "
                            + "it is damaged and cannot be restored: use another backup")
                }
                guard try db.tableExists("grdb_migrations") else {
                    throw StoreError.failed("'\(name)' is a SQLite database but not a Dateline one")
                }
                let known = Set(SQLiteSchema.migrator.migrations)
                let unknown = try SQLiteSchema.migrator.appliedIdentifiers(db).filter { !known.contains($0) }
                guard unknown.isEmpty else {
                    throw StoreError.failed(
                        "'\(name)' was written by a newer Dateline (schema \(unknown.sorted().joined(separator: ", "))); "
                            + "restore it with that version")
                }
                return try contentCounts(db)
            }
        } catch {
            throw StoreError.sqlite(error, path: name)
        }
    }

    /// Copies the backup at `backup` (checked first with ``verifyBackup(at:)``) into the SQLite
    /// database at `target` and brings its schema up to date; returns what was restored.
    ///
    /// `target` may be missing or a Dateline database with no stories, accounts, sections or
    /// topics; anything else is refused with nothing written. The copy is SQLite's backup API
    /// again, so a failure part-way leaves `target` as it was.
    @discardableResult
    public static func restoreBackup(from backup: String, into target: String) throws(StoreError) -> ArchiveCounts {
        let counts = try verifyBackup(at: backup)
        guard URL(fileURLWithPath: backup).standardizedFileURL != URL(fileURLWithPath: target).standardizedFileURL
        else { throw .failed("the backup and the target are the same file; name a new database to restore into") }
        let existed = FileManager.default.fileExists(atPath: target)
        if existed {
            let existing = try SQLiteStoryStore(path: target)
            do {
                let refusal = try existing.pool.read { db in
                    let present = try contentCounts(db)
                    return ArchiveContents.refusal(
                        stories: present.stories, users: present.users, sections: present.sections,
                        topics: present.topics, what: "a backup is restored")
                }
                try existing.pool.close()
                if let refusal { throw StoreError.failed(refusal) }
            } catch {
                throw StoreError.sqlite(error, path: target)
            }
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let source = try DatabaseQueue(path: backup, configuration: configuration)
            let destination = try DatabaseQueue(path: target)
            defer {
                try? source.close()
                try? destination.close()
            }
            try source.backup(to: destination)
        } catch {
            if !existed { try? FileManager.default.removeItem(atPath: target) }
            throw .failed(
                "the restore of '\(backup)' into '\(target)' failed: \(StoreError.sqlite(error, path: target))")
        }
        // Opening runs any migrations a backup from an older Dateline lacks, and proves it opens.
        let restored = try SQLiteStoryStore(path: target)
        try? restored.pool.close()
        return counts
    }

    /// How many rows of each kind the archive carries a database holds.
    private static func contentCounts(_ db: Database) throws -> ArchiveCounts {
        func count(_ table: String, _ condition: String = "") throws -> Int {
            guard try db.tableExists(table) else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) \(condition)") ?? 0
        }
        var counts = ArchiveCounts()
        counts.sections = try count("sections")
        counts.topics = try count("topics")
        counts.users = try count("users")
        counts.authors = try count("authors")
        counts.stories = try count("stories")
        counts.revisions = try count("story_revisions")
        counts.corrections = try count("story_corrections")
        counts.apiTokens = try count("api_tokens")
        counts.mail = try count("mail_outbox", "WHERE state = 'pending'")
        return counts
    }
}
