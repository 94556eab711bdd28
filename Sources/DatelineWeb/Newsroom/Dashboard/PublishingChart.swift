import DatelineCore
import DatelineMarkup
import Foundation

/// Stories published per day and per section over a run of days, counted in the site's time zone,
/// and drawn as a stacked bar chart in SVG on the server (no script, no image files).
struct PublishingChart: Sendable {
    /// One day of the chart.
    struct Day: Sendable, Hashable {
        /// Midnight at the start of the day, in the site's zone.
        let start: Date
        /// "Nov 3".
        let label: String
        /// "2026-11-03".
        let iso: String
        /// Stories per series, in the order of ``series``.
        let counts: [Int]
        var total: Int { counts.reduce(0, +) }
    }

    /// A section with its own colour, or "Other sections" for the rest.
    struct Series: Sendable, Hashable {
        let name: String
        let colour: String
    }

    let days: [Day]
    let series: [Series]

    /// The most sections drawn in their own colour; the rest share one.
    static let maximumSeries = 7
    /// Colours that keep at least 3:1 contrast against white and apart from each other for common
    /// colour-vision differences (a qualitative palette).
    static let palette = ["#1f5f99", "#c0392b", "#2e7d32", "#8e44ad", "#b35900", "#00796b", "#ad1457"]
    static let otherColour = "#6b6b6b"

    /// Counts `stories` (each by its publication time) into `dayCount` days ending with the day of `now`.
    init(stories: [(publishedAt: Date, section: String)], dayCount: Int, now: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        let starts = (0..<max(dayCount, 1)).reversed().compactMap {
            calendar.date(byAdding: .day, value: -$0, to: today)
        }

        var perSection: [String: Int] = [:]
        for story in stories where story.publishedAt >= (starts.first ?? today) {
            perSection[story.section, default: 0] += 1
        }
        let ranked = perSection.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        let own = Array(ranked.prefix(ranked.count > Self.maximumSeries ? Self.maximumSeries - 1 : Self.maximumSeries))
        var series = own.enumerated().map {
            Series(name: $0.element, colour: Self.palette[$0.offset % Self.palette.count])
        }
        let hasOther = ranked.count > own.count
        if hasOther { series.append(Series(name: "Other sections", colour: Self.otherColour)) }
        let index = Dictionary(uniqueKeysWithValues: own.enumerated().map { ($0.element, $0.offset) })

        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "MMM d"
        let isoFormatter = DateFormatter()
        isoFormatter.locale = Locale(identifier: "en_US_POSIX")
        isoFormatter.timeZone = timeZone
        isoFormatter.dateFormat = "yyyy-MM-dd"

        var counts = Array(repeating: Array(repeating: 0, count: series.count), count: starts.count)
        for story in stories {
            let day = calendar.startOfDay(for: story.publishedAt)
            guard let position = starts.firstIndex(of: day) else { continue }
            let column = index[story.section] ?? (hasOther ? series.count - 1 : 0)
            if !series.isEmpty { counts[position][column] += 1 }
        }
        days = starts.enumerated().map { offset, start in
            Day(
                start: start, label: formatter.string(from: start), iso: isoFormatter.string(from: start),
                counts: counts[offset])
        }
        self.series = series
    }

    var total: Int { days.reduce(0) { $0 + $1.total } }

    /// One sentence for screen readers and the SVG's description.
    var summary: String {
        guard total > 0, let busiest = days.max(by: { ($0.total, $1.start) < ($1.total, $0.start) }) else {
            return "No stories were published in the last \(days.count) days."
        }
        let sections = series.map(\.name).joined(separator: ", ")
        return "\(total) \(total == 1 ? "story" : "stories") published in the last \(days.count) days; "
            + "the busiest day was \(busiest.label) with \(busiest.total). Sections: \(sections)."
    }

    /// The chart as an SVG element. Every text is escaped; nothing a writer typed reaches it unescaped.
    func svg(width: Int = 720, height: Int = 260) -> String {
        let left = 40.0
        let right = 10.0
        let top = 12.0
        let bottom = 34.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let peak = max(days.map(\.total).max() ?? 0, 1)
        let scaleTop = Self.niceCeiling(peak)
        let slot = plotWidth / Double(max(days.count, 1))
        let barWidth = max(slot * 0.72, 1)

        var parts: [String] = []
        parts.append(
            "<svg class=\"publishing-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" "
                + "role=\"img\" aria-labelledby=\"chart-title chart-desc\">")
        parts.append("<title id=\"chart-title\">Stories published per day and section, last \(days.count) days</title>")
        parts.append("<desc id=\"chart-desc\">\(Self.escape(summary))</desc>")
        // Grid lines and y-axis labels at 0, half and the top of the scale.
        for fraction in [0.0, 0.5, 1.0] {
            let value = Int((Double(scaleTop) * fraction).rounded())
            let y = top + plotHeight - plotHeight * fraction
            parts.append(
                "<line x1=\"\(Self.fmt(left))\" x2=\"\(Self.fmt(left + plotWidth))\" y1=\"\(Self.fmt(y))\" y2=\"\(Self.fmt(y))\" "
                    + "stroke=\"#d0d0d0\" stroke-width=\"1\"/>")
            parts.append(
                "<text x=\"\(Self.fmt(left - 6))\" y=\"\(Self.fmt(y + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#333\">\(value)</text>"
            )
        }
        for (position, day) in days.enumerated() {
            let x = left + Double(position) * slot + (slot - barWidth) / 2
            var y = top + plotHeight
            for (column, count) in day.counts.enumerated() where count > 0 {
                let barHeight = plotHeight * Double(count) / Double(scaleTop)
                y -= barHeight
                let name = series[column].name
                parts.append(
                    "<rect x=\"\(Self.fmt(x))\" y=\"\(Self.fmt(y))\" width=\"\(Self.fmt(barWidth))\" height=\"\(Self.fmt(barHeight))\" "
                        + "fill=\"\(series[column].colour)\"><title>\(Self.escape("\(day.label), \(name): \(count)"))</title></rect>"
                )
            }
            // Every fifth day and the last one are labelled, so labels never collide.
            if position % 5 == 0 || position == days.count - 1 {
                parts.append(
                    "<text x=\"\(Self.fmt(x + barWidth / 2))\" y=\"\(Self.fmt(top + plotHeight + 16))\" text-anchor=\"middle\" "
                        + "font-size=\"11\" fill=\"#333\">\(Self.escape(day.label))</text>")
            }
        }
        parts.append(
            "<line x1=\"\(Self.fmt(left))\" x2=\"\(Self.fmt(left + plotWidth))\" y1=\"\(Self.fmt(top + plotHeight))\" "
                + "y2=\"\(Self.fmt(top + plotHeight))\" stroke=\"#333\" stroke-width=\"1\"/>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// 1, 2, 5, 10, 20, 50… at or above `value`, so the scale reads in round numbers.
    static func niceCeiling(_ value: Int) -> Int {
        var magnitude = 1
        while true {
            for step in [1, 2, 5] where step * magnitude >= value { return step * magnitude }
            magnitude *= 10
        }
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
