import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: AccountStore {
    // MARK: Deactivation

    public func setActive(_ active: Bool, userID: Int64, at time: Date) async throws(StoreError) -> AccountActivation {
        try await write { db in
            guard var record = try UserRecord.fetchOne(db, key: userID) else { return .unknownAccount }
            if active {
                record.deactivatedAt = nil
            } else if record.deactivatedAt == nil {
                if record.role == Role.admin.rawValue {
                    let otherAdmins =
                        try Int.fetchOne(
                            db,
                            sql: "SELECT COUNT(*) FROM users WHERE role = ? AND deactivated_at IS NULL AND id <> ?",
                            arguments: [Role.admin.rawValue, userID]) ?? 0
                    guard otherAdmins > 0 else { return .lastActiveAdmin }
                }
                record.deactivatedAt = time
                try db.execute(sql: "DELETE FROM newsroom_sessions WHERE user_id = ?", arguments: [userID])
            }
            try record.update(db)
            return .changed(try UserRecord.fetchOne(db, key: userID)?.user() ?? record.user())
        }
    }

    // MARK: Password reset

    @discardableResult
    public func createPasswordReset(digest: String, userID: Int64, at time: Date) async throws(StoreError) -> Bool {
        try await write { db in
            guard let record = try UserRecord.fetchOne(db, key: userID), record.deactivatedAt == nil else {
                return false
            }
            try db.execute(
                sql: """
                    INSERT INTO password_resets (digest, user_id, password_fingerprint, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    digest, userID, AccountRules.passwordFingerprint(record.passwordHash), time,
                    time.addingTimeInterval(AccountRules.passwordResetLifetime),
                ])
            return true
        }
    }

    public func passwordResetUser(digest: String, now: Date) async throws(StoreError) -> User? {
        try await read { db in try Self.usableReset(digest: digest, now: now, db)?.user() }
    }

    public func completePasswordReset(digest: String, passwordHash: String, now: Date) async throws(StoreError)
        -> User?
    {
        try await write { db in
            guard var record = try Self.usableReset(digest: digest, now: now, db), let id = record.id else {
                return nil
            }
            try db.execute(sql: "UPDATE password_resets SET used_at = ? WHERE digest = ?", arguments: [now, digest])
            try db.execute(
                sql: "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
                arguments: [now, id])
            record.passwordHash = passwordHash
            try record.update(db)
            try db.execute(sql: "DELETE FROM newsroom_sessions WHERE user_id = ?", arguments: [id])
            return try record.user()
        }
    }

    // MARK: Invitations

    public func createInvitation(
        email: String, name: String, role: Role, invitedBy: Int64, digest: String, at time: Date
    ) async throws(StoreError) -> Invitation {
        let account = try StoreInput.account(email: email, name: name)
        return try await write { db in
            guard try UserRecord.filter(Column("email") == account.email).fetchCount(db) == 0 else {
                throw AccountRules.refusal("email", AccountRules.accountExists)
            }
            let open =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM invitations WHERE email = ? AND accepted_at IS NULL AND revoked_at IS NULL",
                    arguments: [account.email]) ?? 0
            guard open == 0 else { throw AccountRules.refusal("email", AccountRules.alreadyInvited) }
            try db.execute(
                sql: """
                    INSERT INTO invitations (digest, email, name, role, invited_by, sent_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    digest, account.email, account.name, role.rawValue, invitedBy, time,
                    time.addingTimeInterval(AccountRules.invitationLifetime),
                ])
            guard let made = try Self.invitation(where: "id = ?", [db.lastInsertedRowID], db) else {
                throw StoreError.failed("the new invitation cannot be read back")
            }
            return made
        }
    }

    public func openInvitations() async throws(StoreError) -> [Invitation] {
        try await read { db in
            try Self.invitations(
                where: "accepted_at IS NULL AND revoked_at IS NULL ORDER BY sent_at DESC, id DESC", [], db)
        }
    }

    public func invitation(digest: String) async throws(StoreError) -> Invitation? {
        try await read { db in try Self.invitation(where: "digest = ?", [digest], db) }
    }

    public func renewInvitation(id: Int64, digest: String, at time: Date) async throws(StoreError) -> Invitation? {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE invitations SET digest = ?, sent_at = ?, expires_at = ?
                    WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL
                    """,
                arguments: [digest, time, time.addingTimeInterval(AccountRules.invitationLifetime), id])
            guard db.changesCount == 1 else { return nil }
            return try Self.invitation(where: "id = ?", [id], db)
        }
    }

    @discardableResult
    public func revokeInvitation(id: Int64, at time: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql:
                    "UPDATE invitations SET revoked_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL",
                arguments: [time, id])
            return db.changesCount == 1
        }
    }

    public func acceptInvitation(digest: String, passwordHash: String, now: Date) async throws(StoreError)
        -> InvitationAcceptance
    {
        try await write { db in
            guard let invitation = try Self.invitation(where: "digest = ?", [digest], db) else { return .unusable(nil) }
            let state = invitation.state(at: now)
            guard state == .pending else { return .unusable(state) }
            guard try UserRecord.filter(Column("email") == invitation.email).fetchCount(db) == 0 else {
                return .accountExists
            }
            var record = UserRecord(
                id: nil, email: invitation.email, name: invitation.name, role: invitation.role.rawValue,
                passwordHash: passwordHash, createdAt: now)
            try record.insert(db)
            try db.execute(sql: "UPDATE invitations SET accepted_at = ? WHERE id = ?", arguments: [now, invitation.id])
            guard let id = record.id, let stored = try UserRecord.fetchOne(db, key: id) else {
                throw StoreError.failed("the new account cannot be read back")
            }
            return .accepted(try stored.user())
        }
    }

    // MARK: Two-factor sign-in

    public func twoFactor(userID: Int64) async throws(StoreError) -> TwoFactorSetup? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT sealed_secret, enabled_at, last_used_step FROM two_factor WHERE user_id = ?",
                arguments: [userID]
            ).map { row in
                TwoFactorSetup(
                    sealedSecret: row["sealed_secret"], enabledAt: row["enabled_at"],
                    lastUsedStep: row["last_used_step"])
            }
        }
    }

    @discardableResult
    public func startTwoFactorSetup(userID: Int64, sealedSecret: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO two_factor (user_id, sealed_secret) VALUES (?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, last_used_step = NULL
                    WHERE two_factor.enabled_at IS NULL
                    """,
                arguments: [userID, sealedSecret])
            return db.changesCount == 1
        }
    }

    public func enableTwoFactor(userID: Int64, step: Int64, recoveryCodeDigests: [String], at time: Date)
        async throws(StoreError) -> Bool
    {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE two_factor SET enabled_at = ?, last_used_step = ?
                    WHERE user_id = ? AND enabled_at IS NULL
                    """,
                arguments: [time, step, userID])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "DELETE FROM recovery_codes WHERE user_id = ?", arguments: [userID])
            for digest in recoveryCodeDigests {
                try db.execute(
                    sql: "INSERT INTO recovery_codes (user_id, digest) VALUES (?, ?)", arguments: [userID, digest])
            }
            return true
        }
    }

    public func disableTwoFactor(userID: Int64) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM two_factor WHERE user_id = ?", arguments: [userID])
            try db.execute(sql: "DELETE FROM recovery_codes WHERE user_id = ?", arguments: [userID])
        }
    }

    public func useTwoFactorStep(_ step: Int64, userID: Int64) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE two_factor SET last_used_step = ?
                    WHERE user_id = ? AND enabled_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < ?)
                    """,
                arguments: [step, userID, step])
            return db.changesCount == 1
        }
    }

    public func useRecoveryCode(digest: String, userID: Int64, at time: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND digest = ? AND used_at IS NULL",
                arguments: [time, userID, digest])
            return db.changesCount == 1
        }
    }

    public func unusedRecoveryCodes(userID: Int64) async throws(StoreError) -> Int {
        try await read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
                arguments: [userID]) ?? 0
        }
    }

    public func createSignInChallenge(digest: String, userID: Int64, expiresAt: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO sign_in_challenges (digest, user_id, expires_at) VALUES (?, ?, ?)",
                arguments: [digest, userID, expiresAt])
        }
    }

    public func signInChallengeUser(digest: String, now: Date) async throws(StoreError) -> User? {
        try await read { db in
            guard
                let userID = try Int64.fetchOne(
                    db, sql: "SELECT user_id FROM sign_in_challenges WHERE digest = ? AND expires_at > ?",
                    arguments: [digest, now]),
                let user = try UserRecord.fetchOne(db, key: userID)?.user(), user.isActive
            else { return nil }
            return user
        }
    }

    public func deleteSignInChallenge(digest: String, now: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM sign_in_challenges WHERE digest = ? OR expires_at <= ?", arguments: [digest, now])
        }
    }

    private static func invitation(where condition: String, _ arguments: [any DatabaseValueConvertible], _ db: Database)
        throws -> Invitation?
    {
        try invitations(where: condition, arguments, db).first
    }

    private static func invitations(
        where condition: String, _ arguments: [any DatabaseValueConvertible], _ db: Database
    ) throws -> [Invitation] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM invitations WHERE \(condition)", arguments: StatementArguments(arguments)
        ).map { row in
            let rawRole: String = row["role"]
            guard let role = Role(rawValue: rawRole) else {
                throw StoreError.failed("an invitation has the unknown role '\(rawRole)'; fix the row")
            }
            return Invitation(
                id: row["id"], email: row["email"], name: row["name"], role: role, invitedBy: row["invited_by"],
                sentAt: row["sent_at"], expiresAt: row["expires_at"], acceptedAt: row["accepted_at"],
                revokedAt: row["revoked_at"])
        }
    }

    /// The account row a reset link may still change, or nil.
    private static func usableReset(digest: String, now: Date, _ db: Database) throws -> UserRecord? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT user_id, password_fingerprint FROM password_resets
                    WHERE digest = ? AND used_at IS NULL AND expires_at > ?
                    """,
                arguments: [digest, now]),
            let record = try UserRecord.fetchOne(db, key: row["user_id"] as Int64),
            record.deactivatedAt == nil,
            AccountRules.passwordFingerprint(record.passwordHash) == row["password_fingerprint"] as String
        else { return nil }
        return record
    }
}
