import DatelineStore
import Foundation

/// The one-time link that lets the first person in make the first admin account.
public enum SetupLink {
    /// How long a printed link works.
    public static let lifetime: TimeInterval = 24 * 3_600

    /// Makes a fresh link's path when the store has no account yet, storing only its digest;
    /// nil when accounts exist (then no link is needed or accepted).
    public static func makeIfNeeded(in store: any NewsroomStore, now: Date = Date()) async throws -> String? {
        guard try await store.userCount() == 0 else { return nil }
        let token = SessionToken.random()
        try await store.createSetupToken(digest: SessionToken.hexDigest(token.value), expiresAt: now + lifetime)
        return NewsroomPaths.setup(token.value)
    }
}
