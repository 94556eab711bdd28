import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom dashboard")
struct DashboardTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// Noon on 20 November 2026, UTC.
    static let now = Date(timeIntervalSince1970: 1_795_176_000)

    @Test("stories are counted per day in the site's zone and per section, with the rest as Other sections")
    func counting() {
        let day: TimeInterval = 86_400
        var stories: [(publishedAt: Date, section: String)] = []
        // Eight sections, so the smallest falls into "Other sections".
        for (index, section) in ["World", "US", "Politics", "Business", "Tech", "Health", "Sport", "Travel"]
            .enumerated()
        {
            for copy in 0...(8 - index) {
                stories.append((Self.now.addingTimeInterval(-Double(copy) * 3_600), section))
            }
        }
        stories.append((Self.now.addingTimeInterval(-2 * day), "World"))
        stories.append((Self.now.addingTimeInterval(-40 * day), "World"))  // outside the 30 days
        let chart = PublishingChart(stories: stories, dayCount: 30, now: Self.now, timeZone: Self.utc)
        #expect(chart.days.count == 30)
        #expect(chart.series.count == 7)
        #expect(chart.series.first?.name == "World")
        #expect(chart.series.last?.name == "Other sections")
        #expect(chart.days.last?.iso == "2026-11-20")
        #expect(chart.days[27].total == 1, "two days ago")
        #expect(chart.total == stories.count - 1)
        #expect(chart.days.last?.counts.last == 3 + 2, "Sport (3) and Travel (2) share Other sections")
        #expect(chart.summary.contains("\(stories.count - 1) stories published in the last 30 days"))

        // The same instant is a different day further east.
        let tokyo = PublishingChart(
            stories: [(Self.now.addingTimeInterval(12 * 3_600), "World")], dayCount: 3,
            now: Self.now.addingTimeInterval(12 * 3_600), timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(tokyo.days.last?.iso == "2026-11-21")
        #expect(tokyo.days.last?.total == 1)
    }

    @Test("the SVG has one bar segment per day and section with a count, and escapes section names")
    func svg() {
        let stories: [(publishedAt: Date, section: String)] = [
            (Self.now, "<script>alert(1)</script>"), (Self.now, "World"),
            (Self.now.addingTimeInterval(-86_400), "World"),
        ]
        let chart = PublishingChart(stories: stories, dayCount: 30, now: Self.now, timeZone: Self.utc)
        let svg = chart.svg()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 3)
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(svg.contains("role=\"img\""))
        #expect(PublishingChart.niceCeiling(7) == 10)
        #expect(PublishingChart.niceCeiling(11) == 20)
        #expect(PublishingChart.niceCeiling(1) == 1)
    }

    @Test("the page shows the chart, the drafts waiting for review and the next scheduled stories in time order")
    func page() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        let now = newsroom.clock.now
        for hours in [1.0, 30, 50] {
            let story = try await newsroom.store.createStory(
                StoryDraft(headline: "Published \(Int(hours))h ago", section: "World", body: ["Text."]),
                status: .draft, author: writer.id)
            _ = try await newsroom.store.setStatus(
                id: story.id, to: .published, publishedAt: now.addingTimeInterval(-hours * 3_600))
        }
        let waiting = try await newsroom.store.createStory(
            StoryDraft(headline: "Waiting <b>story</b>", section: "World", body: ["Text."]), status: .submitted,
            author: writer.id)
        for (headline, hours) in [("Later story", 48.0), ("Sooner story", 2.0)] {
            let story = try await newsroom.store.createStory(
                StoryDraft(headline: headline, section: "World", body: ["Text."]), status: .draft, author: editor.id)
            _ = try await newsroom.store.setStatus(
                id: story.id, to: .scheduled, publishedAt: now.addingTimeInterval(hours * 3_600))
        }
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let page = try await browser.get("/newsroom/dashboard")
            #expect(page.status == .ok)
            #expect(page.html.contains("<svg class=\"publishing-chart\""))
            #expect(page.html.contains("3 stories published in the last 30 days"))
            #expect(page.html.contains("href=\"/newsroom/stories/\(waiting.id)\""))
            #expect(page.html.contains("Waiting &lt;b&gt;story&lt;/b&gt;"))
            let sooner = try #require(page.html.range(of: "Sooner story"))
            let later = try #require(page.html.range(of: "Later story"))
            #expect(sooner.lowerBound < later.lowerBound)
            #expect(page.html.contains("aria-current=\"page\">Dashboard"))
        }
        try await newsroom.withBrowser { browser in
            // A writer sees only their own work waiting and scheduled.
            try await browser.signIn(writer.email)
            let page = try await browser.get("/newsroom/dashboard")
            #expect(page.html.contains("Waiting &lt;b&gt;story&lt;/b&gt;"))
            #expect(!page.html.contains("Sooner story"))
        }
    }
}
