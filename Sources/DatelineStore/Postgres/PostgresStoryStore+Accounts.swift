import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: AccountStore {
    // MARK: Deactivation

    public func setActive(_ active: Bool, userID: Int64, at time: Date) async throws(StoreError) -> AccountActivation {
        try await write { [self] connection in
            // The lock makes "another active admin remains" one decision across instances.
            try await connection.query("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            guard
                let (user, _) = try await Self.users(
                    where: "id = $1", binds: Self.bindings(userID), on: connection, logger: logger
                ).first
            else { return .unknownAccount }
            if active {
                try await connection.query(
                    "UPDATE users SET deactivated_at = NULL WHERE id = \(userID)", logger: logger)
            } else if user.isActive {
                if user.role == .admin {
                    let others =
                        try await connection.query(
                            """
                            SELECT COUNT(*) FROM users
                            WHERE role = \(Role.admin.rawValue) AND deactivated_at IS NULL AND id <> \(userID)
                            """, logger: logger
                        ).decode(Int.self).collected().first ?? 0
                    guard others > 0 else { return .lastActiveAdmin }
                }
                try await connection.query(
                    "UPDATE users SET deactivated_at = \(time.postgres) WHERE id = \(userID)", logger: logger)
                try await connection.query("DELETE FROM newsroom_sessions WHERE user_id = \(userID)", logger: logger)
            }
            guard
                let (changed, _) = try await Self.users(
                    where: "id = $1", binds: Self.bindings(userID), on: connection, logger: logger
                ).first
            else { return .unknownAccount }
            return .changed(changed)
        }
    }

    // MARK: Password reset

    @discardableResult
    public func createPasswordReset(digest: String, userID: Int64, at time: Date) async throws(StoreError) -> Bool {
        let digest = digest.postgresText
        let expiresAt = time.addingTimeInterval(AccountRules.passwordResetLifetime)
        return try await write { [self] connection in
            guard
                let (user, hash) = try await Self.users(
                    where: "id = $1", binds: Self.bindings(userID), on: connection, logger: logger
                ).first, user.isActive
            else { return false }
            let fingerprint = AccountRules.passwordFingerprint(hash)
            try await connection.query(
                """
                INSERT INTO password_resets (digest, user_id, password_fingerprint, created_at, expires_at)
                VALUES (\(digest), \(userID), \(fingerprint), \(time.postgres), \(expiresAt.postgres))
                """, logger: logger)
            return true
        }
    }

    public func passwordResetUser(digest: String, now: Date) async throws(StoreError) -> User? {
        let digest = digest.postgresText
        return try await read { [self] connection in
            try await Self.usableReset(digest: digest, now: now, lock: false, on: connection, logger: logger)
        }
    }

    public func completePasswordReset(digest: String, passwordHash: String, now: Date) async throws(StoreError)
        -> User?
    {
        let digest = digest.postgresText
        return try await write { [self] connection in
            guard
                let user = try await Self.usableReset(
                    digest: digest, now: now, lock: true, on: connection, logger: logger)
            else { return nil }
            try await connection.query(
                "UPDATE password_resets SET used_at = \(now.postgres) WHERE user_id = \(user.id) AND used_at IS NULL",
                logger: logger)
            try await connection.query(
                "UPDATE users SET password_hash = \(passwordHash) WHERE id = \(user.id)", logger: logger)
            try await connection.query("DELETE FROM newsroom_sessions WHERE user_id = \(user.id)", logger: logger)
            return user
        }
    }

    // MARK: Invitations

    public func createInvitation(
        email: String, name: String, role: Role, invitedBy: Int64, digest: String, at time: Date
    ) async throws(StoreError) -> Invitation {
        let account = try StoreInput.account(email: email, name: name)
        let email = account.email.postgresText
        let name = account.name.postgresText
        let digest = digest.postgresText
        let expiresAt = time.addingTimeInterval(AccountRules.invitationLifetime)
        return try await write { [self] connection in
            // The lock makes "no account and no open invitation" one decision across instances.
            try await connection.query("LOCK TABLE invitations IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            let (accounts, open) =
                try await connection.query(
                    """
                    SELECT (SELECT COUNT(*) FROM users WHERE email = \(email)),
                        (SELECT COUNT(*) FROM invitations
                            WHERE email = \(email) AND accepted_at IS NULL AND revoked_at IS NULL)
                    """, logger: logger
                ).decode((Int, Int).self).collected().first ?? (0, 0)
            guard accounts == 0 else { throw AccountRules.refusal("email", AccountRules.accountExists) }
            guard open == 0 else { throw AccountRules.refusal("email", AccountRules.alreadyInvited) }
            let id =
                try await connection.query(
                    """
                    INSERT INTO invitations (digest, email, name, role, invited_by, sent_at, expires_at)
                    VALUES (\(digest), \(email), \(name), \(role.rawValue), \(invitedBy), \(time.postgres),
                        \(expiresAt.postgres))
                    RETURNING id
                    """, logger: logger
                ).decode(Int64.self).collected().first ?? 0
            guard
                let made = try await Self.invitations(
                    where: "id = $1", binds: Self.bindings(id), on: connection, logger: logger
                ).first
            else { throw StoreError.failed("the new invitation cannot be read back") }
            return made
        }
    }

    public func openInvitations() async throws(StoreError) -> [Invitation] {
        try await read { [self] connection in
            try await Self.invitations(
                where: "accepted_at IS NULL AND revoked_at IS NULL ORDER BY sent_at DESC, id DESC",
                binds: PostgresBindings(), on: connection, logger: logger)
        }
    }

    public func invitation(digest: String) async throws(StoreError) -> Invitation? {
        let digest = digest.postgresText
        return try await read { [self] connection in
            try await Self.invitations(
                where: "digest = $1", binds: Self.bindings(digest), on: connection, logger: logger
            ).first
        }
    }

    public func renewInvitation(id: Int64, digest: String, at time: Date) async throws(StoreError) -> Invitation? {
        let digest = digest.postgresText
        let expiresAt = time.addingTimeInterval(AccountRules.invitationLifetime)
        return try await write { [self] connection in
            let changed = try await connection.query(
                """
                UPDATE invitations SET digest = \(digest), sent_at = \(time.postgres), expires_at = \(expiresAt.postgres)
                WHERE id = \(id) AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard changed.count == 1 else { return nil }
            return try await Self.invitations(
                where: "id = $1", binds: Self.bindings(id), on: connection, logger: logger
            ).first
        }
    }

    @discardableResult
    public func revokeInvitation(id: Int64, at time: Date) async throws(StoreError) -> Bool {
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE invitations SET revoked_at = \(time.postgres)
                WHERE id = \(id) AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected().count == 1
        }
    }

    public func acceptInvitation(digest: String, passwordHash: String, now: Date) async throws(StoreError)
        -> InvitationAcceptance
    {
        let digest = digest.postgresText
        return try await write { [self] connection in
            guard
                let invitation = try await Self.invitations(
                    where: "digest = $1 FOR UPDATE", binds: Self.bindings(digest), on: connection, logger: logger
                ).first
            else { return .unusable(nil) }
            let state = invitation.state(at: now)
            guard state == .pending else { return .unusable(state) }
            let inserted = try await connection.query(
                """
                INSERT INTO users (email, name, role, password_hash, created_at)
                VALUES (\(invitation.email), \(invitation.name), \(invitation.role.rawValue), \(passwordHash),
                    \(now.postgres))
                ON CONFLICT (email) DO NOTHING
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard let id = inserted.first else { return .accountExists }
            try await connection.query(
                "UPDATE invitations SET accepted_at = \(now.postgres) WHERE id = \(invitation.id)", logger: logger)
            guard
                let (user, _) = try await Self.users(
                    where: "id = $1", binds: Self.bindings(id), on: connection, logger: logger
                ).first
            else { throw StoreError.failed("the new account cannot be read back") }
            return .accepted(user)
        }
    }

    // MARK: Two-factor sign-in

    public func twoFactor(userID: Int64) async throws(StoreError) -> TwoFactorSetup? {
        try await read { [self] connection in
            try await connection.query(
                "SELECT sealed_secret, enabled_at, last_used_step FROM two_factor WHERE user_id = \(userID)",
                logger: logger
            ).decode((String, Date?, Int64?).self).collected().first.map { secret, enabledAt, step in
                TwoFactorSetup(sealedSecret: secret, enabledAt: enabledAt, lastUsedStep: step)
            }
        }
    }

    @discardableResult
    public func startTwoFactorSetup(userID: Int64, sealedSecret: String) async throws(StoreError) -> Bool {
        let sealedSecret = sealedSecret.postgresText
        return try await write { [self] connection in
            try await connection.query(
                """
                INSERT INTO two_factor (user_id, sealed_secret) VALUES (\(userID), \(sealedSecret))
                ON CONFLICT (user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, last_used_step = NULL
                WHERE two_factor.enabled_at IS NULL
                RETURNING user_id
                """, logger: logger
            ).decode(Int64.self).collected().count == 1
        }
    }

    public func enableTwoFactor(userID: Int64, step: Int64, recoveryCodeDigests: [String], at time: Date)
        async throws(StoreError) -> Bool
    {
        try await write { [self] connection in
            let enabled = try await connection.query(
                """
                UPDATE two_factor SET enabled_at = \(time.postgres), last_used_step = \(step)
                WHERE user_id = \(userID) AND enabled_at IS NULL RETURNING user_id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard enabled.count == 1 else { return false }
            try await connection.query("DELETE FROM recovery_codes WHERE user_id = \(userID)", logger: logger)
            for digest in recoveryCodeDigests {
                try await connection.query(
                    "INSERT INTO recovery_codes (user_id, digest) VALUES (\(userID), \(digest.postgresText))",
                    logger: logger)
            }
            return true
        }
    }

    public func disableTwoFactor(userID: Int64) async throws(StoreError) {
        try await write { [self] connection in
            try await connection.query("DELETE FROM two_factor WHERE user_id = \(userID)", logger: logger)
            try await connection.query("DELETE FROM recovery_codes WHERE user_id = \(userID)", logger: logger)
        }
    }

    public func useTwoFactorStep(_ step: Int64, userID: Int64) async throws(StoreError) -> Bool {
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE two_factor SET last_used_step = \(step)
                WHERE user_id = \(userID) AND enabled_at IS NOT NULL
                    AND (last_used_step IS NULL OR last_used_step < \(step))
                RETURNING user_id
                """, logger: logger
            ).decode(Int64.self).collected().count == 1
        }
    }

    public func useRecoveryCode(digest: String, userID: Int64, at time: Date) async throws(StoreError) -> Bool {
        let digest = digest.postgresText
        return try await write { [self] connection in
            try await connection.query(
                """
                UPDATE recovery_codes SET used_at = \(time.postgres)
                WHERE user_id = \(userID) AND digest = \(digest) AND used_at IS NULL RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected().count == 1
        }
    }

    public func unusedRecoveryCodes(userID: Int64) async throws(StoreError) -> Int {
        try await read { [self] connection in
            try await connection.query(
                "SELECT COUNT(*) FROM recovery_codes WHERE user_id = \(userID) AND used_at IS NULL", logger: logger
            ).decode(Int.self).collected().first ?? 0
        }
    }

    public func createSignInChallenge(digest: String, userID: Int64, expiresAt: Date) async throws(StoreError) {
        let digest = digest.postgresText
        try await write { [self] connection in
            try await connection.query(
                """
                INSERT INTO sign_in_challenges (digest, user_id, expires_at)
                VALUES (\(digest), \(userID), \(expiresAt.postgres))
                """, logger: logger)
        }
    }

    public func signInChallengeUser(digest: String, now: Date) async throws(StoreError) -> User? {
        let digest = digest.postgresText
        return try await read { [self] connection in
            guard
                let userID = try await connection.query(
                    """
                    SELECT user_id FROM sign_in_challenges WHERE digest = \(digest) AND expires_at > \(now.postgres)
                    """, logger: logger
                ).decode(Int64.self).collected().first,
                let (user, _) = try await Self.users(
                    where: "id = $1", binds: Self.bindings(userID), on: connection, logger: logger
                ).first, user.isActive
            else { return nil }
            return user
        }
    }

    public func deleteSignInChallenge(digest: String, now: Date) async throws(StoreError) {
        let digest = digest.postgresText
        try await write { [self] connection in
            try await connection.query(
                "DELETE FROM sign_in_challenges WHERE digest = \(digest) OR expires_at <= \(now.postgres)",
                logger: logger)
        }
    }

    private static func invitations(
        where condition: String, binds: PostgresBindings, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Invitation] {
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT id, email, name, role, invited_by, sent_at, expires_at, accepted_at, revoked_at
                FROM invitations WHERE \(condition)
                """, binds: binds)
        return try await connection.query(query, logger: logger)
            .decode((Int64, String, String, String, Int64?, Date, Date, Date?, Date?).self).collected()
            .map { id, email, name, rawRole, invitedBy, sentAt, expiresAt, acceptedAt, revokedAt in
                guard let role = Role(rawValue: rawRole) else {
                    throw StoreError.failed("invitation \(id) has the unknown role '\(rawRole)'; fix the row")
                }
                return Invitation(
                    id: id, email: email, name: name, role: role, invitedBy: invitedBy, sentAt: sentAt,
                    expiresAt: expiresAt, acceptedAt: acceptedAt, revokedAt: revokedAt)
            }
    }

    /// The account a reset link may still change, or nil; `lock` holds the link's row until the
    /// transaction ends, so a second use waits and then finds it used.
    private static func usableReset(
        digest: String, now: Date, lock: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> User? {
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT user_id, password_fingerprint FROM password_resets
                WHERE digest = $1 AND used_at IS NULL AND expires_at > $2\(lock ? " FOR UPDATE" : "")
                """, binds: try bindings(digest, now.postgres))
        guard
            let (userID, fingerprint) = try await connection.query(query, logger: logger)
                .decode((Int64, String).self).collected().first,
            let (user, hash) = try await users(
                where: "id = $1", binds: bindings(userID), on: connection, logger: logger
            ).first,
            user.isActive, AccountRules.passwordFingerprint(hash) == fingerprint
        else { return nil }
        return user
    }
}
