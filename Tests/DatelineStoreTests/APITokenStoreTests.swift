import DatelineCore
import Foundation
import GRDB
import Testing

@testable import DatelineStore

/// The API-token part of the ``NewsroomStore`` contract, against every backend in ``StoreBackend/all``.
@Suite("API token store contract")
struct APITokenStoreTests {
    @Test(
        "a token is found by its digest with its account, listed newest first, and touched", arguments: StoreBackend.all
    )
    func createFindList(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let user = try await store.createUser(email: "t@example.com", name: "T", role: .writer, passwordHash: "h")
            let first = try await store.createAPIToken(
                userID: user.id, name: "  CMS   sync ", digest: "d1", prefix: "dl_abcde", at: Times.day(0))
            #expect(first.name == "CMS sync")
            #expect(first.isLive)
            let second = try await store.createAPIToken(
                userID: user.id, name: "Backup", digest: "d2", prefix: "dl_fghij", at: Times.day(1))
            #expect(try await store.apiTokens(ofUser: user.id).map(\.id) == [second.id, first.id])
            let (token, owner) = try #require(try await store.apiTokenUser(digest: "d1"))
            #expect(token == first)
            #expect(owner == user)
            #expect(try await store.apiTokenUser(digest: "unknown") == nil)
            try await store.touchAPIToken(id: first.id, at: Times.day(2))
            #expect(try await store.apiTokenUser(digest: "d1")?.0.lastUsedAt == Times.day(2))
            try await store.touchAPIToken(id: first.id, at: Times.day(1))
            #expect(try await store.apiTokenUser(digest: "d1")?.0.lastUsedAt == Times.day(2), "never goes back")
        }
    }

    @Test("digests are unique, names are required, and tokens need an account", arguments: StoreBackend.all)
    func refusals(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let user = try await store.createUser(email: "u@example.com", name: "U", role: .editor, passwordHash: "h")
            _ = try await store.createAPIToken(
                userID: user.id, name: "A", digest: "same", prefix: "p", at: Times.day(0))
            await #expect(throws: StoreError.self) {
                try await store.createAPIToken(
                    userID: user.id, name: "B", digest: "same", prefix: "p", at: Times.day(0))
            }
            await #expect(throws: StoreError.self) {
                try await store.createAPIToken(userID: user.id, name: "  ", digest: "x", prefix: "p", at: Times.day(0))
            }
            await #expect(throws: StoreError.self) {
                try await store.createAPIToken(userID: 9_999, name: "C", digest: "y", prefix: "p", at: Times.day(0))
            }
        }
    }

    @Test("a revoked token no longer authenticates; only its owner can revoke it", arguments: StoreBackend.all)
    func revoke(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let owner = try await store.createUser(email: "o@example.com", name: "O", role: .writer, passwordHash: "h")
            let other = try await store.createUser(email: "x@example.com", name: "X", role: .admin, passwordHash: "h")
            let token = try await store.createAPIToken(
                userID: owner.id, name: "A", digest: "d", prefix: "p", at: Times.day(0))
            #expect(!(try await store.revokeAPIToken(id: token.id, ofUser: other.id)))
            #expect(try await store.apiTokenUser(digest: "d") != nil)
            #expect(try await store.revokeAPIToken(id: token.id, ofUser: owner.id))
            #expect(!(try await store.revokeAPIToken(id: token.id, ofUser: owner.id)), "already revoked")
            #expect(try await store.apiTokenUser(digest: "d") == nil)
            let listed = try await store.apiTokens(ofUser: owner.id)
            #expect(listed.count == 1)
            #expect(listed.first?.revokedAt != nil)
        }
    }

    @Test("deleting an account deletes its tokens (SQLite cascade)")
    func cascade() async throws {
        try await StoreBackend.sqlite.withStore { fixture in
            let store = try #require(fixture.store as? SQLiteStoryStore)
            let user = try await store.createUser(email: "c@example.com", name: "C", role: .editor, passwordHash: "h")
            _ = try await store.createAPIToken(userID: user.id, name: "A", digest: "d", prefix: "p", at: Times.day(0))
            try await store.pool.write { db in
                try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [user.id])
            }
            #expect(try await store.apiTokenUser(digest: "d") == nil)
            #expect(try await store.apiTokens(ofUser: user.id).isEmpty)
        }
    }
}
