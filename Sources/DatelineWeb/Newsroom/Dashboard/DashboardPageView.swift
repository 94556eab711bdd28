import DatelineCore
import DatelineStore
import Foundation

/// The newsroom dashboard's view model.
struct DashboardPageView: NewsroomView {
    static let template = NewsroomTemplate.dashboard

    struct LegendEntry: Sendable {
        let name: String
        let colour: String
    }

    struct TableRow: Sendable {
        let label: String
        let iso: String
        let counts: [String]
        let total: Int
    }

    struct StoryRow: Sendable {
        let editURL: String
        let headline: String
        let sectionName: String
        let ownerName: String
        let time: TimeView?
    }

    let header: NewsroomHeader
    /// The chart's SVG, built and escaped by ``PublishingChart``.
    let chartSVG: String
    let summary: String
    let truncated: Bool
    let legend: [LegendEntry]
    let seriesNames: [String]
    let tableRows: [TableRow]
    let waiting: [StoryRow]
    let hasWaiting: Bool
    let scheduled: [StoryRow]
    let hasScheduled: Bool

    init(
        header: NewsroomHeader, chart: PublishingChart, truncated: Bool, waiting: [NewsroomStoryEntry],
        scheduled: [NewsroomStoryEntry], clock: StoryClock
    ) {
        self.header = header
        chartSVG = chart.svg()
        summary = chart.summary
        self.truncated = truncated
        legend = chart.series.map { LegendEntry(name: $0.name, colour: $0.colour) }
        seriesNames = chart.series.map(\.name)
        tableRows = chart.days.reversed().map {
            TableRow(label: $0.label, iso: $0.iso, counts: $0.counts.map(String.init), total: $0.total)
        }
        func row(_ entry: NewsroomStoryEntry, time: Date?) -> StoryRow {
            StoryRow(
                editURL: NewsroomPaths.story(entry.story.id), headline: entry.story.headline,
                sectionName: entry.story.section.name, ownerName: entry.ownerName ?? "—",
                time: time.map { TimeView($0, clock: clock) })
        }
        self.waiting = waiting.map { row($0, time: $0.story.updatedAt) }
        hasWaiting = !waiting.isEmpty
        self.scheduled = scheduled.map { row($0, time: $0.story.publishedAt) }
        hasScheduled = !scheduled.isEmpty
    }
}
