import DatelineCore
import Foundation

/// What the newsroom keeps beside the stories: accounts, sign-in sessions, failed sign-ins,
/// the one-time set-up link, who owns each story, every saved revision, and corrections.
///
/// Everything lives in the database, so several server processes sharing one database agree on
/// who is signed in, how many sign-ins failed, and which scheduled story has gone live.
/// Secrets never reach the store in the clear: sessions and set-up links are kept as SHA-256
/// digests, passwords as bcrypt hashes made by the caller.
public protocol NewsroomStore: StoryStore, DeskStore, AuthorStore {
    // MARK: Accounts

    /// Adds an account; throws ``StoreError/invalid(_:)`` when the address is taken or malformed.
    func createUser(email: String, name: String, role: Role, passwordHash: String) async throws(StoreError) -> User

    /// Adds the first admin when, and only when, there is no account yet and `setupTokenDigest`
    /// names an unused, unexpired set-up link, which is used up in the same transaction.
    ///
    /// Returns nil when the link is unknown, used or expired, or an account exists already.
    func createFirstAdmin(
        email: String, name: String, passwordHash: String, setupTokenDigest: String, now: Date
    ) async throws(StoreError) -> User?

    /// The account with this key.
    func user(id: Int64) async throws(StoreError) -> User?

    /// The account signing in with this address (any case), with its password hash.
    func credentials(email: String) async throws(StoreError) -> UserCredentials?

    /// Every account, by address.
    func users() async throws(StoreError) -> [User]

    /// How many accounts exist.
    func userCount() async throws(StoreError) -> Int

    /// Changes an account's role; its sessions end so the new rights apply at once.
    func setRole(_ role: Role, forUser id: Int64) async throws(StoreError) -> User

    /// Replaces an account's password hash and ends all its sessions.
    func setPasswordHash(_ hash: String, forUser id: Int64) async throws(StoreError)

    // MARK: Sessions

    /// Stores a new session under the digest of its token.
    func createSession(_ session: NewsroomSession) async throws(StoreError)

    /// The session with this token digest, if it exists (expired or not; the caller judges).
    func session(digest: String) async throws(StoreError) -> NewsroomSession?

    /// Records activity on a session, pushing its idle expiry forward.
    func touchSession(digest: String, at time: Date) async throws(StoreError)

    /// Ends one session; nothing happens when it is already gone.
    func deleteSession(digest: String) async throws(StoreError)

    /// Ends sessions that are idle or too old at `now`; returns how many ended.
    @discardableResult
    func deleteExpiredSessions(idleLimit: TimeInterval, absoluteLimit: TimeInterval, now: Date) async throws(StoreError)
        -> Int

    // MARK: Failed sign-ins

    /// Records one failed sign-in for an address typed into the form and the client it came from.
    func recordLoginFailure(account: String, clientAddress: String, at time: Date) async throws(StoreError)

    /// How many sign-ins failed since `time` for this account name and from this client address.
    func loginFailures(account: String, clientAddress: String, since time: Date) async throws(StoreError)
        -> LoginFailureCount

    /// Forgets the failures recorded for an account name (after it signs in).
    func clearLoginFailures(account: String) async throws(StoreError)

    // MARK: API tokens

    /// Stores a new API token for `userID`; only the SHA-256 `digest` of its secret is kept, with
    /// the secret's first characters (`prefix`) so lists can tell tokens apart.
    func createAPIToken(userID: Int64, name: String, digest: String, prefix: String, at time: Date)
        async throws(StoreError) -> APIToken

    /// The account's tokens, revoked ones included, newest first.
    func apiTokens(ofUser userID: Int64) async throws(StoreError) -> [APIToken]

    /// The live token with this digest and the account it acts for; nil when unknown or revoked.
    func apiTokenUser(digest: String) async throws(StoreError) -> (APIToken, User)?

    /// Records that the token was used at `time`.
    func touchAPIToken(id: Int64, at time: Date) async throws(StoreError)

    /// Revokes one of the account's tokens; false when the account has no such live token.
    @discardableResult
    func revokeAPIToken(id: Int64, ofUser userID: Int64) async throws(StoreError) -> Bool

    // MARK: Set-up link

    /// Stores the digest of a one-time set-up link valid until `expiresAt`.
    func createSetupToken(digest: String, expiresAt: Date) async throws(StoreError)

    /// True when this digest names an unused set-up link that is still valid at `now`.
    func isSetupTokenValid(digest: String, now: Date) async throws(StoreError) -> Bool

    // MARK: Stories in the newsroom

    /// Stores `draft` as a new story owned by `author`, recording its first revision.
    func createStory(_ draft: StoryDraft, status: StoryStatus, author: Int64) async throws(StoreError) -> Story

    /// Replaces a story's content and records the save as a revision by `author`.
    func updateStory(id: Int64, with draft: StoryDraft, author: Int64) async throws(StoreError) -> Story

    /// Saves an editor's form and, in the same transaction, applies a workflow step.
    ///
    /// The content is recorded as a revision by `author` when it differs from what is stored.
    /// When `basedOn` is given and the story's latest revision is no longer that one — someone
    /// else saved in between — nothing is written and ``StoreError/stale(latestRevision:)`` is
    /// thrown, so no save silently overwrites another. `change`, when given, then moves the story
    /// to its new status (and publication time) in the same transaction.
    func saveStory(
        id: Int64, with draft: StoryDraft, author: Int64, basedOn revision: Int?, then change: StoryStatusChange?
    ) async throws(StoreError) -> Story

    /// Every section the desk has, whatever the status of its stories, by name: the list a
    /// story's section is chosen from in the newsroom.
    func newsroomSections() async throws(StoreError) -> [Section]

    /// The account that created the story; nil for imported stories or a removed account.
    func owner(ofStory id: Int64) async throws(StoreError) -> Int64?

    /// Stories in every status matching `filter`, most recently changed first, with their owners.
    func newsroomStories(_ filter: NewsroomStoryFilter) async throws(StoreError) -> [NewsroomStoryEntry]

    /// Every revision of a story, newest first.
    func revisions(ofStory id: Int64) async throws(StoreError) -> [Revision]

    /// One revision by key.
    func revision(id: Int64) async throws(StoreError) -> Revision?

    /// Makes an old revision's content current again, as a new revision by `author`.
    func restore(revision id: Int64, author: Int64) async throws(StoreError) -> Story

    /// Adds a dated correction note to a story.
    func addCorrection(_ note: String, toStory id: Int64, author: Int64, at time: Date) async throws(StoreError)
        -> Correction

    /// A story's corrections, oldest first.
    func corrections(ofStory id: Int64) async throws(StoreError) -> [Correction]

    /// Publishes every scheduled story whose time has come, each exactly once even when several
    /// processes ask at the same moment; returns the stories this call published.
    func publishDueStories(now: Date) async throws(StoreError) -> [Story]
}

/// An account with the bcrypt hash its password is checked against.
public struct UserCredentials: Sendable, Hashable {
    /// The account.
    public var user: User
    /// The bcrypt hash of its password.
    public var passwordHash: String

    /// Makes a credentials value.
    public init(user: User, passwordHash: String) {
        self.user = user
        self.passwordHash = passwordHash
    }
}

/// A signed-in browser, known to the store only by the SHA-256 digest of its cookie token.
public struct NewsroomSession: Sendable, Hashable {
    /// Hex SHA-256 of the session token.
    public var digest: String
    /// The signed-in account.
    public var userID: Int64
    /// When the session began; it ends a fixed time after this whatever the activity.
    public var createdAt: Date
    /// The last request made with it; it ends after a fixed idle time.
    public var lastSeenAt: Date

    /// Makes a session value.
    public init(digest: String, userID: Int64, createdAt: Date, lastSeenAt: Date) {
        self.digest = digest
        self.userID = userID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}

/// Recent failed sign-ins counted two ways.
public struct LoginFailureCount: Sendable, Hashable {
    /// Failures naming the account address.
    public var account: Int
    /// Failures from the client address, whatever account they named.
    public var clientAddress: Int

    /// Makes a count.
    public init(account: Int, clientAddress: Int) {
        self.account = account
        self.clientAddress = clientAddress
    }
}

/// What the newsroom's story list shows: any status, filtered by what an editor picks.
public struct NewsroomStoryFilter: Sendable, Hashable {
    /// Only stories in this state.
    public var status: StoryStatus?
    /// Only stories in this section.
    public var section: Slug?
    /// Only stories owned by this account.
    public var owner: Int64?
    /// Only stories whose headline, byline or body contain this text (any case).
    public var text: String?
    /// At most this many (1...500).
    public var limit: Int
    /// Skip this many first.
    public var offset: Int

    /// Makes a filter; `limit` is clamped to 1...500 and `offset` to 0 or more.
    public init(
        status: StoryStatus? = nil, section: Slug? = nil, owner: Int64? = nil, text: String? = nil, limit: Int = 100,
        offset: Int = 0
    ) {
        self.status = status
        self.section = section
        self.owner = owner
        self.text = text?.trimmingWhitespace().nilIfEmpty
        self.limit = min(max(limit, 1), 500)
        self.offset = max(offset, 0)
    }
}

/// A story in the newsroom list, with the account that owns it.
public struct NewsroomStoryEntry: Sendable, Hashable {
    /// The story.
    public var story: Story
    /// Its owner's key; nil for imported stories.
    public var ownerID: Int64?
    /// Its owner's name; nil for imported stories.
    public var ownerName: String?

    /// Makes an entry.
    public init(story: Story, ownerID: Int64?, ownerName: String?) {
        self.story = story
        self.ownerID = ownerID
        self.ownerName = ownerName
    }
}
