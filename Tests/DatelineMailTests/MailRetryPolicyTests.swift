import Foundation
import Testing

@testable import DatelineMail

@Suite struct MailRetryPolicyTests {
    @Test func backsOffExponentiallyUpToTheMaximum() {
        let policy = MailRetryPolicy(initialDelay: .seconds(30), multiplier: 2, maximumDelay: .seconds(300))
        #expect(policy.delay(afterAttempts: 1) == .seconds(30))
        #expect(policy.delay(afterAttempts: 2) == .seconds(60))
        #expect(policy.delay(afterAttempts: 3) == .seconds(120))
        #expect(policy.delay(afterAttempts: 4) == .seconds(240))
        #expect(policy.delay(afterAttempts: 5) == .seconds(300))
        #expect(policy.delay(afterAttempts: 500) == .seconds(300))
    }

    @Test func clampsNonsenseSettings() {
        let policy = MailRetryPolicy(multiplier: 0.1, batchSize: 0)
        #expect(policy.multiplier == 1)
        #expect(policy.batchSize == 1)
        #expect(policy.delay(afterAttempts: 0) == policy.initialDelay)
    }
}
