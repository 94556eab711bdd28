import Dispatch
import HummingbirdBcrypt
import Synchronization

/// Hashes and checks passwords with bcrypt, off the server's event loops (a cost-12 hash takes
/// a noticeable fraction of a second of CPU).
public struct PasswordHasher: Sendable {
    /// The bcrypt work factor.
    public let cost: UInt8
    /// The shortest password accepted for a new account.
    public static let minimumLength = 10
    /// The longest password accepted; bcrypt reads only 72 bytes, so longer adds nothing.
    public static let maximumLength = 72

    /// Hashes no password matches, by cost, checked when the account does not exist so that an
    /// unknown address costs as much time as a wrong password. Made on first use, since every
    /// site start (and every test) builds a hasher but few ever meet an unknown address.
    private static let dummyHashes = Mutex<[UInt8: String]>([:])

    /// Makes a hasher with this work factor.
    public init(cost: UInt8) {
        self.cost = cost
    }

    private func dummyHash() -> String {
        Self.dummyHashes.withLock { hashes in
            if let known = hashes[cost] { return known }
            let made = Bcrypt.hash("dateline-no-such-account", cost: cost)
            hashes[cost] = made
            return made
        }
    }

    /// Why a proposed password is refused, or nil when it is acceptable.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "use at least \(minimumLength) characters" }
        if password.utf8.count > maximumLength { return "use at most \(maximumLength) bytes" }
        return nil
    }

    /// The bcrypt hash of `password`.
    public func hash(_ password: String) async -> String {
        let cost = self.cost
        return await Self.offLoop { Bcrypt.hash(password, cost: cost) }
    }

    /// True when `password` matches `hash`; with no hash, checks a dummy and returns false.
    public func verify(_ password: String, against hash: String?) async -> Bool {
        let matches = await Self.offLoop { Bcrypt.verify(password, hash: hash ?? dummyHash()) }
        return hash != nil && matches
    }

    private static func offLoop<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
