import Foundation

/// Sliding-window limits on how much mail one sender, one recipient and one client may cause, so
/// that a mail form cannot be turned into a spam relay.
///
/// Each send counts once against every key it touches: its sender address, each recipient address,
/// and the client's IP address. ``acquire(sender:recipients:clientIP:)`` checks all of them first
/// and records the send only if every key is under its limit, so a refused request uses up nothing.
/// Addresses are compared without case and without a `+tag`, and IPv6 clients are grouped by their
/// /64 network, because both are free for a sender to vary. The clock is injected, so tests move
/// time instead of sleeping.
public actor SendRateLimiter {
    /// The limits per window.
    public struct Limits: Sendable, Hashable {
        /// Sends per window from one sender address.
        public var perSender: Int
        /// Sends per window to one recipient address.
        public var perRecipient: Int
        /// Sends per window from one client (IP address, or IPv6 /64).
        public var perClientIP: Int
        /// The window's length; an hour unless set.
        public var window: Duration

        /// Limits per window; the default window is one hour.
        public init(perSender: Int, perRecipient: Int, perClientIP: Int, window: Duration = .seconds(3600)) {
            self.perSender = perSender
            self.perRecipient = perRecipient
            self.perClientIP = perClientIP
            self.window = window
        }
    }

    /// What a limit is counted against.
    public enum Key: Sendable, Hashable, CustomStringConvertible {
        /// A sender address (normalised).
        case sender(String)
        /// A recipient address (normalised).
        case recipient(String)
        /// A client IP address (IPv6 reduced to its /64 prefix).
        case clientIP(String)

        /// The key for a sender address.
        public static func sender(_ address: EmailAddress) -> Key { .sender(normalized(address)) }
        /// The key for a recipient address.
        public static func recipient(_ address: EmailAddress) -> Key { .recipient(normalized(address)) }
        /// The key for a client address as the web server reports it.
        public static func client(_ ip: String) -> Key { .clientIP(normalizedIP(ip)) }

        /// A readable description for logs and error messages.
        public var description: String {
            switch self {
            case .sender(let value): return "sender \(value)"
            case .recipient(let value): return "recipient \(value)"
            case .clientIP(let value): return "client \(value)"
            }
        }
    }

    /// The answer to a request to send.
    public enum Decision: Sendable, Equatable {
        /// Within every limit; the send has been counted.
        case allowed
        /// Over the limit for `key`; nothing was counted. The earliest a retry can succeed is `retryAfter` from now.
        case limited(key: Key, retryAfter: Duration)

        /// Whether the send may go ahead.
        public var isAllowed: Bool { self == .allowed }
    }

    /// The limits in force.
    public let limits: Limits
    private let now: @Sendable () -> Date
    private var sends: [Key: [Date]] = [:]
    private var callsSinceSweep = 0

    /// A limiter with `limits`, reading the time from `now`.
    public init(limits: Limits, now: @escaping @Sendable () -> Date = { Date() }) {
        self.limits = limits
        self.now = now
    }

    /// Checks one send from `sender` to `recipients` by the client at `clientIP` against every limit,
    /// and counts it if all allow it.
    public func acquire(sender: EmailAddress, recipients: [EmailAddress], clientIP: String?) -> Decision {
        var keys: [Key] = [.sender(sender)]
        keys += recipients.map { .recipient($0) }
        if let clientIP, !clientIP.isEmpty { keys.append(.client(clientIP)) }
        return acquire(keys)
    }

    /// Checks one send against the limits of `keys` (duplicates count once) and counts it if all allow it.
    public func acquire(_ keys: [Key]) -> Decision {
        let time = now()
        sweepIfDue(at: time)
        var unique: [Key] = []
        for key in keys where !unique.contains(key) { unique.append(key) }
        var worst: (key: Key, retryAfter: TimeInterval)?
        for key in unique {
            let recent = prune(key, at: time)
            let limit = self.limit(for: key)
            if recent.count >= limit {
                // The send frees a slot once the oldest send still counted leaves the window.
                let index = recent.count - limit
                let retryAfter =
                    recent.isEmpty ? window : recent[index].addingTimeInterval(window).timeIntervalSince(time)
                if worst == nil || retryAfter > (worst?.retryAfter ?? 0) { worst = (key, max(0, retryAfter)) }
            }
        }
        if let worst {
            return .limited(key: worst.key, retryAfter: .milliseconds(Int64((worst.retryAfter * 1000).rounded(.up))))
        }
        for key in unique { sends[key, default: []].append(time) }
        return .allowed
    }

    /// How many more sends `key` may have in the current window.
    public func remaining(for key: Key) -> Int {
        max(0, limit(for: key) - prune(key, at: now()).count)
    }

    private var window: TimeInterval { limits.window.seconds }

    private func limit(for key: Key) -> Int {
        switch key {
        case .sender: return limits.perSender
        case .recipient: return limits.perRecipient
        case .clientIP: return limits.perClientIP
        }
    }

    /// Drops sends that have left the window and returns those still in it, oldest first.
    private func prune(_ key: Key, at time: Date) -> [Date] {
        guard let times = sends[key] else { return [] }
        let cutoff = time.addingTimeInterval(-window)
        let recent = times.filter { $0 > cutoff }
        sends[key] = recent.isEmpty ? nil : recent
        return recent
    }

    /// Forgets keys with no recent sends now and then, so memory stays bounded by recent traffic.
    private func sweepIfDue(at time: Date) {
        callsSinceSweep += 1
        guard callsSinceSweep >= 1000 else { return }
        callsSinceSweep = 0
        for key in Array(sends.keys) { _ = prune(key, at: time) }
    }

    /// An address lowercased with any `+tag` removed from the local part.
    static func normalized(_ address: EmailAddress) -> String {
        var local = address.localPart.lowercased()
        if let plus = local.firstIndex(of: "+"), plus != local.startIndex { local = String(local[..<plus]) }
        return local + "@" + address.domain
    }

    /// An IPv4 address as given; an IPv6 address expanded and cut to its /64 network; an IPv4-mapped
    /// IPv6 address as its IPv4 address.
    static func normalizedIP(_ text: String) -> String {
        var ip = text.trimmingSpaces().lowercased()
        if ip.hasPrefix("[") && ip.hasSuffix("]") { ip = String(ip.dropFirst().dropLast()) }
        if let zone = ip.firstIndex(of: "%") { ip = String(ip[..<zone]) }
        guard ip.contains(":"), let groups = expandIPv6(ip) else { return ip }
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            return "\(groups[6] >> 8).\(groups[6] & 0xFF).\(groups[7] >> 8).\(groups[7] & 0xFF)"
        }
        return groups[0..<4].map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
    }

    /// The eight 16-bit groups of an IPv6 address, nil when it does not parse.
    static func expandIPv6(_ text: String) -> [UInt16]? {
        var text = text
        var tail: [UInt16] = []
        // An embedded IPv4 address (::ffff:192.0.2.1) stands for the last two groups.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            let octets = text[text.index(after: lastColon)...].split(separator: ".", omittingEmptySubsequences: false)
                .map { UInt8($0) }
            guard octets.count == 4, let a = octets[0], let b = octets[1], let c = octets[2], let d = octets[3] else {
                return nil
            }
            tail = [UInt16(a) << 8 | UInt16(b), UInt16(c) << 8 | UInt16(d)]
            var prefix = String(text[...lastColon])
            if !prefix.hasSuffix("::") { prefix.removeLast() }
            text = prefix
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parse(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var groups: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                groups.append(value)
            }
            return groups
        }
        guard let head = parse(halves[0]), let rest = halves.count == 2 ? parse(halves[1]) : [] else { return nil }
        let explicit = head.count + rest.count + tail.count
        if halves.count == 2 {
            guard explicit < 8 else { return nil }
            return head + Array(repeating: 0, count: 8 - explicit) + rest + tail
        }
        return explicit == 8 ? head + tail : nil
    }
}
