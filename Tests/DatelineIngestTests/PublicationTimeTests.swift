import Foundation
import Testing

@testable import DatelineIngest

@Suite("Publication time")
struct PublicationTimeTests {
    @Test(arguments: [
        ("Posted: Wednesday Jan 9, 2008 10:23 PM", "2008-01-10T03:23:00Z"),
        ("updated 4:51 p.m. EST, Thu February 14, 2008", "2008-02-14T21:51:00Z"),
        ("updated 9:05 a.m. EDT, Tue July 1, 2008", "2008-07-01T13:05:00Z"),
        ("Posted: Tuesday Jul 1, 2008 9:05 AM", "2008-07-01T13:05:00Z"),
        ("updated 12:30 a.m. GMT, Sat March 1, 2008", "2008-03-01T00:30:00Z"),
        ("Updated 2010 GMT (0410 HKT) March 14, 2021", "2021-03-14T20:10:00Z"),
        ("Published: 14 February 2008 16:51 GMT", "2008-02-14T16:51:00Z"),
        ("Posted: Sept. 3, 2008", "2008-09-03T04:00:00Z"),
    ])
    func readsTimeLines(line: String, iso: String) throws {
        let expected = try #require(ISO8601DateFormatter().date(from: iso))
        #expect(PublicationTime.date(in: line) == expected)
        #expect(PublicationTime.isTimeLine(line))
    }

    @Test(arguments: [
        "Posted: yesterday afternoon",
        "Updated figures for 2007 show a rise in February",
        "The vote was posted on Jan 9, 2008 at 10:23 PM",
        "Posted: February 30, 2008 10:00 AM",
        "Posted: Jan 9, 2008 13:10 PM",
    ])
    func ignoresOtherLines(line: String) {
        #expect(PublicationTime.date(in: line) == nil)
    }

    @Test func monthNames() {
        #expect(PublicationTime.month("Jan") == 1)
        #expect(PublicationTime.month("February") == 2)
        #expect(PublicationTime.month("Sept") == 9)
        #expect(PublicationTime.month("Dec.") == 12)
        #expect(PublicationTime.month("Monday") == nil)
        #expect(PublicationTime.month("Ma") == nil)
    }
}
