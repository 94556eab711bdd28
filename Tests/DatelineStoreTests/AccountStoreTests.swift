import DatelineArchive
import DatelineCore
import Foundation
import GRDB
import Testing

@testable import DatelineStore

/// The ``AccountStore`` contract, against every backend in ``StoreBackend/all``.
@Suite("Account store contract")
struct AccountStoreTests {
    private static func accounts(_ fixture: StoreFixture) throws -> any AccountStore {
        try #require(fixture.store as? any AccountStore, "the backend must manage accounts")
    }

    @Test(
        "turning an account off ends its sessions, shows in every read, and turning it on clears it",
        arguments: StoreBackend.all)
    func deactivate(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.accounts(fixture)
            _ = try await store.createUser(email: "a@example.com", name: "A", role: .admin, passwordHash: "h")
            let writer = try await store.createUser(email: "w@example.com", name: "W", role: .writer, passwordHash: "h")
            #expect(writer.isActive)
            try await store.createSession(
                NewsroomSession(digest: "s1", userID: writer.id, createdAt: Times.day(0), lastSeenAt: Times.day(0)))
            _ = try await store.createAPIToken(
                userID: writer.id, name: "T", digest: "t1", prefix: "p", at: Times.day(0))

            guard case .changed(let off) = try await store.setActive(false, userID: writer.id, at: Times.day(1)) else {
                Issue.record("the writer should be turned off")
                return
            }
            #expect(!off.isActive)
            #expect(off.deactivatedAt == Times.day(1))
            #expect(try await store.session(digest: "s1") == nil, "sessions end at once")
            #expect(try await store.user(id: writer.id)?.isActive == false)
            #expect(try await store.credentials(email: "w@example.com")?.user.isActive == false)
            #expect(try await store.users().first { $0.id == writer.id }?.deactivatedAt == Times.day(1))
            #expect(try await store.apiTokenUser(digest: "t1")?.1.isActive == false, "the token's account says so")

            guard case .changed(let on) = try await store.setActive(true, userID: writer.id, at: Times.day(2)) else {
                Issue.record("the writer should be turned on")
                return
            }
            #expect(on.isActive)
            #expect(try await store.user(id: writer.id)?.deactivatedAt == nil)
            #expect(try await store.setActive(false, userID: 9_999, at: Times.day(2)) == .unknownAccount)
        }
    }

    @Test(
        "the last active admin cannot be turned off; another can once a second admin exists",
        arguments: StoreBackend.all)
    func lastAdmin(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.accounts(fixture)
            let first = try await store.createUser(email: "a@example.com", name: "A", role: .admin, passwordHash: "h")
            #expect(try await store.setActive(false, userID: first.id, at: Times.day(1)) == .lastActiveAdmin)
            #expect(try await store.user(id: first.id)?.isActive == true)
            let second = try await store.createUser(email: "b@example.com", name: "B", role: .admin, passwordHash: "h")
            guard case .changed = try await store.setActive(false, userID: second.id, at: Times.day(1)) else {
                Issue.record("one of two admins can be turned off")
                return
            }
            #expect(try await store.setActive(false, userID: first.id, at: Times.day(1)) == .lastActiveAdmin)
        }
    }

    @Test("a reset link works once, within an hour, by digest, and ends every session", arguments: StoreBackend.all)
    func passwordReset(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.accounts(fixture)
            let user = try await store.createUser(email: "r@example.com", name: "R", role: .writer, passwordHash: "old")
            let start = Times.day(0)
            #expect(try await store.createPasswordReset(digest: "d1", userID: user.id, at: start))
            #expect(try await store.createPasswordReset(digest: "d2", userID: user.id, at: start))
            try await store.createSession(
                NewsroomSession(digest: "s", userID: user.id, createdAt: start, lastSeenAt: start))
            #expect(
                try await store.passwordResetUser(digest: "d1", now: start.addingTimeInterval(3_599))?.id == user.id)
            #expect(try await store.passwordResetUser(digest: "d1", now: start.addingTimeInterval(3_600)) == nil)
            #expect(try await store.passwordResetUser(digest: "unknown", now: start) == nil)
            #expect(
                try await store.completePasswordReset(
                    digest: "d1", passwordHash: "late", now: start.addingTimeInterval(3_601)) == nil, "expired")
            #expect(try await store.credentials(email: user.email)?.passwordHash == "old")

            let done = try await store.completePasswordReset(
                digest: "d1", passwordHash: "new", now: start.addingTimeInterval(60))
            #expect(done?.id == user.id)
            #expect(try await store.credentials(email: user.email)?.passwordHash == "new")
            #expect(try await store.session(digest: "s") == nil, "sessions end")
            #expect(
                try await store.completePasswordReset(
                    digest: "d1", passwordHash: "again", now: start.addingTimeInterval(61)) == nil, "works once")
            #expect(
                try await store.passwordResetUser(digest: "d2", now: start.addingTimeInterval(61)) == nil, "others void"
            )
            #expect(try await store.credentials(email: user.email)?.passwordHash == "new")
            #expect(!(try await store.createPasswordReset(digest: "d3", userID: 9_999, at: start)))
        }
    }

    @Test("a reset link dies when the password changes or the account is turned off", arguments: StoreBackend.all)
    func resetVoided(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.accounts(fixture)
            _ = try await store.createUser(email: "a@example.com", name: "A", role: .admin, passwordHash: "h")
            let user = try await store.createUser(email: "r@example.com", name: "R", role: .writer, passwordHash: "old")
            let start = Times.day(0)
            try await store.createPasswordReset(digest: "d1", userID: user.id, at: start)
            try await store.setPasswordHash("changed", forUser: user.id)
            #expect(try await store.passwordResetUser(digest: "d1", now: start) == nil)
            #expect(try await store.completePasswordReset(digest: "d1", passwordHash: "x", now: start) == nil)
            #expect(try await store.credentials(email: user.email)?.passwordHash == "changed")

            try await store.createPasswordReset(digest: "d2", userID: user.id, at: start)
            _ = try await store.setActive(false, userID: user.id, at: start)
            #expect(try await store.passwordResetUser(digest: "d2", now: start) == nil)
            #expect(try await store.completePasswordReset(digest: "d2", passwordHash: "x", now: start) == nil)
            #expect(!(try await store.createPasswordReset(digest: "d3", userID: user.id, at: start)), "none when off")
        }
    }

    @Test(
        "an invitation makes its account once, within seven days; renewing replaces the link; revoked ones are dead",
        arguments: StoreBackend.all)
    func invitations(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.accounts(fixture)
            let admin = try await store.createUser(email: "a@example.com", name: "A", role: .admin, passwordHash: "h")
            let start = Times.day(0)
            let invited = try await store.createInvitation(
                email: " New@Example.com ", name: " Nia  New ", role: .editor, invitedBy: admin.id, digest: "i1",
                at: start)
            #expect(invited.email == "new@example.com")
            #expect(invited.name == "Nia New")
            #expect(invited.expiresAt == start.addingTimeInterval(7 * 86_400))
            #expect(invited.state(at: start) == .pending)
            #expect(try await store.openInvitations().map(\.id) == [invited.id])
            #expect(try await store.invitation(digest: "i1")?.id == invited.id)

            // One open invitation per address, and none for an address with an account.
            await #expect(throws: StoreError.self) {
                try await store.createInvitation(
                    email: "new@example.com", name: "Again", role: .writer, invitedBy: admin.id, digest: "i2", at: start
                )
            }
            await #expect(throws: StoreError.self) {
                try await store.createInvitation(
                    email: "A@example.com", name: "Admin", role: .writer, invitedBy: admin.id, digest: "i3", at: start)
            }

            // Expired, it cannot be used; sent again, the old link is dead and the new one works.
            let late = start.addingTimeInterval(7 * 86_400)
            #expect(try await store.acceptInvitation(digest: "i1", passwordHash: "p", now: late) == .unusable(.expired))
            let renewed = try #require(try await store.renewInvitation(id: invited.id, digest: "i4", at: late))
            #expect(renewed.expiresAt == late.addingTimeInterval(7 * 86_400))
            #expect(try await store.invitation(digest: "i1") == nil)
            #expect(try await store.acceptInvitation(digest: "i1", passwordHash: "p", now: late) == .unusable(nil))

            guard
                case .accepted(let user) = try await store.acceptInvitation(digest: "i4", passwordHash: "p", now: late)
            else {
                Issue.record("the renewed invitation should make the account")
                return
            }
            #expect(user.email == "new@example.com")
            #expect(user.role == .editor)
            #expect(try await store.credentials(email: "new@example.com")?.passwordHash == "p")
            #expect(
                try await store.acceptInvitation(digest: "i4", passwordHash: "q", now: late) == .unusable(.accepted))
            #expect(try await store.openInvitations().isEmpty)
            #expect(try await store.renewInvitation(id: invited.id, digest: "i5", at: late) == nil)

            let other = try await store.createInvitation(
                email: "o@example.com", name: "O", role: .writer, invitedBy: admin.id, digest: "o1", at: start)
            #expect(try await store.revokeInvitation(id: other.id, at: start))
            #expect(!(try await store.revokeInvitation(id: other.id, at: start)))
            #expect(
                try await store.acceptInvitation(digest: "o1", passwordHash: "p", now: start) == .unusable(.revoked))
            #expect(try await store.credentials(email: "o@example.com") == nil)
            // A revoked invitation no longer blocks a new one.
            _ = try await store.createInvitation(
                email: "o@example.com", name: "O", role: .writer, invitedBy: admin.id, digest: "o2", at: start)
        }
    }

    @Test("an invitation accepted after someone made the account by hand is refused", arguments: StoreBackend.all)
    func invitationAfterAccount(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.accounts(fixture)
            let admin = try await store.createUser(email: "a@example.com", name: "A", role: .admin, passwordHash: "h")
            _ = try await store.createInvitation(
                email: "n@example.com", name: "N", role: .writer, invitedBy: admin.id, digest: "i1", at: Times.day(0))
            _ = try await store.createUser(email: "n@example.com", name: "N", role: .writer, passwordHash: "mine")
            #expect(
                try await store.acceptInvitation(digest: "i1", passwordHash: "p", now: Times.day(0)) == .accountExists)
            #expect(try await store.credentials(email: "n@example.com")?.passwordHash == "mine")
        }
    }

    @Test(
        "two-factor: set-up waits for a code, a step is used once, recovery codes once, challenges expire",
        arguments: StoreBackend.all)
    func twoFactor(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.accounts(fixture)
            _ = try await store.createUser(email: "a@example.com", name: "A", role: .admin, passwordHash: "h")
            let user = try await store.createUser(email: "t@example.com", name: "T", role: .editor, passwordHash: "h")
            #expect(try await store.twoFactor(userID: user.id) == nil)
            #expect(try await store.startTwoFactorSetup(userID: user.id, sealedSecret: "first"))
            #expect(
                try await store.startTwoFactorSetup(userID: user.id, sealedSecret: "second"), "replaced unconfirmed")
            #expect(try await store.twoFactor(userID: user.id)?.sealedSecret == "second")
            #expect(try await store.twoFactor(userID: user.id)?.isEnabled == false)
            #expect(!(try await store.useTwoFactorStep(5, userID: user.id)), "not before it is on")

            #expect(
                try await store.enableTwoFactor(
                    userID: user.id, step: 100, recoveryCodeDigests: ["r1", "r2"], at: Times.day(1)))
            #expect(
                !(try await store.enableTwoFactor(userID: user.id, step: 101, recoveryCodeDigests: [], at: Times.day(1)))
            )
            #expect(!(try await store.startTwoFactorSetup(userID: user.id, sealedSecret: "third")), "on already")
            let setup = try #require(try await store.twoFactor(userID: user.id))
            #expect(setup.sealedSecret == "second")
            #expect(setup.enabledAt == Times.day(1))
            #expect(setup.lastUsedStep == 100)

            #expect(!(try await store.useTwoFactorStep(100, userID: user.id)), "the confirming step is used")
            #expect(!(try await store.useTwoFactorStep(99, userID: user.id)), "no going back")
            #expect(try await store.useTwoFactorStep(101, userID: user.id))
            #expect(!(try await store.useTwoFactorStep(101, userID: user.id)), "once per step")

            #expect(try await store.unusedRecoveryCodes(userID: user.id) == 2)
            #expect(try await store.useRecoveryCode(digest: "r1", userID: user.id, at: Times.day(2)))
            #expect(!(try await store.useRecoveryCode(digest: "r1", userID: user.id, at: Times.day(2))))
            #expect(!(try await store.useRecoveryCode(digest: "nope", userID: user.id, at: Times.day(2))))
            #expect(try await store.unusedRecoveryCodes(userID: user.id) == 1)

            try await store.createSignInChallenge(digest: "c1", userID: user.id, expiresAt: Times.day(3))
            #expect(try await store.signInChallengeUser(digest: "c1", now: Times.day(2))?.id == user.id)
            #expect(try await store.signInChallengeUser(digest: "c1", now: Times.day(3)) == nil, "expired")
            try await store.createSignInChallenge(digest: "c2", userID: user.id, expiresAt: Times.day(3))
            _ = try await store.setActive(false, userID: user.id, at: Times.day(2))
            #expect(try await store.signInChallengeUser(digest: "c2", now: Times.day(2)) == nil, "turned off")
            _ = try await store.setActive(true, userID: user.id, at: Times.day(2))
            try await store.deleteSignInChallenge(digest: "c2", now: Times.day(2))
            #expect(try await store.signInChallengeUser(digest: "c2", now: Times.day(2)) == nil, "ended")

            try await store.disableTwoFactor(userID: user.id)
            #expect(try await store.twoFactor(userID: user.id) == nil)
            #expect(try await store.unusedRecoveryCodes(userID: user.id) == 0)
        }
    }

    @Test("only the digest is stored, never the link's secret (SQLite)")
    func digestOnly() async throws {
        try await StoreBackend.sqlite.withStore { fixture in
            let store = try #require(fixture.store as? SQLiteStoryStore)
            let user = try await store.createUser(email: "r@example.com", name: "R", role: .writer, passwordHash: "old")
            try await store.createPasswordReset(digest: "digest-of-secret", userID: user.id, at: Times.day(0))
            let columns = try await store.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM password_resets").flatMap { row in
                    row.columnNames.map { "\($0)=\(row[$0] as DatabaseValue)" }
                }
            }
            #expect(columns.contains { $0.hasPrefix("digest=") && $0.contains("digest-of-secret") })
            #expect(!columns.contains { $0.contains("old") }, "not even the password hash it was issued against")
        }
    }
}

@Suite("Archive user records")
struct ArchiveUserRecordTests {
    @Test("an active account's line has no deactivated_at, so older Datelines read it; the time round-trips")
    func deactivatedAtIsOptional() throws {
        let active = ArchiveRecord.user(
            .init(
                id: 1, email: "a@example.com", name: "A", role: "admin", passwordHash: "h",
                createdAt: ArchiveTime(Times.day(0))))
        let line = try active.jsonLine()
        #expect(!line.contains("deactivated_at"))
        #expect(try ArchiveRecord(jsonLine: line) == active, "a line without the field is an active account")
        let off = ArchiveRecord.user(
            .init(
                id: 2, email: "b@example.com", name: "B", role: "writer", passwordHash: "h",
                createdAt: ArchiveTime(Times.day(0)), deactivatedAt: ArchiveTime(Times.day(3))))
        let offLine = try off.jsonLine()
        #expect(offLine.contains("\"deactivated_at\""))
        #expect(try ArchiveRecord(jsonLine: offLine) == off)
    }
}
