import Foundation
import Testing

@testable import DatelineWeb

@Suite("Story times")
struct StoryClockTests {
    @Test("times print in newsroom style in the configured zone")
    func newsroomStyle() throws {
        let utc = StoryClock(timeZone: try #require(TimeZone(identifier: "UTC")))
        let evening = Fixtures.noon.addingTimeInterval(5 * 3600 + 32 * 60)
        #expect(utc.fullText(evening) == "5:32 p.m. GMT, Fri February 15, 2008")
        #expect(utc.fullText(Fixtures.hoursBefore(12)) == "12:00 a.m. GMT, Fri February 15, 2008")
        #expect(utc.dateText(Fixtures.noon) == "Fri February 15, 2008")
        #expect(utc.iso(Fixtures.noon) == "2008-02-15T12:00:00Z")

        let eastern = StoryClock(timeZone: try #require(TimeZone(identifier: "America/New_York")))
        #expect(eastern.fullText(Fixtures.noon) == "7:00 a.m. EST, Fri February 15, 2008")
        let summer = Fixtures.noon.addingTimeInterval(150 * 24 * 3600)
        #expect(eastern.fullText(summer) == "8:00 a.m. EDT, Mon July 14, 2008")
    }
}
