import Foundation
import Synchronization

/// Prints story times the way a 2008 news page did ("5:32 p.m. GMT, Fri February 15, 2008"),
/// in the site's configured zone, and as ISO 8601 for `<time datetime>`.
struct StoryClock: Sendable {
    /// The zone times are shown in.
    let timeZone: TimeZone
    /// Texts already made, by moment and form: a calendar lookup per time cost a tenth of a
    /// rendered story page, and pages print the same few moments again and again.
    private let memo = BoundedMemo<MemoKey, String>(limit: 20_000)

    /// A moment and the form it is printed in.
    private struct MemoKey: Hashable, Sendable {
        let moment: Double
        let form: UInt8
    }

    private func memoized(_ date: Date, form: UInt8, make: () -> String) -> String {
        memo.value(for: MemoKey(moment: date.timeIntervalSinceReferenceDate, form: form), make: make)
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// Time then date: "5:32 p.m. GMT, Fri February 15, 2008".
    func fullText(_ date: Date) -> String {
        memoized(date, form: 0) { "\(timeText(date)), \(dateText(date))" }
    }

    /// Time only: "5:32 p.m. GMT".
    func timeText(_ date: Date) -> String {
        memoized(date, form: 1) { makeTimeText(date) }
    }

    private func makeTimeText(_ date: Date) -> String {
        let parts = components(date)
        let hour12 = parts.hour % 12 == 0 ? 12 : parts.hour % 12
        let period = parts.hour < 12 ? "a.m." : "p.m."
        return "\(hour12):\(String(format: "%02d", parts.minute)) \(period) \(zoneName(at: date))"
    }

    /// "EST" or "EDT" where the locale data knows a short name (abbreviation(for:) would say "GMT-5").
    private func zoneName(at date: Date) -> String {
        let style: TimeZone.NameStyle = timeZone.isDaylightSavingTime(for: date) ? .shortDaylightSaving : .shortStandard
        return timeZone.localizedName(for: style, locale: Locale(identifier: "en_US"))
            ?? timeZone.abbreviation(for: date) ?? timeZone.identifier
    }

    /// Date only: "Fri February 15, 2008".
    func dateText(_ date: Date) -> String {
        memoized(date, form: 2) {
            let parts = components(date)
            return "\(Self.weekdays[parts.weekday - 1]) \(Self.months[parts.month - 1]) \(parts.day), \(parts.year)"
        }
    }

    /// Machine-readable form for the `datetime` attribute.
    func iso(_ date: Date) -> String { memoized(date, form: 3) { date.ISO8601Format() } }

    private func components(_ date: Date) -> (year: Int, month: Int, day: Int, weekday: Int, hour: Int, minute: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        return (
            parts.year ?? 1970, min(max(parts.month ?? 1, 1), 12), parts.day ?? 1, min(max(parts.weekday ?? 1, 1), 7),
            parts.hour ?? 0, parts.minute ?? 0
        )
    }
}
