import Foundation
import Testing

@testable import DatelineMail

@Suite struct MailDateTests {
    @Test func formatsAsRFC5322InUTC() {
        #expect(MailDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        // 2024-02-29 09:05:07 UTC, a Thursday in a leap year.
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_709_197_507)) == "Thu, 29 Feb 2024 09:05:07 +0000")
    }
}
