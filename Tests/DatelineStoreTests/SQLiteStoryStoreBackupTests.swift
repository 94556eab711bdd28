import DatelineArchive
import DatelineCore
import DatelineStore
import Foundation
import Testing

/// SQLite's online backup: one consistent copy while a writer keeps going, checked before it is
/// put in place, and restored only into an empty database.
@Suite struct SQLiteStoryStoreBackupTests {
    @Test func backsUpWhileWritingAndRestoresIntoAnEmptyDatabase() async throws {
        try await TemporaryFolder.with { folder in
            let store = try SQLiteStoryStore(path: folder.path("site.sqlite"))
            for number in 1...10 {
                _ = try await store.create(.sample("Before the backup \(number)"), status: .published)
            }
            let writer = Task {
                var number = 0
                while !Task.isCancelled && number < 100_000 {
                    number += 1
                    _ = try await store.create(.sample("During the backup \(number)"), status: .published)
                }
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while try await store.storyCount() <= 10 {
                #expect(ContinuousClock.now < deadline, "the writer never started")
                try await Task.sleep(for: .milliseconds(10))
            }
            let backup = folder.path("site.backup")
            let counts = try store.backup(to: backup)
            writer.cancel()
            _ = await writer.result
            #expect(counts.stories > 10)
            #expect(SQLiteStoryStore.isSQLiteFile(atPath: backup))
            #expect(!FileManager.default.fileExists(atPath: backup + "-wal"), "a backup is one file")
            #expect(try SQLiteStoryStore.verifyBackup(at: backup) == counts)

            let target = folder.path("restored.sqlite")
            #expect(try SQLiteStoryStore.restoreBackup(from: backup, into: target) == counts)
            let restored = try SQLiteStoryStore(path: target)
            #expect(try await restored.storyCount() == counts.stories)
            for id in Int64(1)...Int64(counts.stories) {
                #expect(try await restored.story(id: id) == (try await store.story(id: id)))
            }
            // Restoring again would overwrite a site: refused, nothing changed.
            #expect(throws: StoreError.self) { try SQLiteStoryStore.restoreBackup(from: backup, into: target) }
            #expect(try await restored.storyCount() == counts.stories)
            #expect(throws: StoreError.self) { try store.backup(to: folder.path("site.sqlite")) }
            #expect(throws: StoreError.self) { try SQLiteStoryStore.verifyBackup(at: folder.path("missing")) }
        }
    }
}
