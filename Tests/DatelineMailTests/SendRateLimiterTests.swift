import Foundation
import Testing

@testable import DatelineMail

@Suite struct SendRateLimiterTests {
    let sender: EmailAddress
    let friends: [EmailAddress]

    init() throws {
        sender = try EmailAddress("reader@example.com")
        friends = try ["a@example.org", "b@example.org", "c@example.org"].map(EmailAddress.init)
    }

    @Test func limitsASenderPerWindowAndSlides() async throws {
        let clock = ManualClock()
        let limiter = SendRateLimiter(
            limits: .init(perSender: 3, perRecipient: 100, perClientIP: 100), now: clock.reading)
        for n in 0..<3 {
            #expect(await limiter.acquire(sender: sender, recipients: [friends[n % 3]], clientIP: nil) == .allowed)
            clock.advance(by: 600)
        }
        // 30 minutes in: the fourth send in the hour is refused until the first leaves the window.
        let refused = await limiter.acquire(sender: sender, recipients: [friends[0]], clientIP: nil)
        #expect(refused == .limited(key: .sender(sender), retryAfter: .seconds(1800)))
        clock.advance(by: 1799)
        #expect(!(await limiter.acquire(sender: sender, recipients: [friends[0]], clientIP: nil).isAllowed))
        clock.advance(by: 1)
        #expect(await limiter.acquire(sender: sender, recipients: [friends[0]], clientIP: nil).isAllowed)
        #expect(await limiter.remaining(for: .sender(sender)) == 0)
    }

    @Test func limitsARecipientWhoeverSends() async throws {
        let clock = ManualClock()
        let limiter = SendRateLimiter(
            limits: .init(perSender: 100, perRecipient: 2, perClientIP: 100), now: clock.reading)
        let others = try (1...3).map { try EmailAddress("sender\($0)@example.com") }
        #expect(await limiter.acquire(sender: others[0], recipients: [friends[0]], clientIP: "192.0.2.1").isAllowed)
        #expect(await limiter.acquire(sender: others[1], recipients: [friends[0]], clientIP: "192.0.2.2").isAllowed)
        let third = await limiter.acquire(sender: others[2], recipients: [friends[0]], clientIP: "192.0.2.3")
        #expect(third == .limited(key: .recipient(friends[0]), retryAfter: .seconds(3600)))
        #expect(await limiter.acquire(sender: others[2], recipients: [friends[1]], clientIP: "192.0.2.3").isAllowed)
    }

    @Test func aRefusedSendUsesUpNothing() async throws {
        let clock = ManualClock()
        let limiter = SendRateLimiter(
            limits: .init(perSender: 10, perRecipient: 1, perClientIP: 10), now: clock.reading)
        #expect(await limiter.acquire(sender: sender, recipients: [friends[0]], clientIP: "192.0.2.1").isAllowed)
        // friends[0] is full, so the whole send is refused and friends[1] keeps its allowance.
        #expect(
            !(await limiter.acquire(sender: sender, recipients: [friends[1], friends[0]], clientIP: "192.0.2.1")
                .isAllowed))
        #expect(await limiter.remaining(for: .recipient(friends[1])) == 1)
        #expect(await limiter.remaining(for: .sender(sender)) == 9)
        #expect(await limiter.remaining(for: .client("192.0.2.1")) == 9)
    }

    @Test func limitsAClientAddress() async throws {
        let clock = ManualClock()
        let limiter = SendRateLimiter(
            limits: .init(perSender: 100, perRecipient: 100, perClientIP: 2), now: clock.reading)
        let senders = try (1...3).map { try EmailAddress("s\($0)@example.com") }
        #expect(await limiter.acquire(sender: senders[0], recipients: [friends[0]], clientIP: "198.51.100.7").isAllowed)
        #expect(await limiter.acquire(sender: senders[1], recipients: [friends[1]], clientIP: "198.51.100.7").isAllowed)
        #expect(
            !(await limiter.acquire(sender: senders[2], recipients: [friends[2]], clientIP: "198.51.100.7").isAllowed))
        #expect(await limiter.acquire(sender: senders[2], recipients: [friends[2]], clientIP: "198.51.100.8").isAllowed)
    }

    @Test func seesThroughCaseTagsAndIPv6Hosts() async throws {
        let clock = ManualClock()
        let limiter = SendRateLimiter(limits: .init(perSender: 1, perRecipient: 1, perClientIP: 1), now: clock.reading)
        #expect(await limiter.acquire(sender: sender, recipients: [friends[0]], clientIP: "2001:db8:1:2::1").isAllowed)
        let variant = try EmailAddress("Reader+again@EXAMPLE.com")
        let decision = await limiter.acquire(
            sender: variant, recipients: [try EmailAddress("A+x@example.org")], clientIP: nil)
        #expect(!decision.isAllowed)
        // Another address in the same /64 counts as the same client.
        let other = await limiter.acquire(
            sender: try EmailAddress("x@example.com"), recipients: [try EmailAddress("y@example.org")],
            clientIP: "2001:0db8:0001:0002:ffff:ffff:ffff:ffff")
        #expect(other == .limited(key: .clientIP("2001:db8:1:2::/64"), retryAfter: .seconds(3600)))
    }

    @Test func normalisesClientAddresses() {
        #expect(SendRateLimiter.normalizedIP("192.0.2.1") == "192.0.2.1")
        #expect(SendRateLimiter.normalizedIP("::ffff:192.0.2.1") == "192.0.2.1")
        #expect(SendRateLimiter.normalizedIP("[2001:DB8::1]") == "2001:db8:0:0::/64")
        #expect(SendRateLimiter.normalizedIP("fe80::1%eth0") == "fe80:0:0:0::/64")
        #expect(SendRateLimiter.expandIPv6("1:2:3:4:5:6:7:8") == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(SendRateLimiter.expandIPv6("::") == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(SendRateLimiter.expandIPv6("1::2::3") == nil)
        #expect(SendRateLimiter.expandIPv6("12345::") == nil)
        #expect(SendRateLimiter.expandIPv6("1:2:3:4:5:6:7:8:9") == nil)
    }

    @Test func duplicateRecipientsCountOnce() async throws {
        let limiter = SendRateLimiter(
            limits: .init(perSender: 10, perRecipient: 1, perClientIP: 10), now: ManualClock().reading)
        #expect(await limiter.acquire(sender: sender, recipients: [friends[0], friends[0]], clientIP: nil).isAllowed)
    }
}
